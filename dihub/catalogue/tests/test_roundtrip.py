"""Export to JSON, import into an empty database, export again: the same bytes."""

import json

import pytest
from django.core.management import call_command

from dihub.catalogue import sheet as sheets
from dihub.catalogue.importers import apply, native
from dihub.catalogue.importers.record import HubRecord
from dihub.catalogue.models import Hub, ImportRun
from dihub.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def export_json(tmp_path, name="export.json", fmt="json") -> bytes:
    """dihub's export in a format (JSON unless told)."""
    out = tmp_path / name
    call_command("export", "--format", fmt, "-o", str(out))
    return out.read_bytes()


def empty_the_catalogue():
    Hub.objects.all().delete()
    ImportRun.objects.all().delete()
    Term.objects.filter(known=False).delete()


def import_json(data: bytes):
    report = apply.run(native.parse_json(data), file_name="export.json", fmt="json")
    assert report.rejected == 0, report.problems
    return report


def assert_round_trip(tmp_path):
    first = export_json(tmp_path, "first.json")
    empty_the_catalogue()
    import_json(first)
    second = export_json(tmp_path, "second.json")
    assert second == first
    return first


SEED = {
    "format": "dihub-hubs", "version": 1,
    "hubs": [
        {"slug": "robotics-hub", "name": "Robotics Hub", "local_name": "Robotik-Hub",
         "title": "Robots for SMEs", "description": "<p>Robots &amp; AI &lt;3</p>",
         "type": "edih", "status": "operational",
         "address": {"street": "Nobelstraße 12", "postcode": "70569", "city": "Stuttgart",
                     "country": "DE", "text": "Nobelstraße 12, 70569 Stuttgart, Germany"},
         "lat": 48.7401234567, "lon": 9.1, "website": "https://robotics.example.org/",
         "social": {"x": "https://x.example/r", "linkedin": "https://li.example/r"},
         "initiative": "<p>Industrie 4.0</p>",
         "technologies": [
             {"name": "Micro- and nanoelectronics, optoelectronics", "vocabulary": "edih",
              "level": 5},
             {"name": "A term nobody knows", "vocabulary": "jrc", "level": None}],
         "sectors": [{"name": "Manufacturing and processing", "vocabulary": "edih",
                      "level": 3}],
         "contacts": [{"name": "P", "role": "r", "email": "p@example.org", "phone": "1",
                       "publish": True},
                      {"name": "Secret", "email": "s@example.org", "publish": False}],
         "organisations": [{"name": "Uni", "role": "coordinator", "country": "DE"},
                           {"name": "Lab", "role": "partner"}],
         "examples": [{"title": "Cell", "need": "n",
                       "translations": {"de": {"title": "Zelle", "need": "Bedarf"},
                                        "it": {"result": "<b>r</b>"}}},
                      {"title": "Arm", "result": "r"}],
         "funding": [{"programme": "DEP", "description": "grant"}],
         "sources": [{"source": "edih", "source_id": "Robotics Hub | Robots for SMEs"}],
         "languages": ["en", "de", "uk"],
         "translations": {
             "de": {"name": "Robotik-Zentrum", "title": "Roboter für KMU",
                    "description": "<p onclick='x'>Roboter<script>alert(1)</script></p>"},
             "pl": {"description": "<p>Roboty</p>"}}},
        {"slug": "nowhere", "name": "Nowhere hub", "type": "dih",
         "address": {"country": "IT"}},
        {"slug": "same-name", "name": "Robotics Hub", "type": "seal",
         "address": {"country": "DE", "city": "Berlin"}},
    ],
}


def test_round_trip_of_every_field(tmp_path):
    import_json(json.dumps(SEED).encode())
    data = json.loads(assert_round_trip(tmp_path))
    hubs = {h["slug"]: h for h in data["hubs"]}
    assert set(hubs) == {"robotics-hub", "nowhere", "same-name"}
    robotics = hubs["robotics-hub"]
    assert robotics["sources"] == SEED["hubs"][0]["sources"], (
        "provenance lost: apply must keep a dihub record's same_as keys as SourceRecords")
    assert [c["name"] for c in robotics["contacts"]] == ["P"]
    assert len(robotics["technologies"]) == 2 and len(robotics["examples"]) == 2
    assert robotics["languages"] == ["de", "en", "uk"]
    assert robotics["translations"] == {
        "de": {"name": "Robotik-Zentrum", "title": "Roboter für KMU",
               "description": "<p>Roboter</p>"},
        "pl": {"description": "<p>Roboty</p>"}}
    assert (hubs["nowhere"]["languages"], hubs["nowhere"]["translations"]) == ([], {})
    assert [e["translations"] for e in robotics["examples"]] == [
        {"de": {"title": "Zelle", "need": "Bedarf"}, "it": {"result": "<b>r</b>"}}, {}]


@pytest.mark.slow
def test_round_trip_of_the_real_catalogues(tmp_path, edih_file, jrc_ngsi_file):
    from dihub.catalogue.imports import import_file

    import_file(edih_file)
    import_file(jrc_ngsi_file)
    data = json.loads(assert_round_trip(tmp_path))
    assert len(data["hubs"]) == Hub.objects.count() > 900


def test_csv_round_trip_keeps_languages_and_translations(tmp_path):
    import_json(json.dumps(SEED).encode())
    first = export_json(tmp_path, "first.csv", "csv")
    empty_the_catalogue()
    report = apply.run(native.parse_csv(first), file_name="export.csv", fmt="csv")
    assert report.rejected == 0 and report.problems == []
    assert export_json(tmp_path, "second.csv", "csv") == first
    hub = Hub.objects.get(slug="robotics-hub")
    assert sorted(hub.service_languages.values_list("code", flat=True)) == ["de", "en", "uk"]
    assert hub.i18n["name_de"] == "Robotik-Zentrum"
    assert hub.i18n["description_pl"] == "<p>Roboty</p>"
    assert hub.examples.get(title="Cell").i18n == {"title_de": "Zelle", "need_de": "Bedarf",
                                                    "result_it": "<b>r</b>"}


def test_a_translated_text_too_long_is_reported_and_left_out():
    hub = dict(SEED["hubs"][1], translations={
        "de": {"name": "N" * 301, "title": "Titel"},
        "fr": {"description": "<p>" + "x" * 50_000 + "</p>"}}, languages=["it"])
    report = apply.run(native.parse_json(json.dumps([hub]).encode()))
    assert report.created == 1 and report.rejected == 0
    assert [(p["row"], p["column"], p["reason"]) for p in report.problems] == [
        (1, "translations.de.name", "too long: 301 characters, at most 300: left out"),
        (1, "translations.fr.description",
         "too long: 50007 characters, at most 50000: left out")]
    stored = Hub.objects.get(slug="nowhere")
    assert stored.i18n == {"title_de": "Titel"}
    assert list(stored.service_languages.values_list("code", flat=True)) == ["it"]


def test_an_example_translated_wrongly_keeps_the_example_and_its_good_texts():
    hub = dict(SEED["hubs"][1], examples=[{"title": "Cell", "translations": {
        "de": {"title": "T" * 301, "need": "Bedarf", "motto": "x"}, "en": {"title": "Cell"},
        "fr": "Cellule"}}])
    report = apply.run(native.parse_json(json.dumps([hub]).encode()))
    assert report.created == 1 and report.rejected == 0
    assert sorted((p["column"], p["reason"]) for p in report.problems) == [
        ("examples[0].translations.de.motto", "expected one of title, client_profile, need, "
                                              "solution, result, left out"),
        ("examples[0].translations.de.title",
         "too long: 301 characters, at most 300: left out"),
        ("examples[0].translations.en", "expected one of de, fr, es, it, pl, left out"),
        ("examples[0].translations.fr", "expected an object with title, client_profile, "
                                        "need, solution, result, left out")]
    example = Hub.objects.get(slug="nowhere").examples.get()
    assert (example.title, example.i18n) == ("Cell", {"need_de": "Bedarf"})


def record(source="edih", source_id="Nowhere hub | ", **fields):
    return HubRecord(source=source, source_id=source_id, name="Nowhere hub", country="IT",
                     **fields)


def with_own_languages():
    hub = Hub.objects.get(name="Nowhere hub")
    sheet = sheets.of_hub(hub)
    sheet.update(languages=["it", "en"], translations={"de": {"name": "Nirgendwo"}})
    sheets.apply(hub, sheets.check(sheet))
    return hub


@pytest.mark.parametrize("first,again", [
    (record(), record(title="New title")),
    (record("jrc", "77"), record("jrc", "77", title="New title")),
    (record(), record("dihub", "nowhere", slug="nowhere")),
], ids=["edih", "jrc", "dihub file without them"])
def test_a_source_without_languages_keeps_the_hubs_own(first, again):
    apply.run([first])
    hub = with_own_languages()
    report = apply.run([again])
    assert report.updated == 1, report.as_dict()
    hub.refresh_from_db()
    assert hub.i18n == {"name_de": "Nirgendwo"}
    assert sorted(hub.service_languages.values_list("code", flat=True)) == ["en", "it"]


def test_a_dihub_file_with_them_replaces_them():
    apply.run([record()])
    hub = with_own_languages()
    apply.run([record("dihub", hub.slug, slug=hub.slug, languages=[],
                      translations={"fr": {"title": "Nulle part"}})])
    hub.refresh_from_db()
    assert hub.i18n == {"title_fr": "Nulle part"}
    assert not hub.service_languages.exists()
