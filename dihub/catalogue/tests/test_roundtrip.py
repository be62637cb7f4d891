"""Export to JSON, import into an empty database, export again: the same bytes."""

import json

import pytest
from django.core.management import call_command

from dihub.catalogue.importers import apply, native
from dihub.catalogue.models import Hub, ImportRun
from dihub.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def export_json(tmp_path, name="export.json") -> bytes:
    out = tmp_path / name
    call_command("export", "--format", "json", "-o", str(out))
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
         "examples": [{"title": "Cell", "need": "n"}, {"title": "Arm", "result": "r"}],
         "funding": [{"programme": "DEP", "description": "grant"}],
         "sources": [{"source": "edih", "source_id": "Robotics Hub | Robots for SMEs"}]},
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


@pytest.mark.slow
def test_round_trip_of_the_real_catalogues(tmp_path, edih_file, jrc_ngsi_file):
    from dihub.catalogue.imports import import_file

    import_file(edih_file)
    import_file(jrc_ngsi_file)
    data = json.loads(assert_round_trip(tmp_path))
    assert len(data["hubs"]) == Hub.objects.count() > 900
