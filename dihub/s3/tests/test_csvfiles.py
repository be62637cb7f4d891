"""Reading the two CSV formats and checking NUTS codes (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dihub.catalogue.exporters.flat import COLUMNS as HUB_CSV_COLUMNS
from dihub.catalogue.importers import detect_format
from dihub.catalogue.importers.record import UnusableInput
from dihub.s3 import csvfiles, nace, nutscodes
from dihub.s3.csvfiles import INDICATORS, PRIORITIES

REGIONS = {"ES": ("España", 0), "ES4": ("Centro (ES)", 1), "ES41": ("Castilla y León", 2),
           "NL": ("Nederland", 0), "NL3": ("West-Nederland", 1), "NL35": ("Utrecht", 2),
           "EL": ("Elláda", 0), "UK": ("United Kingdom", 0)}


def table(text, fmt):
    return csvfiles.read_table(text.encode(), fmt)


def problems(rows):
    return [(p.row, p.column, p.reason) for r in rows for p in r.problems]


@pytest.mark.parametrize("header, fmt", [
    ("nuts_code,period,title,description", PRIORITIES),
    ("NUTS code;Programming period;Priority title", PRIORITIES),
    ("nuts_code,indicator,year,value,unit,source", INDICATORS),
    ("\ufeffNUTS_CODE\tIndicator\tYear\tValue", INDICATORS),
    ("nuts_code,title,description", None),
    (",".join(HUB_CSV_COLUMNS), None),
])
def test_the_format_is_read_from_the_header(header, fmt):
    assert csvfiles.format_of_header(header) == fmt


def test_detection_tells_region_files_from_hub_files():
    assert detect_format(b"nuts_code,period,title\nES41,2021-2027,x\n") == PRIORITIES
    assert detect_format(b"nuts_code,indicator,year,value\nES41,population,2023,1\n") == INDICATORS
    assert detect_format((",".join(HUB_CSV_COLUMNS) + "\n").encode()) == "csv"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"nuts_code,title\nES41,x\n", "missing column(s) period"),
    (b"nuts_code,period,title\n", "a header and no rows"),
    (b"nuts_code,period,title\n\xff\xfe,x,y\n", "not UTF-8"),
])
def test_unusable_files(content, reason):
    with pytest.raises(UnusableInput, match=reason.replace("(", r"\(").replace(")", r"\)")):
        csvfiles.read_table(content, PRIORITIES)


def test_priorities_good_and_bad_rows():
    t = table(
        "nuts_code,period,title,nace_codes,scientific_domains,extra\n"
        "es41,2021-2027,Advanced manufacturing,C29; C28;Robots,Engineering; Physics,x\n"
        "ES99,2021-2027,Unknown region,,,\n"
        "ES41,2021-2027,,,,\n"
        "ES41,2021,Bad period,,,\n"
        "\n"
        "ES41,2021-2027,advanced  MANUFACTURING,,,\n",
        PRIORITIES)
    rows = csvfiles.parse_priorities(t, REGIONS)
    assert [p.as_dict() for p in t.problems] == [
        {"row": 1, "column": "extra", "reason": "unknown or repeated column, ignored"}]
    good = [r for r in rows if not r.rejected]
    assert len(good) == 1
    first = good[0]
    assert (first.region, first.period, first.title) == ("ES41", "2021-2027",
                                                         "Advanced manufacturing")
    assert first.nace_codes == ["C29", "C28"]
    assert first.scientific_domains == ["Engineering", "Physics"]
    found = problems(rows)
    assert (2, "nace_codes", "not a NACE Rev.2 code (expected e.g. C, C26 or C26.11): not stored"
            ) in found
    assert any(r == 3 and c == "nuts_code" and "unknown NUTS code 'ES99'" in why
               and "ES España" in why for r, c, why in found)
    assert any(r == 4 and c == "title" and "needs a title" in why for r, c, why in found)
    assert any(r == 5 and c == "period" and "YYYY-YYYY" in why for r, c, why in found)
    # row 6 is blank; row 7 repeats row 2's key (case and spaces do not count)
    assert any(r == 7 and "as row 2" in why for r, c, why in found)


def test_indicator_rows():
    t = table(
        "nuts_code,indicator,year,value,unit\n"
        "ES41,population,2023,2383139,persons\n"
        "ES41,eipe,2023,\"0,52\",index\n"
        "ES41,enterprises,2023,many,\n"
        "ES41,enterprises,1900,5,\n"
        "ES41,enterprises,2023.0,nan,\n"
        "GR,population,2023,1,\n",
        INDICATORS)
    rows = csvfiles.parse_indicators(t, REGIONS, last_year=2026)
    assert [(r.region, r.indicator, r.year, r.value) for r in rows if not r.rejected] == [
        ("ES41", "population", 2023, 2383139.0), ("ES41", "eipe", 2023, 0.52),
        ("EL", "population", 2023, 1.0)]
    found = problems(rows)
    assert any(r == 4 and c == "value" and "not a number" in why for r, c, why in found)
    assert any(r == 5 and c == "year" and "year out of range" in why for r, c, why in found)
    assert any(r == 6 and c == "value" and "not a finite number" in why for r, c, why in found)


def test_a_retired_nuts_2021_code_points_to_its_2024_successors():
    code, reason = nutscodes.check("NL31", REGIONS)
    assert code == ""
    assert "unknown NUTS code 'NL31'" in reason and "NUTS 2024: NL35" in reason
    assert "NUTS 2024: PT1A or PT1B" in nutscodes.check("PT17", REGIONS)[1]  # a split


def test_known_codes_are_cleaned():
    assert nutscodes.check(" es 41 ", REGIONS) == ("ES41", "")
    assert nutscodes.check("GB", REGIONS) == ("UK", "")
    assert nutscodes.check("ZZ9", REGIONS) == ("", "unknown NUTS code 'ZZ9'")
    assert nutscodes.check("", REGIONS)[1].startswith("empty")


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_bytes_give_rows_or_unusable_input(data):
    for fmt in csvfiles.FORMATS:
        try:
            t = csvfiles.read_table(data, fmt)
        except UnusableInput:
            continue
        if fmt == PRIORITIES:
            csvfiles.parse_priorities(t, REGIONS)
        else:
            csvfiles.parse_indicators(t, REGIONS, last_year=2026)


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_is_a_nace_code_or_a_reason(text):
    code, reason = nace.normalise(text)
    assert bool(code) != bool(reason)
    if code:
        assert nace.normalise(code) == (code, "")  # normalised codes read back as themselves
