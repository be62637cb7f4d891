"""The vocabulary and crosswalk files: well formed, complete, and true to the real exports."""

import csv
import json
import re
from collections import Counter
from types import SimpleNamespace

from django.utils.text import slugify

from dihub.taxonomy.models import Crosswalk, Kind, Vocabulary
from dihub.taxonomy.parse import normalize
from dihub.taxonomy.vocab import (
    DATA_DIR,
    KINDS,
    RELATIONS,
    parser_for,
    read_crosswalk,
    read_terms,
    vocabulary_names,
)

EDIH_COLUMNS = {
    "technology": "Formatted technologies",
    "sector": "Formatted sectors",
    "service": "Formatted services",
}


def test_kinds_vocabularies_and_relations_match_the_models():
    assert set(KINDS) == set(Kind.values)
    assert {t.vocabulary for t in read_terms()} == set(Vocabulary.values)
    assert {t.kind for t in read_terms()} == set(Kind.values)
    assert set(RELATIONS) == set(Crosswalk.Relation.values)

PROGRAMME = re.compile(r"^[^:]{2,}:\s*\S")


def looks_like_programme(text: str) -> bool:
    """True for "Programme:Project" values that some JRC hubs put among their sectors."""
    return bool(PROGRAMME.match(text or ""))


def read_no_counterpart() -> list[dict]:
    """The terms that no-counterpart.csv lists as linked to nothing, with their notes."""
    with open(DATA_DIR / "no-counterpart.csv", newline="", encoding="utf-8") as f:
        return [SimpleNamespace(**{k: (v or "").strip() for k, v in row.items()})
                for row in csv.DictReader(f)]


def test_no_two_terms_of_a_vocabulary_look_alike():
    keys = Counter((t.vocabulary, t.kind, normalize(t.name)) for t in read_terms())
    assert [k for k, n in keys.items() if n > 1] == []
    slugs = Counter((t.vocabulary, t.kind, slugify(t.name)) for t in read_terms())
    assert [k for k, n in slugs.items() if n > 1] == []


def test_names_are_clean_and_fit_the_model():
    for term in read_terms():
        assert term.name == " ".join(term.name.split()), term
        assert 0 < len(term.name) <= 200, term
        assert term.source_id == "" or term.source_id.isdigit(), term


def test_positions_and_source_ids_are_unique_within_a_vocabulary():
    for key in {(t.vocabulary, t.kind) for t in read_terms()}:
        terms = [t for t in read_terms() if (t.vocabulary, t.kind) == key]
        assert len({t.position for t in terms}) == len(terms), key
        ids = [t.source_id for t in terms if t.source_id]
        assert len(set(ids)) == len(ids), key


def test_every_crosswalk_row_names_existing_terms_of_its_kind():
    names = {(t.vocabulary, t.kind, t.name) for t in read_terms()}
    for link in read_crosswalk():
        assert ("jrc", link.kind, link.jrc) in names, link
        assert ("edih", link.kind, link.edih) in names, link
        assert link.relation in RELATIONS, link
    pairs = Counter((link.kind, link.jrc, link.edih) for link in read_crosswalk())
    assert [p for p, n in pairs.items() if n > 1] == []


def test_every_term_is_in_the_crosswalk_or_listed_without_counterpart():
    linked = set()
    for link in read_crosswalk():
        linked.add(("jrc", link.kind, link.jrc))
        linked.add(("edih", link.kind, link.edih))
    unlinked = {(u.vocabulary, u.kind, u.name) for u in read_no_counterpart()}
    names = {(t.vocabulary, t.kind, t.name) for t in read_terms()}
    assert unlinked <= names, unlinked - names
    assert linked & unlinked == set(), "a term is both linked and listed without counterpart"
    assert names - linked - unlinked == set()
    assert all(u.note for u in read_no_counterpart())


def test_the_examples_of_the_crosswalk():
    links = {(link.kind, link.jrc, link.edih): link.relation for link in read_crosswalk()}
    assert links["technology", "Internet of things", "Internet of Things"] == "exact"
    assert links["sector", "Life sciences & healthcare", "Health care"] == "broader"
    assert links["sector", "Life sciences & healthcare", "Life sciences"] == "broader"
    machinery = ("sector", "Manufacture of machinery and equipment", "Manufacturing and processing")
    assert links[machinery] == "narrower"


def test_edih_vocabulary_is_exactly_the_terms_of_the_export(edih_file):
    from python_calamine import CalamineWorkbook

    with open(edih_file, "rb") as f:
        rows = CalamineWorkbook.from_filelike(f).get_sheet_by_index(0).to_python()
    header = rows[0]
    for kind, column in EDIH_COLUMNS.items():
        parser = parser_for("edih", kind)
        index = header.index(column)
        seen, repeated = Counter(), 0
        for row in rows[1:]:
            parsed = parser.parse(row[index])
            assert all("appears more than once" in p for p in parsed.problems), parsed.problems
            repeated += len(parsed.problems)
            assert all(known and level in range(1, 6) for _, level, known in parsed.terms)
            seen.update(name for name, _, _ in parsed.terms)
        assert set(seen) == set(vocabulary_names("edih", kind)), column
        # the export repeats a term in a few cells, e.g. "Energy - 5, ..., Energy - 4"
        assert repeated == {"technology": 3, "sector": 8, "service": 7}[kind]
        if kind == "technology":
            # 'data' is a term of its own (see docs/taxonomy.md), often next to 'Big data'
            assert seen["data"] == 14


def test_edih_items_are_name_dash_level_so_a_simple_split_agrees(edih_file):
    """An independent reading: items end in ' - N'; the parser must find the same items."""
    from python_calamine import CalamineWorkbook

    with open(edih_file, "rb") as f:
        rows = CalamineWorkbook.from_filelike(f).get_sheet_by_index(0).to_python()
    index = rows[0].index(EDIH_COLUMNS["technology"])
    for row in rows[1:]:
        simple = {}
        for m in re.finditer(r"(.+?) - (\d)(?:, |$)", row[index]):
            simple.setdefault(m[1], int(m[2]))
        parsed = parser_for("edih", "technology").parse(row[index])
        assert [(name, level) for name, level, _ in parsed.terms] == list(simple.items())


def test_jrc_domains_are_sectors_or_programmes(jrc_ngsi_file):
    entities = json.loads(jrc_ngsi_file.read_text(encoding="utf-8"))
    parser = parser_for("jrc", "sector")
    sectors, programmes = Counter(), []
    for entity in entities:
        for value in entity.get("domain", {}).get("value", []):
            name = parser.lookup(value)
            if name:
                sectors[name] += 1
            else:
                assert looks_like_programme(value), value
                programmes.append(value)
    assert set(sectors) == set(vocabulary_names("jrc", "sector"))
    assert len(programmes) == 16
    assert sectors["Life sciences & healthcare"] == 270


def test_jrc_portal_technologies_and_services_have_their_ids(jrc_geojson_file):
    feature = json.loads(jrc_geojson_file.read_text(encoding="utf-8"))["features"][0]
    ids = {(t.kind, t.name): t.source_id for t in read_terms() if t.vocabulary == "jrc"}
    for kind, field in (("technology", "digitTechsFocus"), ("service", "servicesProvided")):
        for item in feature["properties"][field]:
            assert ids[kind, item["name"]] == str(item["id"]), item
