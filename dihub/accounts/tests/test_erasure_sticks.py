"""Erasure sticks: an erased address never comes back, not with the next import of the
hub's file (any format), not typed into a fact-sheet; and accounts knows no app that
fills its personal-data registry."""

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from dihub.accounts import erasure, personal
from dihub.accounts.tests.helpers import person
from dihub.catalogue import sheet as sheets
from dihub.catalogue import suppression, workflow
from dihub.catalogue.models import Contact, Hub, HubVersion, ImportRun, SuppressedAddress

pytestmark = pytest.mark.django_db

ANA = "Ana.Lopez@alpha.example"


def ngsi(description="About the hub"):
    return json.dumps([{
        "id": "urn:ngsi-ld:DigitalInnovationHub:s3jrc:77", "type": "DigitalInnovationHub",
        "title": "Hub Alpha", "description": description,
        "address": {"addressCountry": "Spain", "addressLocality": "Madrid"},
        "representatives": [{"name": "Ana", "surname": "López", "email": ANA},
                            {"name": "Ben", "email": "ben@alpha.example"}]}]).encode()


def portal(description="About the hub"):
    return json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": None, "properties": {
            "hubId": 77, "name": "Hub Alpha", "description": description, "country": "Spain",
            "locationCity": "Madrid", "contactName": "Ana López", "contactEmail": ANA}}]}
    ).encode()


def native_hub(description):
    return {"slug": "hub-alpha", "name": "Hub Alpha", "description": description,
            "address": {"country": "ES", "city": "Madrid"},
            "contacts": [{"name": "Ana López", "email": ANA, "publish": True},
                         {"name": "Ben", "email": "ben@alpha.example"}]}


def native_json(description="About the hub"):
    return json.dumps({"hubs": [native_hub(description)]}).encode()


def native_csv(description="About the hub"):
    hub = native_hub(description)
    out = io.StringIO()
    writer = csv.DictWriter(out, ["slug", "name", "description", "country", "city",
                                  "technologies (edih)", "contacts"])
    writer.writeheader()
    writer.writerow({"slug": hub["slug"], "name": hub["name"], "description": description,
                     "country": "ES", "city": "Madrid", "technologies (edih)": "",
                     "contacts": json.dumps(hub["contacts"])})
    return out.getvalue().encode()


FILES = {"ngsi-ld": ngsi, "jrc-geojson": portal, "json": native_json, "csv": native_csv}


def dihub_import(tmp_path: Path, content: bytes, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(content)
    report = tmp_path / f"{name}.report.json"
    call_command("import", str(path), "--report", str(report), stdout=io.StringIO())
    return json.loads(report.read_text())


def mentions_ana() -> list[str]:
    stored = [json.dumps(v.sheet) for v in HubVersion.objects.all()]
    stored += [f"{c.name} {c.email}" for c in Contact.objects.all()]
    stored += [json.dumps(r.report) for r in ImportRun.objects.all()]
    return [s for s in stored if "ana.lopez" in s.lower()]


@pytest.mark.parametrize("fmt", FILES)
def test_an_erased_contact_does_not_come_back_with_the_next_import(tmp_path, fmt):
    make = FILES[fmt]
    dihub_import(tmp_path, make(), "first")
    hub = Hub.objects.get()
    assert Contact.objects.filter(hub=hub, email__iexact=ANA).exists()

    erasure.erase_contact(ANA, None)
    assert not mentions_ana()

    same = dihub_import(tmp_path, make(), "same-again")  # the very same file
    changed = dihub_import(tmp_path, make("<p>About the hub, now longer</p>"), "changed")
    assert Hub.objects.get().description == "<p>About the hub, now longer</p>"
    assert not Contact.objects.filter(email__iexact=ANA).exists()
    assert not mentions_ana()
    for report in (same, changed):
        said = [p for p in report["problems"] if "erased on request" in p["reason"]]
        assert said and "value" not in said[0]
    if fmt != "jrc-geojson":  # the portal gives one contact, the others two
        assert Contact.objects.filter(email="ben@alpha.example").exists()


def test_an_erased_address_typed_into_a_fact_sheet_is_left_out():
    erasure.erase_contact(ANA, None)
    hub = Hub.objects.create(name="Hub Beta", slug="hub-beta")
    coordinator = person("c@hubs.example", group="coordinator")
    doc = dict(sheets.of_hub(hub), contacts=[
        {"name": "Ana", "email": ANA.upper()}, {"name": "Ben", "email": "ben@beta.example"}])
    checked = sheets.check(doc)
    assert [c["name"] for c in checked["contacts"]] == ["Ben"]
    workflow.change(hub, dict(checked, contacts=doc["contacts"]), coordinator, "by hand")
    assert [c.name for c in Hub.objects.get().contacts.all()] == ["Ben"]
    assert not mentions_ana()


def test_the_list_holds_keyed_hashes_only():
    erasure.erase_contact(ANA, None)
    stored = list(SuppressedAddress.objects.values_list("digest", flat=True))
    assert stored == [suppression.digest(ANA)] and len(stored[0]) == 64
    assert "ana" not in stored[0]
    with override_settings(SECRET_KEY="another-key-entirely-for-this-test"):
        assert suppression.digest(ANA) != stored[0]  # keyed: a guess without the key fails


def test_a_rotated_key_keeps_erasures_through_the_fallbacks():
    erasure.erase_contact(ANA, None)
    with override_settings(SECRET_KEY="new-key-for-this-test"):
        assert suppression.suppressed([ANA]) == set()  # the old key dropped: forgotten
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="new-key-for-this-test", SECRET_KEY_FALLBACKS=[old]):
        assert suppression.suppressed([ANA]) == {ANA.lower()}
        assert SuppressedAddress.objects.filter(digest=suppression.digest(ANA)).exists()
    with override_settings(SECRET_KEY="new-key-for-this-test"):  # hashed again: kept
        assert suppression.suppressed([ANA]) == {ANA.lower()}


def test_erasing_an_account_suppresses_its_addresses():
    ana = person(ANA.lower())
    log = erasure.erase_account(ana)
    assert log.counts["suppressed"] == 1
    assert suppression.suppressed([ANA]) == {ANA.lower()}


def test_accounts_imports_no_app_that_builds_on_it():
    package = Path(erasure.__file__).parent
    for path in package.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith("dihub.maturity") for n in names), path


def test_maturity_fills_the_registry_in_its_app_config():
    assert "maturity" in personal.PROVIDERS
    data = erasure.export(person("someone@else.example"))
    assert data["maturity"] == {"companies": [], "assessments": []}
