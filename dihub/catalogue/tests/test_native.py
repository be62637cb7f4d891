"""dihub's own JSON and CSV files read back (importers/native.py: no database needed)."""

import csv
import io
import json

import pytest

from dihub.catalogue.exporters import writers
from dihub.catalogue.importers import native
from dihub.catalogue.importers.record import HubRecord, TermRef

UnusableInput = native.UnusableInput


def hub(**overrides):
    data = {
        "slug": "robotics-hub", "name": "Robotics Hub", "local_name": "Robotik-Hub",
        "title": "Robots for SMEs", "description": "<p>Robots &amp; AI</p>",
        "local_description": "", "type": "edih", "status": "operational",
        "validation": "published",
        "address": {"street": "Nobelstraße 12", "postcode": "70569", "city": "Stuttgart",
                    "country": "DE", "text": "Nobelstraße 12, 70569 Stuttgart"},
        "lat": 48.74, "lon": 9.1, "region": {"code": "DE11", "name": "Stuttgart"},
        "website": "https://robotics.example.org/", "social": {"x": "https://x.example/r"},
        "initiative": "",
        "technologies": [
            {"name": "Micro- and nanoelectronics, optoelectronics", "vocabulary": "edih",
             "level": 5},
            {"name": "Robotics", "vocabulary": "jrc", "level": None}],
        "sectors": [{"name": "Manufacture of pulp, paper and paper products; publishing and "
                             "printing", "vocabulary": "jrc", "level": 2}],
        "services": [],
        "contacts": [{"name": "P", "role": "r", "email": "p@example.org", "phone": "",
                      "publish": True}],
        "organisations": [{"name": "Uni", "role": "coordinator", "country": "DE",
                           "website": ""}],
        "examples": [{"title": "Cell", "client_profile": "", "need": "n", "solution": "",
                      "result": ""}],
        "funding": [{"programme": "DEP", "description": ""}],
        "sources": [{"source": "edih", "source_id": "Robotics Hub | Robots for SMEs"},
                    {"source": "dihub", "source_id": "robotics-hub"}],
        "languages": ["de", "en"],
        "translations": {"de": {"name": "Robotik-Zentrum", "description": "<p>Roboter</p>"},
                         "pl": {"title": "Roboty dla MŚP"}},
        "id": 7, "updated_at": "2025-01-01T00:00:00+00:00",
    }
    data.update(overrides)
    return data


def as_json(*hubs) -> bytes:
    return "".join(writers.json_chunks(hubs)).encode()


def as_csv(*hubs) -> bytes:
    return "".join(writers.csv_chunks(hubs)).encode()


@pytest.mark.parametrize("encode,parse", [(as_json, native.parse_json),
                                          (as_csv, native.parse_csv)])
def test_every_field_comes_back(encode, parse):
    (rec,) = parse(encode(hub()))
    assert rec.problems == []
    assert (rec.source, rec.source_id, rec.slug) == ("dihub", "robotics-hub", "robotics-hub")
    assert (rec.name, rec.local_name, rec.title) == ("Robotics Hub", "Robotik-Hub",
                                                      "Robots for SMEs")
    assert rec.description == "<p>Robots &amp; AI</p>"
    assert (rec.hub_type, rec.status) == ("edih", "operational")
    assert (rec.street, rec.postcode, rec.city, rec.country) == ("Nobelstraße 12", "70569",
                                                                 "Stuttgart", "DE")
    assert rec.address_text == "Nobelstraße 12, 70569 Stuttgart"
    assert (rec.lat, rec.lon, rec.region) == (48.74, 9.1, "DE11")
    assert rec.website == "https://robotics.example.org/"
    assert rec.social == {"x": "https://x.example/r"}
    terms = {(t.vocabulary, t.kind, t.name, t.level) for t in rec.terms}
    assert terms == {
        ("edih", "technology", "Micro- and nanoelectronics, optoelectronics", 5),
        ("jrc", "technology", "Robotics", None),
        ("jrc", "sector", "Manufacture of pulp, paper and paper products; publishing and "
                          "printing", 2),
    }
    assert ("edih", "service") in rec.described and len(rec.described) == 6
    assert rec.contacts == [{"name": "P", "role": "r", "email": "p@example.org", "phone": "",
                             "publish": True}]
    assert rec.organisations[0]["role"] == "coordinator"
    assert rec.examples[0]["title"] == "Cell" and rec.funding[0]["programme"] == "DEP"
    assert rec.same_as == [("edih", "Robotics Hub | Robots for SMEs")]
    assert rec.languages == ["de", "en"]
    assert rec.translations == {"de": {"name": "Robotik-Zentrum", "description": "<p>Roboter</p>"},
                                "pl": {"title": "Roboty dla MŚP"}}


def test_the_csv_cells_of_languages_and_translations():
    (row,) = csv.DictReader(io.StringIO(as_csv(hub()).decode()))
    assert row["languages"] == "de\nen"
    assert json.loads(row["translations"])["pl"] == {"title": "Roboty dla MŚP"}
    (row,) = csv.DictReader(io.StringIO(as_csv(hub(languages=[], translations={})).decode()))
    assert (row["languages"], row["translations"]) == ("", "")


BAD_LANGUAGES = ["de", "xx", 7, "FR ", "de"]
BAD_TRANSLATIONS = {
    "de": {"name": "Robotik", "motto": "Hallo"},
    "en": {"name": "Robotics"},
    "fr": "Robotique",
    "it": {"description": "<p onclick='x'>Ciao<script>y</script></p>", "title": ["a"]},
    "es": {"name": "  "},
}


def test_bad_languages_and_translations_are_reported_and_the_rest_kept():
    _, rec = native.parse_json(as_json(hub(), hub(languages=BAD_LANGUAGES,
                                                   translations=BAD_TRANSLATIONS)))
    found = {(p.row, p.column, p.value) for p in rec.problems}
    assert found == {
        (2, "languages[1]", "xx"), (2, "languages[2]", "7"),
        (2, "translations.de.motto", "motto"), (2, "translations.en", "en"),
        (2, "translations.fr", "Robotique"), (2, "translations.it.title", '["a"]'),
    }
    assert all("left out" in p.reason for p in rec.problems)
    assert rec.name == "Robotics Hub" and rec.website == "https://robotics.example.org/"
    assert rec.languages == ["de", "fr"]
    assert rec.translations == {"de": {"name": "Robotik"},
                                "it": {"description": "<p>Ciao</p>"}}


def test_csv_problems_of_languages_and_translations_name_their_column():
    (rec,) = native.parse_csv(as_csv(hub(languages=["de", "xx"],
                                         translations=BAD_TRANSLATIONS)))
    found = {(p.row, p.column) for p in rec.problems}
    assert found == {(2, "languages"), (2, "translations")}
    assert [p.value for p in rec.problems if p.column == "languages"] == ["xx"]
    assert rec.languages == ["de"] and set(rec.translations) == {"de", "it"}


def test_a_translations_cell_of_broken_json_is_left_out():
    blob = as_csv(hub()).decode()
    rows = list(csv.DictReader(io.StringIO(blob)))
    rows[0]["translations"] = '{"de": '
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (rec,) = native.parse_csv(out.getvalue().encode())
    assert [(p.column, p.reason) for p in rec.problems] == [
        ("translations", "broken JSON in the cell, left out")]
    assert rec.translations is None and rec.languages == ["de", "en"]


def test_files_without_languages_leave_them_to_the_hub():
    """Files of before the two fields: the record does not speak for them (None), so an
    import keeps what the hub has; an empty list or object is the hub having none."""
    old = {k: v for k, v in hub().items() if k not in ("languages", "translations")}
    (rec,) = native.parse_json(as_json(old))
    assert (rec.languages, rec.translations) == (None, None)
    rows = list(csv.reader(io.StringIO(as_csv(hub()).decode())))
    out = io.StringIO()
    csv.writer(out).writerows(row[:-2] for row in rows)
    assert rows[0][-2:] == ["languages", "translations"]
    (rec,) = native.parse_csv(out.getvalue().encode())
    assert (rec.languages, rec.translations) == (None, None) and rec.problems == []
    (rec,) = native.parse_json(as_json(hub(languages=[], translations={})))
    assert (rec.languages, rec.translations) == ([], {})


def test_the_pure_constants_agree_with_the_sheet():
    from dihub.catalogue import languages, sheet

    assert native.TRANSLATION_LANGUAGES == sheet.TRANSLATION_LANGUAGES
    assert native.TRANSLATED == languages.TRANSLATED
    assert [native.is_language(c) for c in ("de", "hu", "xx", "deu")] == [True, True, False,
                                                                          False]


def test_api_answers_and_geojson_are_read_too():
    page = {"count": 1, "page": 1, "page_size": 24, "results": [hub()]}
    assert [r.slug for r in native.parse_json(json.dumps(page).encode())] == ["robotics-hub"]
    assert [r.slug for r in native.parse_json(json.dumps(hub()).encode())] == ["robotics-hub"]
    geo = "".join(writers.geojson_chunks([hub()])).encode()
    (rec,) = native.parse_json(geo)
    assert (rec.lat, rec.lon, rec.name) == (48.74, 9.1, "Robotics Hub")


def test_a_hub_without_a_name_is_yielded_with_a_problem():
    records = list(native.parse_json(as_json(hub(name=""), hub(slug="other", name="Other"))))
    assert len(records) == 2
    assert [(p.row, p.column) for p in records[0].problems] == [(1, "name")]
    assert records[1].problems == []


def test_bad_values_are_reported_by_row_and_column_and_the_rest_kept():
    bad = hub(type="castle", lat="north", lon=9, website="javascript:alert(1)",
              technologies=[{"name": "AI", "vocabulary": "edih", "level": 9},
                            {"name": "", "vocabulary": "edih"}],
              address={"country": "Germany"}, description="<p onclick='x'>Hi<script>y</script>")
    _, rec = native.parse_json(json.dumps([hub(), bad]).encode())
    columns = {p.column for p in rec.problems}
    assert {"type", "lat", "website", "technologies[0].level", "technologies[1]",
            "address.country"} <= columns
    assert all(p.row == 2 for p in rec.problems)
    assert rec.name == "Robotics Hub" and rec.hub_type == "" and rec.lat is None
    assert rec.website == "" and rec.country == ""
    assert [(t.name, t.level) for t in rec.terms if t.kind == "technology"] == [("AI", None)]
    assert "onclick" not in rec.description and "<script" not in rec.description


def test_csv_problems_name_the_csv_column():
    blob = as_csv(hub()).decode()
    rows = list(csv.DictReader(io.StringIO(blob)))
    rows[0].update({"country": "Germany", "contacts": "[broken", "sectors (edih)": "Energy - 8"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (rec,) = native.parse_csv(out.getvalue().encode())
    problems = {(p.row, p.column) for p in rec.problems}
    assert problems == {(2, "country"), (2, "contacts"), (2, "sectors (edih)")}
    assert rec.contacts == []
    assert ("edih", "sector", "Energy", None) in {(t.vocabulary, t.kind, t.name, t.level)
                                                  for t in rec.terms}


def test_semicolon_csv_is_read():
    blob = as_csv(hub()).decode()
    rows = list(csv.reader(io.StringIO(blob)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    (rec,) = native.parse_csv(out.getvalue().encode())
    assert rec.name == "Robotics Hub" and rec.problems == []


@pytest.mark.parametrize("parse,data", [
    (native.parse_json, b"{broken"),
    (native.parse_json, b'{"type": "Something"}'),
    (native.parse_json, b'[{"foo": 1}]'),
    (native.parse_json, b"\xff\xfe"),
    (native.parse_csv, b"a,b,c\n1,2,3\n"),
    (native.parse_csv, b"\xff\xfe\x00garbage"),
])
def test_files_of_another_shape_are_unusable(parse, data):
    with pytest.raises(UnusableInput) as info:
        list(parse(data))
    assert "\n" not in str(info.value)


def test_sanitizing_is_idempotent():
    html = '<p>a &lt;b&gt; &amp;amp; <a href="https://x.example/?a=1&amp;b=2">l</a></p><br>'
    once = native.sanitize(html)
    assert native.sanitize(once) == once
    assert "&lt;b&gt;" in once


def test_records_without_languages_hash_as_before():
    """A source without the two fields (EDIH, JRC) keeps the fingerprints of its records,
    so that the first import after an upgrade finds its hubs unchanged."""
    rec = HubRecord(source="edih", source_id="A | B", name="A", title="B", country="DE",
                    lat=48.5, terms=[TermRef("edih", "technology", "Robotics", 3)])
    before = "d819d88f504be7d81555c04dcc20b2a00b30a9d10c4a8b93377b0af425595ab0"
    assert rec.fingerprint("geo-1") == before
    rec.languages = []
    assert rec.fingerprint("geo-1") != before
