import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from dihub.catalogue.exporters import flat
from dihub.catalogue.exporters.source import export_hubs
from dihub.catalogue.models import ServiceLanguage

from .factories import full_hub, make_hub

pytestmark = pytest.mark.django_db

EDIH_COLUMNS = [
    "EDIH Name", "EDIH Title", "Description (indexed field)", "Country", "Contact name",
    "Contact Location", "EDIH/SoE", "Website", "Formatted sectors", "Formatted services",
    "Formatted technologies",
]
SECRETS = ("Secret Person", "secret@example.org", "+49 111")


TRANSLATIONS = {"de": {"name": "Robotik-Zentrum Stuttgart", "description": "<p>Roboter</p>"},
                "fr": {"title": "Des robots pour les PME"}}


@pytest.fixture
def hubs():
    hub = full_hub(i18n={"name_de": "Robotik-Zentrum Stuttgart",
                         "description_de": "<p>Roboter</p>",
                         "title_fr": "Des robots pour les PME", "name_it": ""})
    ServiceLanguage.objects.bulk_create([ServiceLanguage(hub=hub, code=c) for c in ("en", "de")])
    make_hub("Zeta hub", slug="zeta", country="IT", hub_type="dih", city="Turin",
             contacts=[dict(name="Hidden", email="hidden@example.org", publish=False)])
    make_hub("Draft hub", slug="draft", validation="draft")


def export(tmp_path, fmt, *args):
    out = tmp_path / f"export.{fmt}"
    call_command("export", "--format", fmt, "-o", str(out), *args)
    return out.read_bytes()


def assert_no_secrets(blob: str):
    for secret in SECRETS + ("Hidden", "hidden@example.org", "Draft hub"):
        assert secret not in blob


def test_json_export(tmp_path, hubs):
    doc = json.loads(export(tmp_path, "json"))
    assert doc["format"] == "dihub-hubs" and doc["version"] == 1
    assert [h["slug"] for h in doc["hubs"]] == ["robotics-hub-stuttgart", "zeta"]
    hub = doc["hubs"][0]
    assert "id" not in hub and "updated_at" not in hub
    assert hub["technologies"][0] == {"level": 5, "name":
                                      "Artificial Intelligence & Decision support",
                                      "vocabulary": "edih"}
    assert hub["contacts"] == [{"email": "hello@example.org", "name": "Public Person",
                                "phone": "+49 222", "publish": True, "role": "contact point"}]
    assert hub["languages"] == ["de", "en"] and hub["translations"] == TRANSLATIONS
    assert (doc["hubs"][1]["languages"], doc["hubs"][1]["translations"]) == ([], {})
    assert_no_secrets(json.dumps(doc, ensure_ascii=False))


def test_json_export_is_deterministic(tmp_path, hubs):
    assert export(tmp_path, "json") == export(tmp_path, "json")


def test_csv_export(tmp_path, hubs):
    blob = export(tmp_path, "csv").decode()
    rows = list(csv.DictReader(io.StringIO(blob)))
    assert list(rows[0]) == flat.COLUMNS
    assert [r["slug"] for r in rows] == ["robotics-hub-stuttgart", "zeta"]
    first = rows[0]
    assert first["technologies (edih)"].splitlines() == [
        "Artificial Intelligence & Decision support - 5", "Robotics - 4",
        "Micro- and nanoelectronics, optoelectronics - 2"]
    assert first["technologies (jrc)"] == "Robotics - 3"
    assert first["services (edih)"] == "Test before invest"
    assert (first["lat"], first["lon"], first["region_code"]) == ("48.74", "9.1", "DE11")
    assert json.loads(first["social"])["twitter"] == "https://twitter.com/robotics"
    assert json.loads(first["organisations"])[0]["name"] == "University of Stuttgart"
    assert first["sources"] == "edih:Robotics Hub Stuttgart | Robots for SMEs"
    assert first["languages"] == "de\nen"
    assert json.loads(first["translations"]) == TRANSLATIONS
    assert (rows[1]["languages"], rows[1]["translations"]) == ("", "")
    assert_no_secrets(blob)


def test_geojson_export(tmp_path, hubs):
    doc = json.loads(export(tmp_path, "geojson"))
    assert doc["type"] == "FeatureCollection"
    first, second = doc["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [9.1, 48.74]}
    assert first["id"] == "robotics-hub-stuttgart"
    assert first["properties"]["name"] == "Robotics Hub Stuttgart"
    assert "lat" not in first["properties"]
    assert first["properties"]["languages"] == ["de", "en"]
    assert second["geometry"] is None
    assert_no_secrets(json.dumps(doc, ensure_ascii=False))


def test_xlsx_export_starts_with_the_edih_columns(tmp_path, hubs):
    book = load_workbook(io.BytesIO(export(tmp_path, "xlsx")), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header = rows[0]
    assert header[: len(EDIH_COLUMNS)] == EDIH_COLUMNS
    assert header[len(EDIH_COLUMNS):] == flat.COLUMNS
    edih = dict(zip(header, rows[1], strict=True))
    assert edih["EDIH Name"] == "Robotics Hub Stuttgart"
    assert edih["EDIH/SoE"] == "EDIH"
    assert edih["Country"] == "Germany"
    assert edih["Contact name"] == "Public Person"
    assert edih["Contact Location"] == "Nobelstraße 12, 70569 Stuttgart, Germany"
    assert edih["Description (indexed field)"] == "We help SMEs with robots & AI."
    assert edih["Formatted technologies"] == (
        "Artificial Intelligence & Decision support - 5, Robotics - 4, "
        "Micro- and nanoelectronics, optoelectronics - 2")
    assert edih["Formatted sectors"] == "Manufacturing and processing - 5"
    assert edih["lat"] == 48.74
    second = dict(zip(header, rows[2], strict=True))
    assert (second["EDIH/SoE"], second["Country"], second["Contact name"]) == ("DIH", "Italy",
                                                                               None)
    assert len(rows) == 3
    assert_no_secrets(json.dumps(rows, ensure_ascii=False, default=str))


def test_ngsi_ld_export_is_the_fiware_entity(tmp_path, hubs):
    entities = json.loads(export(tmp_path, "ngsi-ld"))
    first = entities[0]
    assert first["id"] == "urn:ngsi-ld:DigitalInnovationHub:dihub:robotics-hub-stuttgart"
    assert first["type"] == "DigitalInnovationHub"
    assert first["title"] == {"type": "Property", "value": "Robotics Hub Stuttgart"}
    assert first["address"]["value"]["addressCountry"] == "Germany"
    assert first["address"]["value"]["postalCode"] == "70569"
    assert "Manufacturing and processing" in first["domain"]["value"]
    assert "Robotics" in first["competences"]["value"]
    assert first["location"] == {"type": "GeoProperty",
                                 "value": {"type": "Point", "coordinates": [9.1, 48.74]}}
    assert [r["email"] for r in first["representatives"]["value"]] == ["hello@example.org"]
    assert "location" not in entities[1]
    assert "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld" in first["@context"]
    assert_no_secrets(json.dumps(entities, ensure_ascii=False))


def test_ngsi_ld_export_has_the_keys_of_the_jrc_file(tmp_path, hubs, jrc_ngsi_file):
    theirs = json.loads(jrc_ngsi_file.read_bytes())[0]
    ours = json.loads(export(tmp_path, "ngsi-ld"))[0]
    assert set(theirs) - {"logo", "relation"} <= set(ours)
    for key in set(theirs) & set(ours) - {"id", "type", "@context"}:
        assert ours[key]["type"] == theirs[key]["type"]
    assert set(theirs["address"]["value"]) == set(ours["address"]["value"])


def test_export_filters_and_stdout(hubs, capsysbinary):
    call_command("export", "--format", "csv", "--country", "it")
    out = capsysbinary.readouterr().out.decode()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["slug"] for r in rows] == ["zeta"]
    call_command("export", "--format", "json", "--type", "edih")
    doc = json.loads(capsysbinary.readouterr().out)
    assert [h["slug"] for h in doc["hubs"]] == ["robotics-hub-stuttgart"]


@pytest.mark.parametrize("args", [["--country", "Germany"], ["--type", "castle"]])
def test_export_bad_filter_is_an_error(args):
    with pytest.raises(CommandError):
        call_command("export", "--format", "json", *args)


def test_export_reads_in_chunks(hubs):
    for n in range(7):
        make_hub(f"More {n}", slug=f"more-{n}")
    slugs = [h["slug"] for h in export_hubs(chunk=3)]
    assert slugs == sorted(slugs) and len(slugs) == 9
