"""Questionnaires as data: read and check the YAML definitions. No Django.

One file per questionnaire and version, `questionnaires/<key>-v<version>.yaml`. A file,
once published, never changes: a new version is a new file, so that an assessment stored
as (key, version) is read against the definition it was answered with.

    get("sme")          the current (highest) version of a questionnaire
    get("sme", 1)       that version, whatever versions are added later
    available()         every questionnaire: key, current version, title, versions

A file that breaks a rule (a duplicate key, an unknown question type, a field the format
does not know, a column used twice...) raises DefinitionError naming the file and where.
Definitions are read once per folder and kept (functools.cache).
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent / "questionnaires"

SCORED_TYPES = ("checkbox", "matrix", "scale", "ternary")
PROFILE_TYPES = ("text", "choice")
QUESTION_TYPES = SCORED_TYPES + PROFILE_TYPES
SCALE_TOP = 5  # a scale item is answered 0..5
TERNARY = ("no", "partially", "yes")  # worth 0, 1 and 2 half-points (0, 0.5, 1)
DIMENSION_RULES = ("sum", "pooled")
DEFAULT_CELLS = ("invested", "planned")
DEFAULT_SCALE_LABELS = ("0", "1", "2", "3", "4", "5")

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE = re.compile(r"^(?P<key>[a-z][a-z0-9_]*)-v(?P<version>[1-9][0-9]*)\.yaml$")


class DefinitionError(ValueError):
    """A questionnaire file that breaks the format: the message names the file and where."""


class UnknownQuestionnaire(LookupError):
    """No such questionnaire, or no such version of it; str() is a message for a person."""


@dataclass(frozen=True)
class Item:
    """A line of a checkbox, matrix (an area), scale or ternary question."""

    key: str
    label: str
    column: str
    exclusive: bool = False  # checkbox: cannot be ticked with another item; scores 0
    negative: bool = False  # checkbox: "none"/"not at all"; scores 0, not in the denominator

    @property
    def scoring(self) -> bool:
        """Whether ticking it (checkbox) earns a point."""
        return not (self.exclusive or self.negative)


@dataclass(frozen=True)
class Option:
    """A choice of a `choice` question (profile)."""

    key: str
    label: str


@dataclass(frozen=True, eq=False)
class Question:
    key: str
    type: str
    text: str
    module: str
    column: str = ""  # text and choice questions: the column of the answer
    dimension: str | None = None  # scored questions only
    help: str = ""
    items: tuple[Item, ...] = ()
    cells: tuple[str, ...] = ()  # matrix: the ticks of each area
    labels: tuple[str, ...] = ()  # scale: the meaning of 0..5
    options: tuple[Option, ...] = ()  # choice
    required: bool = False  # profile: a later phase asks for it before saving
    max_length: int | None = None  # text
    pattern: str | None = None  # text: a regular expression the whole answer must match
    _items: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._items.update((i.key, i) for i in self.items)

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES

    def item(self, key) -> Item | None:
        return self._items.get(key) if isinstance(key, str) else None

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    @property
    def max_points(self) -> int:
        """The points of a question answered at the top: a tick, a cell, a scale step
        (0..5) or a half-point (no/partially/yes = 0/1/2) each count one."""
        if self.type == "checkbox":
            return sum(1 for i in self.items if i.scoring)
        if self.type == "matrix":
            return len(self.items) * len(self.cells)
        if self.type == "scale":
            return len(self.items) * SCALE_TOP
        if self.type == "ternary":
            return len(self.items) * (len(TERNARY) - 1)
        return 0

    def columns(self) -> tuple[str, ...]:
        """The data columns of the question, in order (a matrix: item column + _ + cell)."""
        if self.type == "matrix":
            return tuple(f"{i.column}_{c}" for i in self.items for c in self.cells)
        if self.items:
            return tuple(i.column for i in self.items)
        return (self.column,) if self.column else ()


@dataclass(frozen=True)
class Dimension:
    key: str
    name: str
    rule: str  # "sum": the questions' 0-10 scores summed; "pooled": all their points pooled
    questions: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Module:
    key: str
    title: str
    scored: bool
    questions: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """One version of one questionnaire. Compared by identity: the loader makes one."""

    key: str
    version: int
    title: str
    description: str
    language: str
    modules: tuple[Module, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    source: str = ""
    _questions: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._questions.update((q.key, q) for q in self.questions)

    def question(self, key) -> Question | None:
        return self._questions.get(key) if isinstance(key, str) else None

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    def columns(self) -> tuple[str, ...]:
        return tuple(c for q in self.questions for c in q.columns())

    def to_dict(self) -> dict:
        """The definition as JSON-ready data (the API's answer), in the file's order."""
        return {
            "key": self.key, "version": self.version, "title": self.title,
            "description": self.description, "language": self.language,
            "modules": [{
                "key": m.key, "title": m.title, "description": m.description,
                "scored": m.scored,
                "dimensions": [_dimension_dict(self, d) for d in self.dimensions
                               if d.questions and self.question(d.questions[0]).module == m.key],
                "questions": [_question_dict(self.question(k)) for k in m.questions
                              if not m.scored],
            } for m in self.modules],
        }


def _dimension_dict(q: Questionnaire, d: Dimension) -> dict:
    return {"key": d.key, "name": d.name, "description": d.description, "rule": d.rule,
            "questions": [_question_dict(q.question(k)) for k in d.questions]}


def _question_dict(q: Question) -> dict:
    out = {"key": q.key, "type": q.type, "text": q.text, "help": q.help,
           "dimension": q.dimension, "column": q.column or None}
    if q.items:
        out["items"] = [
            {"key": i.key, "label": i.label, "column": i.column, "exclusive": i.exclusive,
             "negative": i.negative,
             **({"columns": [f"{i.column}_{c}" for c in q.cells]} if q.type == "matrix" else {})}
            for i in q.items]
    if q.type == "matrix":
        out["cells"] = list(q.cells)
    if q.type == "scale":
        out["labels"] = list(q.labels)
        out["values"] = list(range(SCALE_TOP + 1))
    if q.type == "ternary":
        out["values"] = list(TERNARY)
    if q.type == "choice":
        out["options"] = [{"key": o.key, "label": o.label} for o in q.options]
    if not q.scored:
        out["required"] = q.required
        out["max_length"] = q.max_length
        out["pattern"] = q.pattern
    out["max_points"] = q.max_points
    return out


# -- reading ---------------------------------------------------------------------------------

class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys of a mapping silently: refuse them instead."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # the base class reports an unhashable key
            if key in seen:
                raise DefinitionError(
                    f"duplicate key {key!r} in one mapping (line {key_node.start_mark.line + 1},"
                    f" first on line {seen[key]})")
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)



class _Reader:
    """Checks one parsed file; `fail` raises a DefinitionError naming the file and path."""

    def __init__(self, name: str):
        self.name = name
        self.columns: dict[str, str] = {}

    def fail(self, where: str, message: str):
        raise DefinitionError(f"{self.name}: {where}: {message}")

    def mapping(self, data, where, required, optional=()):
        if not isinstance(data, dict):
            self.fail(where, f"expected a mapping, got {type(data).__name__}")
        if missing := [k for k in required if k not in data]:
            self.fail(where, f"missing {', '.join(missing)}")
        if unknown := [str(k) for k in data if k not in required and k not in optional]:
            self.fail(where, f"unknown field(s) {', '.join(unknown)}; expected "
                      f"{', '.join(list(required) + list(optional))}")
        return data

    def text(self, data, name, where, default=None):
        value = data.get(name, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.fail(where, f"{name}: expected a non-empty string")
        return value.strip()

    def flag(self, data, name, where):
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.fail(where, f"{name}: expected true or false")
        return value

    def key(self, data, where):
        key = data.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            self.fail(where, f"key {key!r}: expected lower-case letters, digits and _, "
                      "starting with a letter")
        return key

    def unique(self, seen: set, key: str, where: str, what: str):
        if key in seen:
            self.fail(where, f"duplicate {what} key {key!r}")
        seen.add(key)

    def column(self, column, where):
        if not isinstance(column, str) or not _COLUMN.match(column):
            self.fail(where, f"column {column!r}: expected lower-case letters, digits and _")
        if column in self.columns:
            self.fail(where, f"column {column!r} already used at {self.columns[column]}")
        self.columns[column] = where

    def listing(self, data, name, where, allow_empty=False):
        value = data.get(name)
        if not isinstance(value, list) or (not value and not allow_empty):
            self.fail(where, f"{name}: expected a non-empty list")
        return value


def _read_question(r: _Reader, data, where, module, dimension, question_keys) -> Question:
    qtype = data.get("type") if isinstance(data, dict) else None
    if isinstance(data, dict) and qtype not in QUESTION_TYPES:
        r.fail(where, f"unknown question type {qtype!r}; expected one of "
               f"{', '.join(QUESTION_TYPES)}")
    common = ("key", "type", "text")
    optional = {
        "checkbox": ("help", "items"), "matrix": ("help", "items", "cells"),
        "scale": ("help", "items", "labels"), "ternary": ("help", "items"),
        "text": ("help", "column", "required", "max_length", "pattern"),
        "choice": ("help", "column", "required", "options"),
    }.get(qtype, ())
    r.mapping(data, where, common, optional)
    key = r.key(data, where)
    where = f"{where} ({key})"
    r.unique(question_keys, key, where, "question")
    if (qtype in SCORED_TYPES) != (dimension is not None):
        r.fail(where, f"a {qtype} question belongs "
               + ("in a dimension of a scored module" if qtype in SCORED_TYPES
                  else "in an unscored module (profile)"))
    kwargs = {"key": key, "type": qtype, "text": r.text(data, "text", where),
              "help": r.text(data, "help", where, default=""), "module": module,
              "dimension": dimension}
    if qtype in SCORED_TYPES:
        kwargs["items"] = _read_items(r, data, where, qtype)
        if qtype == "matrix":
            cells = data.get("cells", list(DEFAULT_CELLS))
            if (not isinstance(cells, list) or not cells
                    or not all(isinstance(c, str) and _KEY.match(c) for c in cells)
                    or len(set(cells)) != len(cells)):
                r.fail(where, "cells: expected a list of distinct keys")
            kwargs["cells"] = tuple(cells)
            for item in kwargs["items"]:
                for cell in cells:
                    r.column(f"{item.column}_{cell}", f"{where} item {item.key} cell {cell}")
        else:
            for item in kwargs["items"]:
                r.column(item.column, f"{where} item {item.key}")
        if qtype == "scale":
            labels = data.get("labels", list(DEFAULT_SCALE_LABELS))
            if (not isinstance(labels, list) or len(labels) != SCALE_TOP + 1
                    or not all(isinstance(x, str) and x.strip() for x in labels)):
                r.fail(where, f"labels: expected {SCALE_TOP + 1} strings, for 0 to {SCALE_TOP}")
            kwargs["labels"] = tuple(x.strip() for x in labels)
        if qtype == "checkbox" and not any(i.scoring for i in kwargs["items"]):
            r.fail(where, "a checkbox question needs an item that is neither exclusive nor "
                   "negative")
    else:
        if "column" not in data:
            r.fail(where, "missing column")
        r.column(data["column"], where)
        kwargs["column"] = data["column"]
        kwargs["required"] = r.flag(data, "required", where)
        if qtype == "text":
            max_length = data.get("max_length")
            if max_length is not None and (isinstance(max_length, bool)
                                           or not isinstance(max_length, int) or max_length < 1):
                r.fail(where, "max_length: expected a positive integer")
            kwargs["max_length"] = max_length
            pattern = data.get("pattern")
            if pattern is not None:
                try:
                    re.compile(pattern)
                except (re.error, TypeError) as exc:
                    r.fail(where, f"pattern: not a regular expression ({exc})")
            kwargs["pattern"] = pattern
        else:
            options, seen = [], set()
            for n, opt in enumerate(r.listing(data, "options", where)):
                w = f"{where} option {n + 1}"
                r.mapping(opt, w, ("key", "label"))
                r.unique(seen, r.key(opt, w), w, "option")
                options.append(Option(opt["key"], r.text(opt, "label", w)))
            kwargs["options"] = tuple(options)
    return Question(**kwargs)


def _read_items(r: _Reader, data, where, qtype) -> tuple[Item, ...]:
    items, seen = [], set()
    for n, raw in enumerate(r.listing(data, "items", where)):
        w = f"{where} item {n + 1}"
        r.mapping(raw, w, ("key", "label", "column"),
                  ("exclusive", "negative") if qtype == "checkbox" else ())
        key = r.key(raw, w)
        r.unique(seen, key, f"{where} item {key}", "item")
        if not isinstance(raw["column"], str) or not _COLUMN.match(raw["column"]):
            r.fail(w, f"column {raw['column']!r}: expected lower-case letters, digits and _")
        items.append(Item(key=key, label=r.text(raw, "label", w), column=raw["column"],
                          exclusive=r.flag(raw, "exclusive", w),
                          negative=r.flag(raw, "negative", w)))
    return tuple(items)


def parse(data, name: str = "<definition>") -> Questionnaire:
    """A Questionnaire from the parsed YAML of one file, every rule checked."""
    r = _Reader(name)
    r.mapping(data, "top", ("key", "version", "title", "modules"),
              ("description", "language", "source"))
    key = r.key(data, "top")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        r.fail("top", f"version {version!r}: expected a positive integer")
    modules, dimensions, questions = [], [], []
    module_keys, dimension_keys, question_keys = set(), set(), set()
    for m, raw in enumerate(r.listing(data, "modules", "top")):
        where = f"modules[{m}]"
        r.mapping(raw, where, ("key", "title"), ("description", "questions", "dimensions"))
        mkey = r.key(raw, where)
        where = f"{where} ({mkey})"
        r.unique(module_keys, mkey, where, "module")
        if ("questions" in raw) == ("dimensions" in raw):
            r.fail(where, "expected either questions (unscored: a profile) or dimensions "
                   "(scored)")
        own = []
        if "questions" in raw:
            for n, q in enumerate(r.listing(raw, "questions", where)):
                question = _read_question(r, q, f"{where} questions[{n}]", mkey, None,
                                          question_keys)
                questions.append(question)
                own.append(question.key)
        else:
            for d, draw in enumerate(r.listing(raw, "dimensions", where)):
                dwhere = f"{where} dimensions[{d}]"
                r.mapping(draw, dwhere, ("key", "name", "questions"), ("description", "rule"))
                dkey = r.key(draw, dwhere)
                dwhere = f"{dwhere} ({dkey})"
                r.unique(dimension_keys, dkey, dwhere, "dimension")
                rule = draw.get("rule", "sum")
                if rule not in DIMENSION_RULES:
                    r.fail(dwhere, f"unknown rule {rule!r}; expected one of "
                           f"{', '.join(DIMENSION_RULES)}")
                dq = []
                for n, q in enumerate(r.listing(draw, "questions", dwhere)):
                    question = _read_question(r, q, f"{dwhere} questions[{n}]", mkey, dkey,
                                              question_keys)
                    questions.append(question)
                    dq.append(question.key)
                    own.append(question.key)
                dimensions.append(Dimension(
                    key=dkey, name=r.text(draw, "name", dwhere), rule=rule, questions=tuple(dq),
                    description=r.text(draw, "description", dwhere, default="")))
        modules.append(Module(key=mkey, title=r.text(raw, "title", where),
                              scored="dimensions" in raw, questions=tuple(own),
                              description=r.text(raw, "description", where, default="")))
    if not dimensions:
        r.fail("modules", "no scored module: at least one dimension is needed")
    return Questionnaire(
        key=key, version=version, title=r.text(data, "title", "top"),
        description=r.text(data, "description", "top", default=""),
        language=r.text(data, "language", "top", default="en"),
        source=r.text(data, "source", "top", default=""),
        modules=tuple(modules), dimensions=tuple(dimensions), questions=tuple(questions))


def load_file(path) -> Questionnaire:
    """Read and check one file; its name must say its key and version (sme-v1.yaml)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"{path.name}: cannot read: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except DefinitionError as exc:
        raise DefinitionError(f"{path.name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path.name}: not valid YAML: {exc}") from exc
    q = parse(data, path.name)
    named = _FILE.match(path.name)
    if not named or (named["key"], int(named["version"])) != (q.key, q.version):
        raise DefinitionError(f"{path.name}: the file of {q.key} version {q.version} must be "
                              f"named {q.key}-v{q.version}.yaml")
    return q


@cache
def _catalogue(folder: str) -> dict[tuple[str, int], Questionnaire]:
    found = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        q = load_file(path)
        found[(q.key, q.version)] = q
    return found


def catalogue(folder=FOLDER) -> dict[tuple[str, int], Questionnaire]:
    """Every definition of the folder by (key, version); read once, then kept."""
    return _catalogue(str(Path(folder).resolve()))


def versions(key: str, folder=FOLDER) -> list[int]:
    return sorted(v for k, v in catalogue(folder) if k == key)


def get(key, version=None, folder=FOLDER) -> Questionnaire:
    """One definition: that version, or the current (highest) one when version is None."""
    found = catalogue(folder)
    keys = sorted({k for k, _ in found})
    if not isinstance(key, str) or key not in keys:
        shown = repr(key)[:60]
        raise UnknownQuestionnaire(f"unknown questionnaire {shown}; known: {', '.join(keys)}")
    known = versions(key, folder)
    if version is None:
        return found[(key, known[-1])]
    if isinstance(version, bool) or not isinstance(version, int) or (key, version) not in found:
        raise UnknownQuestionnaire(
            f"questionnaire {key!r} has no version {str(version)[:20]}; versions: "
            f"{', '.join(map(str, known))}")
    return found[(key, version)]


def keys(folder=FOLDER) -> list[str]:
    """The questionnaires' keys, for the API's schemas."""
    return sorted({k for k, _ in catalogue(folder)})


def available(folder=FOLDER) -> list[dict]:
    """Each questionnaire once: key, current version, its title, and every version."""
    found = catalogue(folder)
    out = []
    for key in sorted({k for k, _ in found}):
        known = versions(key, folder)
        q = found[(key, known[-1])]
        out.append({"key": key, "version": q.version, "title": q.title, "versions": known})
    return out
