"""Tables in docs/ written from the code, for the cog blocks of docs/*.md.

`make docs` rewrites them; dihub/tests/test_docs.py fails when one is stale. In a page:

    <!-- [[[cog import doctables; cog.out(doctables.commands()) ]]] -->
    <!-- [[[end]]] -->
    <!-- [[[cog import doctables; cog.out(doctables.query_parameters("GET /api/hubs")) ]]] -->
    <!-- [[[end]]] -->
"""

import argparse
import os

import django


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dihub.settings")
    django.setup()


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header, rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# -- the `dihub` commands ------------------------------------------------------------------


def _arguments(parser, common) -> str:
    """The command's own arguments, without the options every Django command has."""
    shown = []
    for action in parser._actions:
        if action.dest in common or action.dest == "help":
            continue
        if isinstance(action, argparse._SubParsersAction):
            shown.append("{" + ",".join(action.choices) + "} ...")
        elif action.option_strings:
            shown.append(max(action.option_strings, key=len))
        else:
            shown.append(action.metavar or action.dest.upper())
    return " ".join(f"`{a}`" for a in shown)


def commands() -> str:
    """dihub's own management commands (name, arguments, the command's help text), then
    the names of Django's commands that `dihub` runs too."""
    _setup()
    from django.core.management import BaseCommand, get_commands, load_command_class

    common = {a.dest for a in BaseCommand().create_parser("dihub", "x")._actions}
    ours, django_own = [], []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("dihub"):
            django_own.append(name)
            continue
        command = load_command_class(app, name)
        parser = command.create_parser("dihub", name)
        ours.append((f"`dihub {name}`", _arguments(parser, common), command.help))
    return (_table(["command", "arguments", "what it does"], ours) + "\n"
            + "Django's commands, and those of its libraries, run the same way "
            + "(`dihub migrate`, `dihub COMMAND --help`): "
            + ", ".join(f"`{n}`" for n in django_own) + ".\n")


# -- the API's query parameters ------------------------------------------------------------


SHORT_PATTERN = 40  # a longer regular expression is left to the parameter's meaning


def _schema_text(schema) -> str:
    """A parameter's type and limits, read from its JSON schema."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    schema = options[0] if len(options) == 1 else schema
    from dihub import params  # after django.setup()

    schema = params.unblank(schema)
    if schema.get("type") == "array":
        text = "repeatable " + _schema_text(schema.get("items", {}))
        if "maxItems" in schema:
            text += f", at most {schema['maxItems']}"
        return text
    if "enum" in schema:
        text = " or ".join(f"`{v}`" for v in schema["enum"])
    else:
        text = schema.get("type", "any")
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            text += f" {low}-{high}"
        elif low is not None:
            text += f" from {low}"
        elif high is not None:
            text += f" up to {high}"
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        if high is not None:
            text += f", {high} characters" if low == high else f", up to {high} characters"
        if len(schema.get("pattern", "")) <= SHORT_PATTERN:
            text += f", matching `{schema['pattern']}`" if "pattern" in schema else ""
    if schema.get("default") not in (None, ""):
        text += f"; default `{schema['default']}`"
    return text


def query_parameters(*operations) -> str:
    """One table of the query parameters of these operations ("GET /api/hubs"), as the
    OpenAPI document describes them: whichever module declares them, the table follows."""
    _setup()
    from dihub.api import api

    paths = api.get_openapi_schema()["paths"]
    rows, seen = [], {}
    for operation in operations:
        method, path = operation.split()
        for param in paths[path][method.lower()].get("parameters", []):
            if param["in"] != "query":
                continue
            row = (f"`{param['name']}`", _schema_text(param["schema"]),
                   param.get("description") or param["schema"].get("description", ""))
            if seen.setdefault(param["name"], row) != row:
                raise ValueError(f"{param['name']} differs between {', '.join(operations)}")
            if row not in rows:
                rows.append(row)
    if not rows:
        raise ValueError(f"no query parameters in {', '.join(operations)}")
    return _table(["parameter", "type", "meaning"], rows)
