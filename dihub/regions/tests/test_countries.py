"""Country names as the sources write them."""

import pytest

from dihub.regions.countries import country_name, iso_code, iso_from_nuts, nuts_country


@pytest.mark.parametrize("name, code", [
    ("Czechia", "CZ"), ("Czech Republic", "CZ"), ("Türkiye", "TR"), ("Turkey", "TR"),
    ("Kosovo", "XK"), ("North Macedonia", "MK"), ("Bosnia and Herzegovina", "BA"),
    ("United Kingdom", "GB"), ("Israel", "IL"), ("Netherlands", "NL"), ("Greece", "GR"),
    ("  spain ", "ES"), ("DE", "DE"), ("el", "GR"), ("UK", "GB"), ("XK", "XK"),
    ("Republic of Ireland", "IE"),
])
def test_iso_code_of_the_names_sources_write(name, code):
    assert iso_code(name) == code


@pytest.mark.parametrize("name", ["", "   ", "Atlantis", "Zagreb", "QQ", "-"])
def test_iso_code_of_what_is_no_country(name):
    assert iso_code(name) is None


def test_nuts_country_codes():
    assert nuts_country("GR") == "EL"
    assert nuts_country("gb") == "UK"
    assert nuts_country("DE") == "DE"
    assert iso_from_nuts("EL") == "GR"
    assert iso_from_nuts("UK") == "GB"


def test_country_names():
    assert country_name("CZ") == "Czechia"
    assert country_name("GR") == "Greece"
    assert country_name("EL") == "Greece"
    assert country_name("XK") == "Kosovo"
    assert country_name("GB") == "United Kingdom"
    assert country_name("ZZ") == ""
