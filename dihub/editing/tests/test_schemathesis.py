"""Schemathesis against the real app's /api/openapi.json, in process (WSGI), on every
operation of the API, without a token and with a coordinator's (the strongest), on the
database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL). Every check the
installed schemathesis registers runs (listed from the library: a check added by a newer
version runs too, or this test fails until it is placed), each on the requests it can judge:

- the coverage phase (schemathesis's own boundary and type cases for each parameter and
  body field, methods the schema does not list, a missing required header), at most
  3 x DIHUB_FUZZ_EXAMPLES cases per operation and caller, spread over the scenarios:
  the only requests `missing_required_header`, `unsupported_method` and
  `allow_header_conformance` (OPTIONS) judge;
- the fuzzing phase, data that fits the schema (positive) and data that does not
  (negative), DIHUB_FUZZ_EXAMPLES each per operation and caller: `not_a_server_error`,
  `status_code_conformance`, `content_type_conformance`, `response_headers_conformance`,
  `response_schema_conformance`, `negative_data_rejection` (4xx for what the schema
  forbids), `positive_data_acceptance` (no 400/422 for what it allows) and `ignored_auth`
  (an operation that declares a token answers 401 without one and with a wrong one:
  schemathesis sends both probes itself);
- the stateful phase, sequences that follow the links schemathesis infers between
  operations (POST a claim, then approve it; list tokens, then DELETE one; POST an
  assessment, then read it), DIHUB_FUZZ_EXAMPLES scenarios per caller: what
  `use_after_free` and `ensure_resource_availability` need, a recorder of the steps.

Not run: `object_level_authorization`. It replays one identity's reads as its peers, from an
`[auth.wfc]` document listing several users of the same role, each owning objects; the two
callers here are not peers (anonymous and a coordinator, who may read everything). Who may
see what is checked, role by role, by test_matrix.py, the accounts permission tests and
maturity's test_privacy.py.

Path parameters are generated, and half the time taken from real objects (hubs published,
registered and archived, their versions, a pending claim, an invitation, a spare token),
put back before each operation in states where it can succeed (a submitted draft to
publish, an archived hub to restore...), so that the calls reach the steps behind the 404s.
Each request runs in a savepoint of the test's transaction, kept unless it answered 5xx;
the coordinator's token is un-revoked after each call (DELETE /api/me/tokens/{id} may pick
it).

A failure is recorded, not raised, so that one run finds all of them: distinct failures
are (operation, check, title), each with its count, who, the phase and one example request
(curl, the token shown as $TOKEN). The figures (operations, requests, answers by status,
failures by check) are printed (pytest -s) and written to var/schemathesis-<database>.json.
DIHUB_FUZZ_EXAMPLES (default 20: a few minutes on two cores) bounds every phase."""

import itertools
import json
import os
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure, FailureGroup

from dihub.accounts import flows
from dihub.accounts.models import ApiToken, Claim, Invitation
from dihub.catalogue import workflow
from dihub.catalogue.models import Draft, Hub, HubVersion, Validation

from .test_api import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = int(os.environ.get("DIHUB_FUZZ_EXAMPLES", "20"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
NOT_RUN = {"object_level_authorization": "needs peers of one role from an [auth.wfc] "
                                         "document (see the docstring)"}
# which phase gives each check the requests it judges (the docstring says why)
# Refusals a schema cannot state. A value of the right form that names nothing known
# (technology=foo, country=AA, a NUTS code no region has, a place the gazetteer does not
# know) is refused with 400 naming the parameter and the close values: the schema gives
# the form, the data decides the rest. So is a bbox whose four numbers are each a number
# but out of range or out of order (south above north), and sort=distance without near;
# and a fact-sheet's term names and a DMA's answers, which follow the taxonomy and the
# questionnaire's definition (GET /api/maturity/questionnaires/{key}). The check
# positive_data_acceptance excuses an answer when every parameter it names is one of
# these; the excused are counted.
LOOKUPS = {"technology", "sector", "service", "country", "language", "region", "hub",
           "questionnaire",
           "near", "bbox", "sort", "technologies.name", "sectors.name", "services.name",
           "answers"}
# A query value cannot be an object or a list of nothing: schemathesis's negative phase
# makes one ({}, []) and sends it as a blank value or none at all, which the schema allows
# (dihub.params.blank_or: a blank value is no value). negative_data_rejection excuses a
# request whose every faulted query parameter went out so; the excused are counted.
EMPTY = ({}, [], None)
# A path value the schema forbids because it is another operation's literal path
# (GET /api/hubs/summary is not the hub "summary": no hub may take that slug) reaches that
# operation, which answers for itself; negative_data_rejection excuses it, counted.
COVERAGE_ONLY = {"missing_required_header", "unsupported_method", "allow_header_conformance"}
STATEFUL_ONLY = {"use_after_free", "ensure_resource_availability"}


def all_checks():
    """Every check the installed schemathesis registers, by name."""
    load_all_checks()
    return {check.__name__: check for check in CHECKS.get_all()}


@pytest.fixture
def wsgi_app():
    """dihub's WSGI application, sharing the test's database connection: Django closes
    connections around each request, which would end the test's transaction."""
    from dihub.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def prime(world):
    """Put the objects back in the states where every step can succeed, and answer the
    real values of each path parameter, by name: hub A published with a submitted draft,
    B with a draft being edited, D registered, Z archived, a pending claim, an open
    invitation of the coordinator and a spare token of theirs."""
    a, b, archived = (Hub.objects.get(pk=h.pk) for h in (world.a, world.b, world.archived))
    if a.validation != Validation.PUBLISHED:
        workflow.restore(a, world.coordinator)
    draft = workflow.start_draft(a, world.manager)
    if draft.state != Draft.State.SUBMITTED:
        workflow.submit(draft, world.manager)
    if b.validation == Validation.ARCHIVED:
        workflow.restore(b, world.coordinator)
    workflow.start_draft(b, world.manager_b)
    if archived.validation != Validation.ARCHIVED:
        workflow.archive(archived, world.coordinator)
    claim = (Claim.objects.filter(state=Claim.State.PENDING).first()
             or Claim.objects.create(user=world.evaluator, hub=b, email="e@dihub.example"))
    invitation = (flows.open_invitations().filter(email="co@dihub.example").first()
                  or Invitation.objects.create(hub=a, email="co@dihub.example"))
    spare = (ApiToken.objects.filter(user=world.coordinator, name="spare").first()
             or flows.create_token(world.coordinator, "spare")[0])
    ApiToken.objects.filter(pk=spare.pk).update(revoked_at=None)
    hubs = [a.slug, str(a.pk), b.slug, world.draft.slug, str(archived.pk)]
    return {
        "id_or_slug": hubs, "id": hubs,
        "version_id": [str(v.pk) for v in HubVersion.objects.filter(hub=a)[:3]],
        "claim_id": [claim.pk], "token_id": [spare.pk], "token": [invitation.token],
        "code": ["DE11", "DE"], "kind": ["technology", "sector"], "key": ["sme-v1"],
    }


def strategy_for(operation, mode, fixed):
    """The operation's cases; half of them with real path parameters where there are."""
    generated = operation.as_strategy(generation_mode=mode)
    names = re.findall(r"{(\w+)}", operation.path)
    if not names or not all(n in fixed for n in names):
        return generated
    choices = [dict(zip(names, combo, strict=True))
               for combo in itertools.product(*(fixed[n] for n in names))]
    real = st.sampled_from(choices).flatmap(
        lambda p: operation.as_strategy(generation_mode=mode, path_parameters=p))
    return st.one_of(generated, real)


def names_unknown(response) -> bool:
    """A 400 or 422 whose every named parameter is a LOOKUP (see above)."""
    if response.status_code not in (400, 422):
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    if "param" in body:
        named = [body["param"]]
    else:
        named = ["answers" if str(e.get("reason", "")).startswith("unknown_") and "question" in e
                 else re.sub(r"\.[0-9]+", "", str(e.get("field")))
                 for e in body.get("errors", [])]
    return bool(named) and all(n in LOOKUPS for n in named)


def sent_blank(case, failure) -> bool:
    """Whether every query parameter the failure names was sent blank or not at all."""
    named = re.findall(r"`([^`]+)`", str(getattr(failure, "message", ""))
                       .split("Invalid component:", 1)[-1].split(" in query", 1)[0])
    query = case.query or {}
    return "in query" in str(failure.message) and bool(named) and all(
        query.get(n, None) in EMPTY for n in named)


def routed_elsewhere(case) -> bool:
    """Whether the path as sent is another operation's path with no parameters."""
    literal = {p for p in case.operation.schema.raw_schema["paths"] if "{" not in p}
    return "{" in case.operation.path and case.formatted_path in literal


def spread(cases, limit):
    """At most `limit` cases, taken in turn from each coverage scenario and parameter, so
    that a body with hundreds of boundary cases does not crowd out the other scenarios."""
    groups = defaultdict(list)
    for case in cases:
        data = case.meta.phase.data
        groups[(str(getattr(data, "scenario", "")), getattr(data, "parameter", None))].append(
            case)
    chosen = []
    for layer in itertools.zip_longest(*groups.values()):
        chosen.extend(c for c in layer if c is not None)
        if len(chosen) >= limit:
            break
    return chosen[:limit]


class Run:
    """The figures of one run and how one request is sent, checked and recorded."""

    def __init__(self, world, checks, secret):
        self.world, self.checks, self.secret = world, checks, secret
        self.token = ApiToken.objects.get(user=world.coordinator, name="coordinator")
        self.figures = {
            "database": connection.vendor, "examples_per_run": EXAMPLES,
            "checks": sorted(checks), "not_run": NOT_RUN, "operations": 0, "requests": 0,
            "status": Counter(), "by_phase": Counter(), "by_operation": defaultdict(Counter),
            "failures_by_check": Counter(), "failures": {}, "errors": [],
            "excused_lookups": Counter(), "excused_blank": Counter(),
            "excused_routed": Counter(),
        }

    def checks_for(self, phase):
        return [check for name, check in self.checks.items()
                if (name not in COVERAGE_ONLY or phase == "coverage")
                and (name not in STATEFUL_ONLY or phase == "stateful")]

    def send(self, case, who, headers, phase, call=None, recorder=None):
        """One request in a savepoint (rolled back on 5xx); every check of its phase."""
        savepoint = transaction.savepoint()
        response = call() if call else case.call(headers=headers)
        status = str(response.status_code)
        figures = self.figures
        figures["requests"] += 1
        figures["status"][status] += 1
        figures["by_phase"][phase] += 1
        figures["by_operation"][case.operation.label][status] += 1
        if response.status_code >= 500:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        for check in self.checks_for(phase):
            try:
                case.validate_response(response, checks=[check], headers=headers,
                                       recorder=recorder)
            except (FailureGroup, Failure) as found:
                for failure in getattr(found, "exceptions", [found]):
                    if check.__name__ == "positive_data_acceptance" and names_unknown(response):
                        self.figures["excused_lookups"][case.operation.label] += 1
                        continue
                    if check.__name__ == "negative_data_rejection" and sent_blank(case, failure):
                        self.figures["excused_blank"][case.operation.label] += 1
                        continue
                    if check.__name__ == "negative_data_rejection" and routed_elsewhere(case):
                        self.figures["excused_routed"][case.operation.label] += 1
                        continue
                    self.record(case, response, who, phase, check.__name__, failure, headers)
            finally:
                self.keep_token()
        self.keep_token()
        return response

    def keep_token(self):
        ApiToken.objects.filter(pk=self.token.pk).update(revoked_at=None)

    def record(self, case, response, who, phase, check, failure, headers):
        operation = failure.operation or case.operation.label
        key = f"{operation} | {check} | {failure.title}"
        self.figures["failures_by_check"][check] += 1
        found = self.figures["failures"].get(key)
        if found:
            found["count"] += 1
            found["who"] = sorted({*found["who"], who})
            return
        curl = case.as_curl_command(headers=dict(headers))
        self.figures["failures"][key] = {
            "operation": operation, "check": check, "title": failure.title, "count": 1,
            "who": [who], "phase": phase, "status": response.status_code,
            "example": curl.replace(self.secret, "$TOKEN")[:2000],
            "message": failure.message[:1500], "answer": response.text[:1000],
        }

    def error(self, operation, who, phase, exc):
        self.figures["errors"].append({"operation": operation, "who": who, "phase": phase,
                                       "error": f"{type(exc).__name__}: {exc}"[:2000]})

    # -- the phases ---------------------------------------------------------------------

    def coverage(self, schema, operation, who, headers):
        config = schema.config.generation_for(operation=operation, phase="coverage")
        try:
            cases = list(schema.iter_coverage_cases(operation, generation_modes=list(MODES),
                                                    generation_config=config))
        except Exception as exc:  # a schema the generator cannot read is a failure too
            self.error(operation.label, who, "coverage", exc)
            return
        for case in spread(cases, 3 * EXAMPLES):
            self.send(case, who, headers, "coverage")

    def fuzzing(self, operation, who, headers, mode, fixed):
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy_for(operation, mode, fixed))
        def run(case):
            self.send(case, who, headers, f"fuzzing-{mode.value}")

        try:
            run()
        except Exception as exc:
            # an operation with nothing that can be made invalid (no parameters, or only
            # free text in its path) has no negative data: that is not an error
            if not (type(exc).__name__ == "Unsatisfiable" and mode == GenerationMode.NEGATIVE):
                self.error(operation.label, who, f"fuzzing-{mode.value}", exc)

    def stateful(self, schema, who, headers):
        run = self

        class Machine(schema.as_state_machine()):
            def call(self, case, **kwargs):
                return run.send(case, who, headers, "stateful",
                                call=lambda: case.call(headers=headers, **kwargs),
                                recorder=self.recorder)

            def validate_response(self, response, case, additional_checks=None, **kwargs):
                pass  # checked in call, with the recorder

        try:
            Machine.run(settings=settings(
                max_examples=EXAMPLES, stateful_step_count=6, deadline=None, database=None,
                derandomize=True, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck)))
        except Exception as exc:
            self.error("stateful", who, "stateful", exc)

    def result(self, started):
        figures = self.figures
        failures = sorted(figures["failures"].values(),
                          key=lambda f: (f["operation"], f["check"], f["title"]))
        figures.update({
            "seconds": round(time.monotonic() - started, 1),
            "status": dict(sorted(figures["status"].items())),
            "by_phase": dict(figures["by_phase"]),
            "by_operation": {label: dict(sorted(found.items()))
                             for label, found in figures["by_operation"].items()},
            "distinct_failures": len(failures),
            "distinct_failures_by_check": dict(Counter(f["check"] for f in failures)),
            "failures_by_check": dict(figures["failures_by_check"]),
            "excused_lookups": dict(figures["excused_lookups"]),
            "excused_blank": dict(figures["excused_blank"]),
            "excused_routed": dict(figures["excused_routed"]),
            "failures": failures,
        })
        return figures


def test_every_operation_passes_every_check(wsgi_app, capsys):
    world = make_world()
    workflow.ensure_baseline(world.a)
    checks = all_checks()
    assert set(NOT_RUN) <= set(checks), "a check named in NOT_RUN is gone: update the list"
    checks = {name: check for name, check in checks.items() if name not in NOT_RUN}
    secret = world.secret["coordinator"]
    # identity: the WSGI transport hands the checks the body as sent, and a gzipped
    # answer (GET /api/hubs.points) is no JSON to them; test_points.py checks the gzip
    plain = {"Accept-Encoding": "identity"}
    callers = {"anonymous": plain, "coordinator": {**plain, "Authorization": f"Bearer {secret}"}}
    run = Run(world, checks, secret)

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    run.figures["operations"] = len(operations)
    started = time.monotonic()
    for operation in operations:
        for who, headers in callers.items():
            prime(world)
            run.coverage(schema, operation, who, headers)
            for mode in MODES:
                run.fuzzing(operation, who, headers, mode, prime(world))
    for who, headers in callers.items():
        prime(world)
        run.stateful(schema, who, headers)
    figures = run.result(started)

    report(figures, capsys)
    assert not figures["errors"], json.dumps(figures["errors"], indent=1)[:20000]
    assert not figures["failures"], json.dumps(figures["failures"], indent=1)[:30000]
    assert figures["operations"] >= 40 and figures["requests"] >= figures["operations"] * 4
    assert figures["by_phase"].get("stateful", 0) >= EXAMPLES


def report(figures, capsys):
    out = Path(django_settings.BASE_DIR).parent / "var" / \
        f"schemathesis-{figures['database']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1))
    with capsys.disabled():
        print(f"\nschemathesis on {figures['database']}: {figures['operations']} operations, "
              f"{len(figures['checks'])} checks, {figures['requests']} requests "
              f"{figures['by_phase']} ({EXAMPLES} examples per operation, caller and mode), "
              f"answers {figures['status']}, {figures['distinct_failures']} distinct failures "
              f"{figures['distinct_failures_by_check']}, {len(figures['errors'])} errors, "
              f"{figures['seconds']} s -> {out}")


def test_no_two_schemas_share_a_name():
    """ninja files every schema under its class name in components/schemas: two different
    classes of one name (a RegionRef here and there) leave one of them described wrongly."""
    from dihub.api import api

    shapes = {}
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                models = [*operation.response_models.values(), *operation.models]
                for model in models:
                    if not hasattr(model, "model_json_schema"):
                        continue
                    defs = model.model_json_schema().get("$defs", {})
                    for name, schema in defs.items():
                        shape = json.dumps(schema, sort_keys=True)
                        shape = re.sub(r'"description": "[^"]*", ', "", shape)
                        shapes.setdefault(name, {}).setdefault(shape, f"{bound.prefix}{path}")
    clashes = {name: list(found.values()) for name, found in shapes.items() if len(found) > 1}
    assert not clashes
