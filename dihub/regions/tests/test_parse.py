"""Splitting free-text addresses into street, postcode and city."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dihub.regions.geo import parse_address
from dihub.regions.postcodes import SHAPES, find_postcodes, normalise, nuts3_of_postcode


@pytest.mark.parametrize("text, country, postcode, city", [
    ("Plaza viriato s/n, 49071 Zamora Zamora, Spain", "ES", "49071", "Zamora"),
    ("Budapest, Rákóczi út 70-72. 6. em., 1074, Hungary", "HU", "1074", "Budapest"),
    ("Rua de Vila Flor 166, 4810-453 Guimaraes, Portugal", "PT", "4810-453", "Guimaraes"),
    ("Hochschulring 20, Bremen, Germany", "DE", "", "Bremen"),
    ("Via Santa Croce 77, 38122 Trento TN, Italy", "IT", "38122", "Trento"),
    ("Campus gräsvik 2, 371 75 Karlskrona, Sweden", "SE", "371 75", "Karlskrona"),
    ("Markt 11, 6811 CG Arnhem, Netherlands", "NL", "6811 CG", "Arnhem"),
    ("Ul. trzy lipy 3, 80-172 Gdańsk, Poland", "PL", "80-172", "Gdańsk"),
    ("Eksporta street 5, Riga, LV-1010, Latvia", "LV", "LV-1010", "Riga"),
    ("Nalšios g. 11, 08410 Vilnius, Lithuania", "LT", "08410", "Vilnius"),
    ("Soho the strand, fawwara building, msida road, Gzira GZR1401, Malta", "MT", "GZR1401",
     "Gzira"),
    ("ATU Sligo, Sligo, Co. Sligo, F91YW50, Ireland", "IE", "F91YW50", "Sligo"),
    ("Ehitajate tee 5, 19086 Tallinn Estonia, Estonia", "EE", "19086", "Tallinn"),
    ("Munkebjergvænget 1, 5230 Odense M, Denmark", "DK", "5230", "Odense"),
    ("3 Ulasa Samchuka St, Lviv, Lviv oblast, 79011, Ukraine", "UA", "79011", "Lviv"),
    ("Velká hradební 2800/54, 40001 Ústí nad labem, Czechia", "CZ", "40001", "Ústí nad labem"),
    ("2000, route des Lucioles, 06410 Biot, France", "FR", "06410", "Biot"),
    ("Vasteland 100, 3011 bp, 3011 Rotterdam, Netherlands", "NL", "3011 bp", "Rotterdam"),
    ("DESHMORET E 4 SHKURTIT, 1001, Tirana, Albania", "AL", "1001", "Tirana"),
    ("6th km charilaou – thermi rd, 57001 Thessaloniki, Greece", "GR", "57001", "Thessaloniki"),
])
def test_parse_real_addresses(text, country, postcode, city):
    address = parse_address(text, country)
    assert (address.postcode, address.city) == (postcode, city)


def test_parse_keeps_the_street():
    address = parse_address("Rua de Vila Flor 166, 4810-453 Guimaraes, Portugal", "PT")
    assert address.street == "Rua de Vila Flor 166"


def test_parse_empty():
    assert parse_address("", "DE") == parse_address("   ", "DE")
    assert parse_address("Germany", "DE").city == ""


@pytest.mark.parametrize("written, country, key", [
    ("4810-453", "PT", "4810-453"), ("1234ab", "NL", "1234 AB"), ("80-172", "PL", "80-172"),
    ("37175", "SE", "371 75"), ("301 00", "CZ", "301 00"), ("570 01", "GR", "57001"),
    ("LV 1010", "LV", "LV-1010"), ("GZR 1401", "MT", "GZR"), ("D04 V2N9", "IE", "D04"),
    ("LT-08410", "LT", "08410"), ("hello", "DE", ""), ("12345", "XX", ""),
])
def test_normalise_postcodes(written, country, key):
    assert normalise(written, country) == key


def test_postcode_regions_greece_keyed_as_el():
    assert nuts3_of_postcode("570 01", "GR").startswith("EL5")
    assert nuts3_of_postcode("4810-453", "PT") == "PT119"
    assert nuts3_of_postcode("00000", "DE") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(sorted(SHAPES) + ["", "ZZ", "xk"]))
def test_parse_never_crashes(text, country):
    address = parse_address(text, country)
    assert isinstance(address.city, str) and isinstance(address.postcode, str)
    if address.postcode:
        assert address.postcode in text


SAMPLES = {
    "DE": "10117", "ES": "49071", "PT": "4810-453", "NL": "6811 CG", "PL": "80-172",
    "SE": "371 75", "CZ": "602 00", "SK": "042 00", "GR": "546 55", "MT": "GZR 1401",
    "LV": "LV-1010", "LT": "LT-08410", "AT": "8010", "RO": "400609", "IE": "D04 V2N9",
}
words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=3,
                max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SAMPLES)), words, st.integers(1, 99), words, st.booleans())
def test_postcode_of_known_shape_is_found(country, street, number, city, comma_after):
    postcode = SAMPLES[country]
    sep = ", " if comma_after else " "
    text = f"{street} {number}, {postcode}{sep}{city}, Somewhere"
    address = parse_address(text, country)
    assert normalise(address.postcode, country) == normalise(postcode, country)
    assert find_postcodes(postcode, country)
