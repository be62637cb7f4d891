"""The NACE Rev.2 table, its sector mapping and the technology keywords (no database)."""

import csv
import string

import pytest

from dihub.s3 import match, nace
from dihub.taxonomy.vocab import vocabulary_names


def test_every_sector_named_exists_in_its_vocabulary():
    known = {v: set(vocabulary_names(v, "sector")) for v in ("edih", "jrc")}
    for row in nace.read_rows():
        for vocabulary, names in (("edih", row.edih), ("jrc", row.jrc)):
            missing = set(names) - known[vocabulary]
            assert not missing, f"{row.code}: {vocabulary} sectors {missing} not in the vocabulary"


def test_sections_a_to_u_and_88_divisions():
    rows = nace.read_rows()
    sections = [r.code for r in rows if r.code.isalpha()]
    divisions = [r.code for r in rows if r.code.isdigit()]
    assert sections == list(string.ascii_uppercase[:21])  # A-U
    assert len(divisions) == len(set(divisions)) == 88
    assert all(len(d) == 2 and r.section in sections for r in rows for d in [r.code]
               if r.code.isdigit())
    assert all(r.label for r in rows)
    # the gaps of NACE Rev.2 between sections
    for missing in ("04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"):
        assert missing not in divisions


@pytest.mark.parametrize("code, section, label", [
    ("01", "A", "Crop and animal production, hunting and related service activities"),
    ("26", "C", "Manufacture of computer, electronic and optical products"),
    ("35", "D", "Electricity, gas, steam and air conditioning supply"),
    ("62", "J", "Computer programming, consultancy and related activities"),
    ("72", "M", "Scientific research and development"),
    ("99", "U", "Activities of extraterritorial organisations and bodies"),
])
def test_known_divisions(code, section, label):
    row = {r.code: r for r in nace.read_rows()}[code]
    assert (row.section, row.label) == (section, label)


def test_every_section_and_every_division_but_two_maps_to_a_sector():
    unmapped = [r.code for r in nace.read_rows() if r.code.isdigit() and not (r.edih or r.jrc)]
    assert unmapped == ["98", "99"]


@pytest.mark.parametrize("item, code", [
    ("C", "C"), ("c", "C"), ("C26", "C26"), ("C.26", "C26"), ("C 26", "C26"), ("26", "C26"),
    ("26.1", "C26.1"), ("26.11", "C26.11"), ("C26.11", "C26.11"),
    ("C26 - Manufacture of computer, electronic and optical products", "C26"),
    ("J62: Computer programming", "J62"), ("C - Manufacturing", "C"),
])
def test_codes_are_normalised(item, code):
    assert nace.normalise(item) == (code, "")


@pytest.mark.parametrize("item, reason", [
    ("Construction", "not a NACE Rev.2 code"), ("2611", "not a NACE Rev.2 code"),
    ("26.111", "not a NACE Rev.2 code"), ("04", "no NACE Rev.2 division 04"),
    ("X", "not a NACE Rev.2 section"), ("A26", "belongs to section C, not A"),
    ("", "not a NACE Rev.2 code"),
])
def test_what_is_not_a_code(item, reason):
    code, why = nace.normalise(item)
    assert code == "" and reason in why


def test_a_cell_splits_at_semicolons_and_at_commas_between_bare_codes():
    assert nace.split_cell("C26; J62|M72") == ["C26", "J62", "M72"]
    assert nace.split_cell("C26, J62") == ["C26", "J62"]
    label = "C26 - Manufacture of computer, electronic and optical products"
    assert nace.split_cell(label) == [label]
    codes, problems = nace.parse_codes("C26; 26; Robots; 04")
    assert codes == ["C26"]
    assert [item for _, item in problems] == ["Robots", "04"]


def test_sectors_of_a_section_a_division_and_a_class():
    assert ("jrc", "Manufacture of electrical and optical equipment") in nace.sectors_for("C26.11")
    assert nace.sectors_for("C26.11") == nace.sectors_for("C26")
    section = nace.sectors_for("C")
    assert {("edih", "Textiles"), ("edih", "Automotive"), ("edih", "Manufacturing and processing")
            } <= section
    # a division without sectors takes its section's
    assert nace.sectors_for("T98") == nace.sectors_for("T97") | {("edih", "Personal services")}
    assert nace.sectors_for("U99") == frozenset()


def test_every_keyword_technology_is_an_edih_technology():
    known = set(vocabulary_names("edih", "technology"))
    with open(match.KEYWORDS_FILE, encoding="utf-8") as f:
        named = [row["technology"] for row in csv.DictReader(f)]
    assert named and set(named) <= known
    assert len(named) == len(set(named))


@pytest.mark.parametrize("text, found, absent", [
    ("Robots and AI in factories", {"Robotics", "Artificial Intelligence & Decision support"},
     set()),
    ("Gli aiuti ai comuni", set(), {"Artificial Intelligence & Decision support"}),
    ("Internet of Things and sensors",
     {"Internet of Things", "Sensors & Vision Processing Systems"}, set()),
    ("high-performance computing; quantum", {"High performance computing",
                                             "Quantum Technologies (computing/communication)"},
     set()),
    ("Sustainable tourism", set(), {"Robotics"}),
])
def test_technologies_named_in_text(text, found, absent):
    names = {name for _, name in match.technologies_in(text)}
    assert found <= names
    assert not absent & names


def test_no_division_names_the_general_manufacturing_sector():
    # a division asks for its own industry; "Manufacturing and processing" on every
    # manufacturing division would let any manufacturing hub meet any of them
    assert [r.code for r in nace.read_rows()
            if "Manufacturing and processing" in r.edih and r.code.isdigit()] == []
