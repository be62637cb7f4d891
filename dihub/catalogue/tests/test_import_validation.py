"""Every importer validates the same way: a wrong type, a value out of range or too long is a
Problem with row, column and reason; the bad row (bad name) or the bad optional field is
kept out; good rows land; nothing escapes as an exception; a clean file repairs what an
earlier import stored. And what an import accepts can be saved back unchanged through the
API and the edit page: sizes are defined once (sheet.MAX_LENGTH)."""

import csv
import io
import json
import math

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dihub.accounts import flows
from dihub.catalogue import sheet as sheets
from dihub.catalogue.importers.apply import run
from dihub.catalogue.importers.edih import COLUMNS
from dihub.catalogue.imports import import_records
from dihub.catalogue.models import (
    Contact,
    Draft,
    FundingSource,
    Hub,
    Organisation,
    ServiceExample,
    SourceRecord,
)
from dihub.editing.tests.helpers import form_data, manager, seen
from dihub.taxonomy.models import Term

pytestmark = pytest.mark.django_db
JSON = "application/json"


def entity(n=1, **fields):
    base = {"id": f"urn:ngsi-ld:DigitalInnovationHub:s3jrc:{n}", "type": "DigitalInnovationHub",
            "title": f"Hub {n}", "description": "About",
            "address": {"addressCountry": "Spain", "addressLocality": "Madrid"},
            "location": {"type": "Point", "coordinates": [-3.7, 40.4]},
            "representatives": [{"name": "Ann", "surname": "Bee", "email": "ann@x.example"}]}
    return {**base, **fields}


def ngsi(*entities) -> bytes:
    return json.dumps(list(entities)).encode()


def imported(data: bytes, name="file.json"):
    return run(import_records(data)[1], file_name=name)


GOOD = entity(2, title="The Good Hub")

NGSI_DEFECTS = [  # (fields, column named by the problem)
    ({"location": {"type": "Point", "coordinates": [-3.7, 999]}}, "location"),
    ({"location": {"type": "Point", "coordinates": ["west", "north"]}}, "location"),
    ({"location": {"type": "Point", "coordinates": [-3.7]}}, "location"),
    ({"location": {"type": "Point"}}, "location"),
    ({"location": "somewhere"}, "location"),
    ({"location": {"type": "Point", "coordinates": [float("nan"), 40.4]}}, "location"),
    ({"location": {"type": "Point", "coordinates": [float("inf"), 40.4]}}, "location"),
    ({"address": "Calle Mayor 1, Madrid"}, "address"),
    ({"address": ["Calle Mayor 1"]}, "address"),
    ({"address": {"addressLocality": ["Madrid"], "addressCountry": "Spain"}},
     "address.addressLocality"),
    ({"representatives": "Ann Bee"}, "representatives"),
    ({"representatives": {"name": "Ann"}}, "representatives"),
    ({"representatives": ["Ann Bee"]}, "representatives[0]"),
    ({"representatives": [{"name": "Ann", "email": "not an address"}]},
     "representatives[0].email"),
    ({"representatives": [{"name": {"first": "Ann"}, "email": "ann@x.example"}]},
     "representatives[0].name"),
    ({"description": "x" * 1_000_000}, "description"),
    ({"description": ["About"]}, "description"),
    ({"website": 42.5}, "website"),
    ({"domain": "Health"}, "domain"),
    ({"socialAccounts": ["https://linkedin.com/x"]}, "socialAccounts"),
]


@pytest.mark.parametrize("fields, column", NGSI_DEFECTS)
def test_ngsi_ld_wrong_values_are_problems_and_the_rest_lands(fields, column):
    report = imported(ngsi(entity(1, **fields), GOOD))
    mine = [p for p in report.problems if p["row"] == 1]
    assert [p["column"] for p in mine] == [column], report.problems
    assert mine[0]["reason"].endswith("left out")
    assert report.rejected == 0 and report.created == 2
    hub = Hub.objects.get(name="Hub 1")
    assert hub.lat is None or (-90 <= hub.lat <= 90 and math.isfinite(hub.lat))
    assert len(hub.description) <= sheets.MAX_LENGTH["description"]
    assert Hub.objects.filter(name="The Good Hub").exists()
    sheets.check(sheets.of_hub(hub))  # whatever landed can be saved back


@pytest.mark.parametrize("title", [["list", "title"], {"en": "Hub"}, True, None, "", "N" * 301])
def test_a_bad_name_rejects_the_row_only(title):
    report = imported(ngsi(entity(1, title=title), GOOD))
    assert report.rejected == 1 and report.created == 1
    columns = [p["column"] for p in report.problems if p["row"] == 1]
    assert columns == (["name"] if title in (None, "") else ["title"])  # else the name
    assert "rejected" in report.problems[0]["reason"]
    assert list(Hub.objects.values_list("name", flat=True)) == ["The Good Hub"]


def test_a_clean_import_repairs_what_an_earlier_import_stored():
    imported(ngsi(entity(1)))
    # as the importer stored them before it checked (a latitude of 999, a megabyte of text)
    Hub.objects.update(lat=999.0, lon=-3.7, description="<p>" + "x" * 1_000_000 + "</p>",
                       website="not a link")
    SourceRecord.objects.update(fingerprint="from-the-old-import")
    clean = entity(1, description="About")
    del clean["location"]
    report = imported(ngsi(clean))
    assert report.updated == 1
    hub = Hub.objects.get()
    assert hub.lat is not None and -90 <= hub.lat <= 90  # placed again from Madrid
    assert hub.description == "<p>About</p>" and hub.website == ""
    sheets.check(sheets.of_hub(hub))


def test_portal_geojson_and_dihub_files_report_the_same_way():
    portal = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": "x"},
         "properties": {"hubId": 7, "name": "Portal Hub", "country": "Spain",
                        "contactEmail": ["a@b.example"], "description": {"html": 1}}},
        {"type": "Feature", "properties": {"hubId": 8, "name": ["bad"]}}]}
    report = imported(json.dumps(portal).encode())
    columns = {(p["row"], p["column"]) for p in report.problems}
    assert {(1, "geometry"), (1, "contactEmail"), (1, "description"), (2, "name")} <= columns
    assert report.rejected == 1 and Hub.objects.get().name == "Portal Hub"

    hubs = {"hubs": [{"slug": "one", "name": "One", "lat": float("nan"), "lon": 3,
                      "contacts": [{"name": "Ann", "email": "nope"}],
                      "description": "d" * 60_000},
                     {"slug": "two", "name": "Two", "lat": True, "lon": 3}]}
    report = imported(json.dumps(hubs).encode())
    columns = {(p["row"], p["column"]) for p in report.problems}
    assert {(1, "lat"), (1, "contacts[0].email"), (1, "description"), (2, "lat")} <= columns
    assert Hub.objects.get(slug="one").lat is None
    assert not Contact.objects.filter(email="nope").exists()


# -- no exception escapes: every field of every format, wrong types ----------------------

WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.just("\x00nul"), st.just("\ud800"), st.just("x" * 60_000), st.just("999"),
    st.lists(st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=3),
    st.dictionaries(st.sampled_from(["type", "value", "coordinates", "name", "email"]),
                    st.one_of(st.text(max_size=5), st.integers(), st.none(),
                              st.lists(st.integers(), max_size=3)), max_size=3),
)
PROBE = settings(max_examples=25, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow, HealthCheck.large_base_example])


def some(good):
    return st.one_of(st.just(good), WRONG)


def assert_imports_cleanly(data: bytes, good_name: str):
    """Imports without an exception, reports each problem fully, keeps the good row, and
    every hub it stored passes the sheet's check (can be saved back)."""
    with transaction.atomic():
        report = imported(data)
        for problem in report.problems:
            assert problem["row"] and problem["column"] and problem["reason"], problem
        assert Hub.objects.filter(name=good_name).exists()
        for hub in Hub.objects.all():
            sheets.check(sheets.of_hub(hub))
        transaction.set_rollback(True)


NGSI_FIELDS = {
    "title": "Hub 1", "description": "About", "website": "https://hub.example",
    "address": {"addressCountry": "Spain", "addressLocality": "Madrid",
                "streetAddress": "Calle 1", "postalCode": "28001"},
    "location": {"type": "Point", "coordinates": [-3.7, 40.4]},
    "representatives": [{"name": "Ann", "email": "ann@x.example", "role": "boss"}],
    "domain": ["Health"], "competences": ["Robotics"],
    "socialAccounts": {"linkedin": "https://linkedin.com/x"},
}


@PROBE
@given(st.fixed_dictionaries({k: some(v) for k, v in NGSI_FIELDS.items()}),
       st.fixed_dictionaries({k: some(v) for k, v in NGSI_FIELDS["address"].items()}),
       st.lists(some(NGSI_FIELDS["representatives"][0]), max_size=2),
       some(-3.7), some(40.4))
def test_ngsi_ld_never_raises(fields, address, people, lon, lat):
    fields["address"] = address if isinstance(fields["address"], dict) else fields["address"]
    if isinstance(fields["representatives"], list):
        fields["representatives"] = people
    if isinstance(fields["location"], dict):
        fields["location"] = {"type": "Point", "coordinates": [lon, lat]}
    data = json.dumps([entity(1, **fields), GOOD], allow_nan=True).encode()
    assert_imports_cleanly(data, "The Good Hub")


PORTAL_FIELDS = {
    "hubId": 5, "name": "Portal Hub", "nameLocal": "Hub", "description": "About",
    "descriptionLocal": "Sobre", "country": {"name": "Spain"}, "location": "Calle 1",
    "locationCity": "Madrid", "latitude": 40.4, "longitude": -3.7,
    "website": "hub.example", "hubTypes": [{"shortCode": "EDIH"}],
    "evolutionaryStage": {"shortCode": "OPERATIONAL"}, "digitizationLink": "x",
    "contactName": "Ann", "contactEmail": "ann@x.example", "contactPhone": "+34 1",
    "digitTechsFocus": [{"name": "Robotics"}], "servicesProvided": [{"name": "Training"}],
}


@PROBE
@given(st.fixed_dictionaries({k: some(v) for k, v in PORTAL_FIELDS.items()}), some(None))
def test_portal_geojson_never_raises(props, geometry):
    good = {"type": "Feature", "properties": {"hubId": 99, "name": "The Good Hub"}}
    doc = {"type": "FeatureCollection", "features": [
        good, {"type": "Feature", "geometry": geometry, "properties": props}]}
    assert_imports_cleanly(json.dumps(doc, allow_nan=True).encode(), "The Good Hub")


NATIVE_FIELDS = {
    "slug": "hub-one", "name": "Hub One", "local_name": "Eins", "title": "T",
    "description": "<p>About</p>", "type": "edih", "status": "operational",
    "address": {"street": "S 1", "postcode": "10115", "city": "Berlin", "country": "DE",
                "text": "S 1, Berlin"},
    "lat": 52.5, "lon": 13.4, "region": {"code": "DE30"}, "website": "https://hub.example",
    "social": {"linkedin": "https://linkedin.com/x"},
    "technologies": [{"name": "Robotics", "vocabulary": "edih", "level": 3}],
    "contacts": [{"name": "Ann", "email": "ann@x.example", "publish": True}],
    "organisations": [{"name": "Org", "role": "partner", "country": "DE"}],
    "examples": [{"title": "Ex", "need": "n"}], "funding": [{"programme": "ERDF"}],
    "sources": [{"source": "edih", "source_id": "Hub One | T"}],
}


@PROBE
@given(st.fixed_dictionaries({k: some(v) for k, v in NATIVE_FIELDS.items()}),
       st.lists(some(NATIVE_FIELDS["contacts"][0]), max_size=2),
       st.lists(some(NATIVE_FIELDS["technologies"][0]), max_size=2))
def test_dihub_json_never_raises(hub, contacts, terms):
    if isinstance(hub["contacts"], list):
        hub["contacts"] = contacts
    if isinstance(hub["technologies"], list):
        hub["technologies"] = terms
    doc = {"hubs": [{"slug": "good", "name": "The Good Hub"}, hub]}
    assert_imports_cleanly(json.dumps(doc, allow_nan=True).encode(), "The Good Hub")


CELL = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                 st.floats(allow_nan=False, allow_infinity=False),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                         max_size=30),
                 st.just("x" * 40_000), st.just("Robotics - 9, Health - x"))


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@PROBE
@given(st.lists(CELL, min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_edih_workbook_never_raises(cells):
    good = ["The Good Hub", "Good", "<p>About</p>", "Spain", "Ann", "Madrid", "EDIH",
            "https://good.example", "Health care - 4", "", "Robotics - 5"]
    assert_imports_cleanly(workbook([good, cells]), "The Good Hub")


# -- sizes: one definition, import = page = API -----------------------------------------

COLUMN_OF = {  # sheet path: the model field whose column holds it
    "name": (Hub, "name"), "local_name": (Hub, "local_name"), "title": (Hub, "title"),
    "address.street": (Hub, "street"), "address.postcode": (Hub, "postcode"),
    "address.city": (Hub, "city"), "address.country": (Hub, "country"),
    "address.text": (Hub, "address_text"), "website": (Hub, "website"),
    "terms.name": (Term, "name"),  # (a region is looked up by its code, not stored as text)
    "contacts.name": (Contact, "name"), "contacts.role": (Contact, "role"),
    "contacts.email": (Contact, "email"), "contacts.phone": (Contact, "phone"),
    "organisations.name": (Organisation, "name"),
    "organisations.country": (Organisation, "country"),
    "organisations.website": (Organisation, "website"),
    "examples.title": (ServiceExample, "title"), "funding.programme": (FundingSource, "programme"),
}


@pytest.mark.parametrize("path", COLUMN_OF)
def test_each_size_is_its_columns(path):
    model, field = COLUMN_OF[path]
    assert sheets.MAX_LENGTH[path] == model._meta.get_field(field).max_length


def test_the_api_documents_the_sizes_and_takes_any_sheet_that_passes():
    from dihub.api import api
    from dihub.editing import api as editing_api

    assert sheets.MAX_BYTES < editing_api.MAX_BODY
    body = api.get_openapi_schema()["paths"]["/api/hubs/{id_or_slug}/draft"]["put"]
    props = body["requestBody"]["content"][JSON]["schema"]["properties"]
    assert props["description"]["maxLength"] == sheets.MAX_LENGTH["description"]
    assert props["contacts"]["items"]["properties"]["email"]["maxLength"] == 254
    assert props["contacts"]["maxItems"] == sheets.MAX_ITEMS["contacts"]


def at_most(n, char="x"):
    return char * n


def biggest_hub(extra=0) -> dict:
    """A dihub JSON hub with every text at its limit (plus `extra` characters)."""
    m = {k: v + extra for k, v in sheets.MAX_LENGTH.items()}
    local = "a" * 64
    rest = m["contacts.email"] - len(local) - 1 - 2 * 64  # two labels of 63 and their dots
    domain = f"{'b' * 63}.{'c' * 63}.{'d' * rest}"
    return {
        "slug": "big", "name": at_most(m["name"]), "local_name": at_most(m["local_name"]),
        "title": at_most(m["title"]),
        "description": "<p>" + at_most(m["description"] - 7) + "</p>",
        "local_description": "<p>" + at_most(m["local_description"] - 7) + "</p>",
        "initiative": "<p>" + at_most(m["initiative"] - 7) + "</p>",
        "address": {"street": at_most(m["address.street"]),
                    "postcode": at_most(m["address.postcode"], "1"),
                    "city": at_most(m["address.city"]), "country": "DE",
                    "text": at_most(m["address.text"])},
        "website": "https://hub.example/" + at_most(m["website"] - 20),
        "social": {at_most(m["social.network"], "n"):
                   "https://social.example/" + at_most(m["social.url"] - 23)},
        "contacts": [{"name": at_most(m["contacts.name"]), "role": at_most(m["contacts.role"]),
                      "email": f"{local}@{domain}", "phone": at_most(m["contacts.phone"], "1"),
                      "publish": True}],
        "organisations": [{"name": at_most(m["organisations.name"]), "role": "partner",
                           "country": "DE", "website": "https://org.example/"
                           + at_most(m["organisations.website"] - 20)}],
        "examples": [{"title": at_most(m["examples.title"]),
                      **{k: at_most(m[f"examples.{k}"]) for k in
                         ("client_profile", "need", "solution", "result")}}],
        "funding": [{"programme": at_most(m["funding.programme"]),
                     "description": at_most(m["funding.description"])}],
        "technologies": [{"name": at_most(m["terms.name"], "t"), "level": 2}],
    }


def test_what_an_import_accepts_is_saved_back_unchanged_through_api_and_page():
    hub_doc = biggest_hub()
    assert len(hub_doc["contacts"][0]["email"]) == sheets.MAX_LENGTH["contacts.email"]
    report = imported(json.dumps({"hubs": [hub_doc]}).encode())
    assert report.created == 1 and not [p for p in report.problems if "left out" in
                                        p["reason"]], report.problems
    hub = Hub.objects.get()
    stored = sheets.of_hub(hub)
    assert stored["description"] == hub_doc["description"]
    assert stored["contacts"][0]["email"] == hub_doc["contacts"][0]["email"]

    user = manager(hub)
    token = flows.create_token(user, "t")[1]
    response = Client().put(f"/api/hubs/{hub.pk}/draft", json.dumps(stored),
                            content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content[:500]
    assert Draft.objects.get(hub=hub).sheet == sheets.check(stored)
    Draft.objects.all().delete()

    page = Client()
    page.force_login(user)
    data = form_data(stored)
    data["seen"] = seen(page.get(f"/hubs/{hub.slug}/edit/").content.decode())
    response = page.post(f"/hubs/{hub.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Draft.objects.get(hub=hub).sheet == sheets.check(stored)


def test_one_character_over_any_size_is_a_problem_not_a_truncation():
    over = biggest_hub(extra=1)
    over["slug"], over["name"] = "over", "Over"  # a name too long would reject the row
    report = imported(json.dumps({"hubs": [over]}).encode())
    left_out = {p["column"] for p in report.problems if "too long" in p["reason"]}
    assert {"local_name", "title", "description", "local_description", "initiative",
            "address.street", "address.postcode", "address.city", "address.text", "website",
            "contacts[0].name", "organisations[0].name", "examples[0].title",
            "funding[0].programme", "technologies[0].name"} <= left_out, left_out
    hub = Hub.objects.get()
    assert hub.title == "" and hub.description == ""  # left out, never cut
    sheets.check(sheets.of_hub(hub))


def test_a_megabyte_description_is_left_out_and_the_draft_can_be_saved():
    report = imported(ngsi(entity(1, description="word " * 200_000)))
    assert any(p["column"] == "description" and "too long" in p["reason"]
               for p in report.problems)
    hub = Hub.objects.get()
    user = manager(hub)
    token = flows.create_token(user, "t")[1]
    response = Client().put(f"/api/hubs/{hub.pk}/draft", json.dumps(sheets.of_hub(hub)),
                            content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_a_whole_sheet_too_large_for_the_api_rejects_the_row():
    hub_doc = {"slug": "huge", "name": "Huge",
               "examples": [{"title": f"Example {n}",
                             **{k: "x" * 5000 for k in ("client_profile", "need", "solution",
                                                         "result")}} for n in range(50)]}
    report = imported(json.dumps({"hubs": [hub_doc, {"slug": "ok", "name": "OK"}]}).encode())
    assert report.rejected == 1 and "too large" in report.problems[0]["reason"]
    assert list(Hub.objects.values_list("slug", flat=True)) == ["ok"]


CSV_HEADER = ["slug", "name", "title", "description", "type", "status", "street", "postcode",
              "city", "country", "lat", "lon", "region_code", "website", "social",
              "technologies (edih)", "sectors (jrc)", "contacts", "organisations", "examples",
              "funding", "sources"]
CSV_CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            max_size=30),
    st.sampled_from(["[1, 2]", '{"a": [1]}', '[{"name": ["x"], "email": 5}]', "NaN",
                     "Infinity", "-1e309", "999", "null", "true", "²", "٣", "x" * 60_000,
                     "Robotics - 9\nHealth - ٣", "edih:", ":x"]))


@PROBE
@given(st.lists(CSV_CELL, min_size=len(CSV_HEADER), max_size=len(CSV_HEADER)))
def test_dihub_csv_never_raises(cells):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerow(["good", "The Good Hub"] + [""] * (len(CSV_HEADER) - 2))
    writer.writerow(cells)
    assert_imports_cleanly(out.getvalue().encode(), "The Good Hub")


def test_the_report_holds_no_text_a_database_refuses():
    """PostgreSQL refuses a NUL character or a lone surrogate in the report's JSON too."""
    bad = entity(1, website="\x00x", location={"type": "Point", "coordinates": ["\ud800", 1]},
                 socialAccounts={"linkedin": "\x00"})
    report = imported(json.dumps([bad, GOOD]).encode())
    text = json.dumps(report.problems, ensure_ascii=False)
    assert report.problems and "\x00" not in text
    assert all(not 0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert Hub.objects.filter(name="The Good Hub").exists()
