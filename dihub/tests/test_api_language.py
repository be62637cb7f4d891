"""The API answers its errors in the language asked for: ?lang= first, then
Accept-Language, else English; Content-Language says which. The JSON shapes and the names
in them (parameters, fields) stay the same in every language; only the words change."""

import json

import pytest
from django.conf import settings
from django.test import Client

from dihub.accounts import flows
from dihub.accounts.tests.helpers import person

pytestmark = pytest.mark.django_db

COUNTRY = "/api/hubs?country=ZZZ"


def get(url, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return Client().get(url, **headers)


def test_a_bad_parameter_in_english_without_a_language():
    answer = get(COUNTRY)
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "country: expected the ISO 3166 code of a country, got 'ZZZ'",
        "param": "country", "suggestions": []}
    assert answer["Content-Language"] == "en"


def test_a_bad_parameter_in_german_by_accept_language():
    answer = get(COUNTRY, "de-DE,de;q=0.9,en;q=0.5")
    assert answer.status_code == 400
    assert answer["Content-Language"] == "de"
    body = answer.json()
    assert body["detail"] == ("country: erwartet: der ISO-3166-Code eines Landes; "
                              "erhalten: 'ZZZ'")
    assert body["param"] == "country" and set(body) == {"detail", "param", "suggestions"}


def test_a_bad_parameter_in_polish_by_lang():
    # ?lang= comes before Accept-Language
    answer = get(COUNTRY + "&lang=pl", "de")
    assert answer.status_code == 400
    assert answer["Content-Language"] == "pl"
    assert answer.json()["detail"] == "country: oczekiwano: kod ISO 3166 kraju; otrzymano: 'ZZZ'"


@pytest.mark.parametrize(("query", "language", "detail"), [
    ("page=0", None, "page: expected a whole number from 1 to 1000000"),
    ("page=0", "de", "page: erwartet: eine ganze Zahl von 1 bis 1000000"),
    ("page=0&lang=pl", None, "page: oczekiwano liczby całkowitej od 1 do 1000000"),
    ("type=castle", "de",
     "type: erwartet: einer der Werte edih, seal, dih, competence-centre, other"),
    ("technology=Quantum%20teleportation", "de",
     "technology: es gibt keine Technologie namens 'Quantum teleportation'"),
    ("technology=Quantum%20teleportation&lang=pl", None,
     "technology: nie ma technologii o nazwie 'Quantum teleportation'"),
])
def test_the_words_of_each_parameter_error(query, language, detail):
    answer = get(f"/api/hubs?{query}", language)
    assert answer.status_code == 400
    assert answer.json()["detail"] == detail


def test_a_404_in_the_language_asked_for():
    assert get("/api/hubs/no-such-hub", "fr").json()["detail"] == (
        "aucun pôle publié avec l'identifiant ou le slug 'no-such-hub'")
    assert get("/api/taxonomies/colour?lang=it").json()["detail"] == (
        "tipo sconosciuto 'colour': atteso uno tra technology, sector, service")


def test_ninja_own_checks_in_the_language_asked_for():
    """A query value of the wrong type: 422, the reason translated, the field as it is."""
    english = get("/api/taxonomies/technology?vocabulary=xx").json()
    german = get("/api/taxonomies/technology?vocabulary=xx", "de").json()
    assert english["errors"][0]["field"] == german["errors"][0]["field"]
    assert german["errors"][0]["reason"] == "Der Wert muss einer dieser Werte sein: 'edih', 'jrc'"
    assert english["errors"][0]["reason"] == "Input should be 'edih' or 'jrc'"


def register(body, lang_query="", language=None):
    """POST /api/hubs (register a hub) as a coordinator with an API token."""
    coordinator = person("co@dihub.example", group="coordinator")
    secret = flows.create_token(coordinator, "test")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    return Client().post(f"/api/hubs{lang_query}", json.dumps(body),
                         content_type="application/json", **headers)


@pytest.mark.parametrize(("lang_query", "language", "content_language", "reason"), [
    ("", None, "en", "String should have at most 2 characters"),
    ("", "de", "de", "Der Text darf höchstens 2 Zeichen lang sein"),
    ("?lang=pl", None, "pl", "Tekst może mieć najwyżej 2 znaki"),
])
def test_a_422_on_a_body(lang_query, language, content_language, reason):
    answer = register({"name": "Bad", "country": "France"}, lang_query, language)
    assert answer.status_code == 422
    assert answer["Content-Language"] == content_language
    assert answer.json() == {"detail": f"country: {reason}",
                             "errors": [{"field": "country", "reason": reason}]}


def test_a_413_in_german():
    answer = Client().generic("POST", "/api/maturity/score", b"{}",
                              content_type="application/json", HTTP_ACCEPT_LANGUAGE="de",
                              CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert answer.status_code == 413
    assert answer.json()["detail"] == (
        "Die Anfrage ist zu groß: 2,5 MB; diese Adresse nimmt höchstens 2,5 MB an.")


def test_an_unknown_lang_is_a_422_naming_the_languages():
    answer = get(COUNTRY + "&lang=xx", "de")
    assert answer.status_code == 422
    body = answer.json()
    codes = [code for code, _ in settings.LANGUAGES]
    assert body["errors"][0]["field"] == "lang"
    assert all(code in body["detail"] for code in codes)
    assert body["detail"] == "lang: one of " + ", ".join(codes)
