"""Schemathesis against the real app's /api/openapi.json, in process (WSGI), on every
operation of the API: without a token and with a coordinator's (the strongest), data that
fits the schema and data that does not. Checks: no 5xx, and every answer fits its
documented schema.

Path parameters are generated, and half the time taken from real objects (hubs published,
registered and archived, their versions, a pending claim, an invitation, a spare token), put
back before each operation in states where it can succeed (a submitted draft to publish,
an archived hub to restore...), so that the calls reach the steps behind the 404s. Each
request runs in a savepoint of the test's transaction, kept unless it answered 5xx; the
coordinator's token is un-revoked after each call (DELETE /api/me/tokens/{id} may pick it).

The figures (operations, requests, answers by status, failures) are printed (pytest -s)
and written to var/schemathesis-<database>.json. DIHUB_FUZZ_EXAMPLES sets the examples per
operation, role and mode (default 20: a minute or two on two cores)."""

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
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from dihub.accounts import flows
from dihub.accounts.models import ApiToken, Claim, Invitation
from dihub.catalogue import workflow
from dihub.catalogue.models import Draft, Hub, HubVersion, Validation

from .test_api import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = int(os.environ.get("DIHUB_FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, response_schema_conformance]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


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


def fuzz(operation, who, headers, mode, fixed, figures, keep_token):
    """Run one operation for one caller in one mode; a failure is recorded, not raised."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy_for(operation, mode, fixed))
    def run(case):
        savepoint = transaction.savepoint()
        response = case.call(headers=headers)
        figures["requests"] += 1
        figures["status"][str(response.status_code)] += 1
        figures["by_operation"][operation.label][str(response.status_code)] += 1
        if response.status_code >= 500:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        keep_token()
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # a failing check, or no data
        # an operation with nothing that can be made invalid (no parameters, or only free
        # text in its path) has no negative data: that is not a failure
        nothing = type(exc).__name__ == "Unsatisfiable" and mode == GenerationMode.NEGATIVE
        figures["unsatisfiables" if nothing else "failures"].append(
            {"operation": operation.label, "who": who, "mode": mode.value,
             "error": str(exc)[:3000]})


def test_every_operation_answers_within_its_schema_and_never_5xx(wsgi_app, capsys):
    world = make_world()
    workflow.ensure_baseline(world.a)
    token = ApiToken.objects.get(user=world.coordinator, name="coordinator")
    callers = {"anonymous": {}, "coordinator": {"Authorization":
                                                f"Bearer {world.secret['coordinator']}"}}

    def keep_token():
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    figures = {"database": connection.vendor, "examples_per_run": EXAMPLES,
               "operations": len(operations), "requests": 0, "status": Counter(),
               "by_operation": defaultdict(Counter), "failures": [], "unsatisfiables": []}
    started = time.monotonic()
    for operation in operations:
        for (who, headers), mode in itertools.product(callers.items(), MODES):
            fuzz(operation, who, headers, mode, prime(world), figures, keep_token)
    figures["seconds"] = round(time.monotonic() - started, 1)
    figures["status"] = dict(sorted(figures["status"].items()))
    figures["by_operation"] = {label: dict(sorted(found.items()))
                               for label, found in figures["by_operation"].items()}

    report(figures, capsys)
    assert not figures["failures"], json.dumps(figures["failures"], indent=1)[:20000]
    assert figures["operations"] >= 40 and figures["requests"] >= figures["operations"] * 4


def report(figures, capsys):
    out = Path(django_settings.BASE_DIR).parent / "var" / \
        f"schemathesis-{figures['database']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1))
    with capsys.disabled():
        print(f"\nschemathesis on {figures['database']}: {figures['operations']} operations, "
              f"{figures['requests']} requests ({EXAMPLES} examples per operation, caller "
              f"and mode), answers {figures['status']}, {len(figures['failures'])} failures, "
              f"{len(figures['unsatisfiables'])} runs without data, {figures['seconds']} s "
              f"-> {out}")


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
