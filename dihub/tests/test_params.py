"""The shared request parameters (dihub.params): one rule for numbers, countries and pages,
and the defects found by probing: digits that are not ASCII are text, never an id."""

import re

import pytest

from dihub import params as P
from dihub.catalogue.tests.factories import make_hub
from dihub.editing.tests.test_api import make_world

NOT_ASCII = ["¹", "²", "٣", "１２", "۵", "3²"]


@pytest.mark.parametrize("text", NOT_ASCII + ["", " ", "-1", "1.0", "1e3", "0x10", "9" * 20])
def test_only_ascii_digits_are_numbers(text):
    assert P.ascii_int(text) is None


def test_a_whole_number_may_be_written_with_a_zero_fraction():
    assert P.whole_number("20.0", "page", 1, 99) == 20
    for text in ("20.5", ".0", "2.0.0", "٢.0"):
        with pytest.raises(P.BadParameter):
            P.whole_number(text, "page", 1, 99)


def test_ascii_numbers_and_their_range():
    assert P.ascii_int(" 42 ") == 42 and P.ascii_int("0") == 0
    assert P.ascii_int("0", 1) is None and P.ascii_int(str(P.MAX_ID)) == P.MAX_ID
    assert P.ascii_int(str(P.MAX_ID + 1)) is None


@pytest.mark.parametrize("given, code", [("de", "DE"), ("EL", "GR"), ("uk", "GB"), ("GR", "GR")])
def test_one_country_rule(given, code):
    assert P.country_code(given) == code


@pytest.mark.parametrize("given, hint", [("Germany", ["DE"]), ("ZZ", []), ("Q1", []),
                                         ("D", [])])
def test_a_country_that_is_no_code_is_refused_with_a_hint(given, hint):
    with pytest.raises(P.BadParameter) as caught:
        P.country_code(given)
    assert caught.value.param == "country" and caught.value.suggestions == hint


def test_a_param_says_in_openapi_what_it_checks():
    country = P.countries("ISO codes").openapi()
    assert country["schema"]["type"] == "array" and country["schema"]["maxItems"] == P.MAX_VALUES
    pattern = country["schema"]["items"]["pattern"]
    assert P.unblank(country["schema"]["items"])["pattern"] == "^[A-Za-z]{2}$"
    size = P.unblank(P.page_size(24, 100).openapi()["schema"])
    assert (size["minimum"], size["maximum"], size["default"]) == (1, 100, 24)
    assert P.choice("sort", ("a", "b"), "order").openapi()["schema"]["enum"] == ["", "a", "b"]
    # a blank value is no value, for the reader as for the schema
    for value, fits in (("de", True), ("", True), (" \x1f", True), ("d", False), ("d e", False)):
        assert bool(re.fullmatch(pattern[1:-1], value)) is fits, value
        if fits:
            P.countries("codes")({"country": [value]})
        else:
            with pytest.raises(P.BadParameter):
                P.countries("codes")({"country": [value]})
    assert P.choice("sort", ("a", "b"), "order", default="a")({"sort": ""}) == "a"


def test_repeated_values_are_bounded():
    with pytest.raises(P.BadParameter, match="at most 20 values"):
        P.countries("codes")({"country": ["DE"] * 21})


@pytest.mark.django_db
@pytest.mark.parametrize("key", NOT_ASCII)
def test_hub_urls_with_other_digits_answer_404(client, key):
    hub = make_hub("Numbered hub")
    assert client.get(f"/api/hubs/{hub.pk}").status_code == 200
    arabic = str(hub.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for text in (key, arabic):
        answer = client.get(f"/api/hubs/{text}")
        assert answer.status_code == 404, (text, answer.content)


@pytest.mark.django_db
@pytest.mark.parametrize("url, param", [
    ("/api/regions?page=%C2%B2", "page"), ("/api/regions?level=%D9%A3", "level"),
    ("/api/hubs?page=%C2%B2", "page"), ("/api/hubs?min_level=%D9%A3", "min_level"),
    ("/api/hubs?page_size=%EF%BC%91", "page_size"),
])
def test_query_numbers_in_other_digits_answer_400(client, url, param):
    answer = client.get(url)
    assert answer.status_code == 400 and answer.json()["param"] == param


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["%C2%B3", "%D9%A1"])
def test_confirm_with_other_digits_answers_404(client, key):
    world = make_world()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secret['coordinator']}"}
    assert client.post(f"/api/hubs/{key}/confirm", **headers).status_code == 404
    assert client.post(f"/api/hubs/{world.a.pk}/confirm", **headers).status_code == 200
