"""Placing addresses with the offline gazetteer."""

import pytest

from dihub.regions.geo import parse_address, place


def located(text, country):
    address = parse_address(text, country)
    return place(country, address.postcode, address.city, text)


def near(found, lat, lon, tolerance=0.3):
    return abs(found.lat - lat) < tolerance and abs(found.lon - lon) < tolerance


@pytest.mark.parametrize("text, country, nuts3, lat, lon", [
    ("Rua de Vila Flor 166, 4810-453 Guimaraes, Portugal", "PT", "PT119", 41.44, -8.30),
    ("Plaza viriato s/n, 49071 Zamora Zamora, Spain", "ES", "ES419", 41.50, -5.75),
    ("Budapest, Rákóczi út 70-72. 6. em., 1074, Hungary", "HU", "HU110", 47.50, 19.04),
    ("Markt 11, 6811 CG Arnhem, Netherlands", "NL", "NL226", 51.98, 5.91),
    ("6th km charilaou – thermi rd, 57001 Thessaloniki, Greece", "GR", "EL522", 40.64, 22.94),
    ("Eksporta street 5, Riga, LV-1010, Latvia", "LV", "LV00A", 56.95, 24.11),
])
def test_place_by_postcode(text, country, nuts3, lat, lon):
    found = located(text, country)
    assert found.nuts3 == nuts3 and found.region_from == "postcode"
    assert found.coords_from == "place" and near(found, lat, lon)
    assert found.reason == ""


@pytest.mark.parametrize("text, country, nuts3, lat, lon", [
    ("Hochschulring 20, Bremen, Germany", "DE", "DE501", 53.08, 8.81),
    ("Put gimnazije 2, Sibenik, Croatia", "HR", "HR034", 43.73, 15.90),
    ("Rue de bercy 149, Paris, France", "FR", "FR101", 48.85, 2.35),
    ("Uke Bytyqi, Prizren, Kosovo", "XK", "XK004", 42.21, 20.74),
    ("Cetinjski Put 2, Podgorica, Montenegro", "ME", "ME000", 42.44, 19.26),
])
def test_place_by_city(text, country, nuts3, lat, lon):
    found = located(text, country)
    assert found.nuts3 == nuts3 and found.region_from == "place"
    assert found.coords_from == "place" and near(found, lat, lon)


def test_accents_and_case_fold():
    assert place("PT", city="GUIMARAES").city == "Guimarães"
    assert place("PT", city="guimarães").nuts3 == place("PT", city="Guimaraes").nuts3 != ""


def test_html_entities_are_read():
    assert place("PL", city="Krak&amp;#243;w").city == "Kraków"


def test_names_that_lost_their_accented_letters_are_still_found():
    # the JRC export dropped every non-ASCII letter: "Böblingen" became "Bblingen"
    assert place("DE", city="Bblingen").city == "Böblingen"
    assert place("DE", city="Mnchen").city == "Munich"
    assert place("ES", city="Logroo").nuts3 == "ES230"
    assert place("DE", city="Boblingen").city == "Böblingen", "exact names still come first"


def test_unknown_place_gets_a_reason_and_no_coordinates():
    found = place("DE", city="Xyzzyville", address_text="Nowhere street 1, Xyzzyville, Germany")
    assert found.lat is None and found.lon is None and found.coords_from == ""
    assert found.nuts3 == "" and "Xyzzyville" in found.reason


def test_no_country_or_address():
    assert place("").reason == "no country"
    assert place("DE").reason and place("DE").lat is None


def test_postcode_region_without_a_known_place_takes_its_largest_place():
    found = place("SE", "721 23", "Vasteraas")
    assert found.nuts3 == "SE125" and found.coords_from == "postcode"
    assert "Västerås" in found.note and near(found, 59.61, 16.55)


def test_a_namesake_outside_the_postcode_region_is_passed_over():
    # Frankfurt (Oder) is in DE403; the postcode says so, not the larger Frankfurt am Main.
    found = place("DE", "15230", "Frankfurt", "Logenstraße 8, 15230 Frankfurt, Germany")
    assert found.nuts3 == "DE403"
    assert found.lon is None or found.lon > 13
