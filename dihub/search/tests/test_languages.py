"""Search in the reader's language: stems per language, on both databases."""

import pytest
from django.utils import translation

from dihub.catalogue.models import Hub
from dihub.search import languages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, lang", [
    ("Wir unterstützen kleine und mittlere Unternehmen bei der Digitalisierung", "de"),
    ("Nous accompagnons les entreprises dans leur transformation numérique", "fr"),
    ("Apoyamos a las empresas en la transformación digital de sus procesos", "es"),
    ("Sosteniamo le imprese nella trasformazione digitale e nella formazione", "it"),
    ("Wspieramy firmy w transformacji cyfrowej i we wdrażaniu nowych technologii", "pl"),
    ("We help small companies with the adoption of digital technology", "en"),
])
def test_the_language_of_a_text_is_told_by_its_short_words(text, lang):
    assert languages.detect(text) == lang


def test_a_short_text_takes_the_country_s_language():
    assert languages.detect("Robotik", "AT") == "de"
    assert languages.detect("Robotik", "") == ""


def test_inflected_forms_share_a_stem_in_each_language():
    assert languages.stems("sztucznej inteligencji", "pl") == languages.stems(
        "sztuczna inteligencja", "pl")
    assert languages.stems("Künstlicher Intelligenz", "de") == languages.stems(
        "künstliche Intelligenz", "de")
    assert languages.stems("données industrielles", "fr") == languages.stems(
        "donnée industrielle", "fr")
    assert languages.stems("robots", "en") == []  # English: the database's own stemming


def found(client, q, lang):
    answer = client.get("/api/hubs", {"q": q, "lang": lang})
    assert answer.status_code == 200, answer.content
    assert answer["Content-Language"] == lang
    return {h["slug"] for h in answer.json()["results"]}


@pytest.fixture
def polish_and_german_hubs():
    Hub.objects.create(slug="krakow", name="Hub Kraków", country="PL",
                       local_description="<p>Wspieramy firmy we wdrażaniu sztucznej "
                                         "inteligencji i robotów przemysłowych.</p>")
    Hub.objects.create(slug="stuttgart", name="Hub Stuttgart", country="DE",
                       local_description="<p>Wir begleiten Unternehmen bei der Einführung "
                                         "datengetriebener Geschäftsmodelle.</p>")
    Hub.objects.create(slug="lyon", name="Hub Lyon", country="FR",
                       i18n={"description_fr": "<p>Nous aidons les entreprises à valoriser "
                                               "leurs données industrielles.</p>"},
                       description="<p>We help companies use their industrial data.</p>")


def test_a_query_in_the_reader_s_language_finds_text_in_that_language(
        client, polish_and_german_hubs):
    assert found(client, "sztuczna inteligencja", "pl") == {"krakow"}
    assert found(client, "Geschäftsmodell", "de") == {"stuttgart"}
    assert found(client, "donnée industrielle", "fr") == {"lyon"}  # the hub's own translation
    # the English stemming alone does not join the Polish forms
    assert found(client, "sztuczna inteligencja", "en") == set()


def test_the_last_word_is_a_prefix_in_the_reader_s_language(client, polish_and_german_hubs):
    assert found(client, "sztuczna intelig", "pl") == {"krakow"}


def test_a_hub_s_change_reaches_the_stems_at_once(client, polish_and_german_hubs):
    hub = Hub.objects.get(slug="stuttgart")
    hub.i18n = {"description_pl": "<p>Pomagamy firmom w cyfryzacji.</p>"}
    hub.save()
    assert found(client, "cyfryzacja", "pl") == {"stuttgart"}
    with translation.override("de"):
        assert found(client, "Geschäftsmodelle", "de") == {"stuttgart"}



def test_a_word_too_long_to_be_one_is_left_out_of_the_stems(client):
    long = "x" * 5000
    Hub.objects.create(slug="long", name="Long Hub", country="DE",
                       i18n={"description_de": f"<p>{long} Roboter</p>"})
    assert found(client, "Roboter", "de") == {"long"}
