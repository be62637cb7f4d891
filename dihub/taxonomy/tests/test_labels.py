"""Term labels in six languages: data/labels.csv complete, loaded, shown and in the API."""

import csv

import pytest
from django.utils import translation

from dihub.catalogue.tests.factories import make_hub
from dihub.taxonomy.labels import LANGUAGES, label, labels
from dihub.taxonomy.loader import get_or_create_unknown, sync_taxonomies
from dihub.taxonomy.models import Term
from dihub.taxonomy.vocab import DATA_DIR, LABEL_LANGUAGES, LABELS_FILE, read_labels, read_terms

AI_EDIH = "Artificial Intelligence & Decision support"
AI_JRC = "Artificial Intelligence and cognitive systems"
AI_DE = "Künstliche Intelligenz und Entscheidungsunterstützung"
AI_PL = "Sztuczna inteligencja i wspomaganie decyzji"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request activates its language in this thread and leaves it: later tests of this
    process expect English."""
    yield
    translation.activate("en")


# -- the file --------------------------------------------------------------------------------

def test_every_term_has_a_label_in_every_language():
    found = read_labels()
    missing = [(t.vocabulary, t.kind, t.name, lang) for t in read_terms()
               for lang in LABEL_LANGUAGES
               if not found.get((t.vocabulary, t.kind, t.name), {}).get(lang)]
    assert missing == [], f"labels.csv lacks {len(missing)} labels, e.g. {missing[:5]}"


def test_labels_name_only_terms_of_the_vocabularies():
    terms = {(t.vocabulary, t.kind, t.name) for t in read_terms()}
    with open(DATA_DIR / LABELS_FILE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["vocabulary", "kind", "name", *LABEL_LANGUAGES]
        rows = [(r["vocabulary"], r["kind"], r["name"]) for r in reader]
    assert len(rows) == len(set(rows)), "a term is labelled twice"
    unknown = sorted(set(rows) - terms)
    assert unknown == [], f"labels.csv names terms no vocabulary has: {unknown}"


def test_labels_are_trimmed_and_the_ai_terms_read_as_the_field_says():
    found = read_labels()
    for key, texts in found.items():
        for lang, text in texts.items():
            assert text == " ".join(text.split()), (key, lang, text)
    assert found[("edih", "technology", AI_EDIH)]["de"] == AI_DE
    assert found[("edih", "technology", AI_EDIH)]["pl"] == AI_PL
    assert found[("edih", "technology", AI_EDIH)]["fr"] == (
        "Intelligence artificielle et aide à la décision")
    jrc = found[("jrc", "technology", AI_JRC)]
    for lang, words in {"de": "Künstliche Intelligenz", "fr": "Intelligence artificielle",
                        "es": "Inteligencia artificial", "it": "Intelligenza artificiale",
                        "pl": "Sztuczna inteligencja"}.items():
        assert jrc[lang].startswith(words), (lang, jrc[lang])


# -- the database ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_loaded_into_the_i18n_field_with_english_fallback():
    ai = Term.objects.get(vocabulary="edih", kind="technology", name=AI_EDIH)
    assert ai.i18n["name_de"] == AI_DE
    with translation.override("de"):
        assert ai.name_i18n == AI_DE and label(ai) == AI_DE
    with translation.override("pl"):
        assert ai.name_i18n == AI_PL
    with translation.override("en"):
        assert ai.name_i18n == AI_EDIH
    assert label(ai, "de-AT") == AI_DE and label(ai, "xx") == AI_EDIH
    assert set(labels(ai)) == set(LANGUAGES) and labels(ai)["en"] == AI_EDIH
    unknown = get_or_create_unknown("edih", "sector", "Space mining")
    with translation.override("fr"):
        assert unknown.name_i18n == "Space mining" and label(unknown) == "Space mining"
    with translation.override("de"):  # the database can sort and filter by the label
        first = Term.objects.filter(vocabulary="edih", kind="technology").order_by("name_i18n")
        assert first.first().name_i18n <= AI_DE


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_restores_labels():
    assert not sync_taxonomies().changed
    Term.objects.filter(name=AI_EDIH).update(i18n={})
    report = sync_taxonomies()
    assert report.updated == 1
    assert Term.objects.get(vocabulary="edih", name=AI_EDIH).i18n["name_pl"] == AI_PL
    assert not sync_taxonomies().changed


# -- the pages -------------------------------------------------------------------------------

def ai_hub():
    return make_hub("KI-Hub Stuttgart", slug="ki-hub", city="Stuttgart",
                    terms=[(AI_EDIH, "technology", 5), (AI_JRC, "technology", 4, "jrc"),
                           ("Health care", "sector", 3), ("SME support", "service", 2)])


@pytest.mark.django_db
def test_search_page_shows_labels_in_the_readers_language(client):
    ai_hub()
    german = client.get("/de/hubs/").content.decode()
    assert AI_DE in german and "Künstliche Intelligenz und kognitive Systeme" in german
    assert "Gesundheitswesen" in german and "Unterstützung von KMU" in german
    assert AI_EDIH not in german.replace("&amp;", "&")
    assert "artificial-intelligence-decision-support" in german  # the facet's value: a slug
    polish = client.get("/pl/hubs/").content.decode()
    assert AI_PL in polish and "Opieka zdrowotna" in polish
    english = client.get("/hubs/").content.decode()
    assert "Artificial Intelligence &amp; Decision support" in english and AI_DE not in english


@pytest.mark.django_db
def test_filter_chip_and_facet_keep_the_slug_and_show_the_label(client):
    ai_hub()
    html = client.get("/de/hubs/", {"technology": "artificial-intelligence-decision-support"}
                      ).content.decode()
    assert "KI-Hub Stuttgart" in html
    chips = html.split('class="active-filters"', 1)[1].split("</ul>", 1)[0]
    assert AI_DE in chips
    assert "technology=artificial-intelligence-decision-support" in html  # links keep it
    by_name = client.get("/de/hubs/", {"technology": AI_EDIH}).content.decode()
    assert "KI-Hub Stuttgart" in by_name  # the canonical name still filters


@pytest.mark.django_db
def test_fact_sheet_shows_labels(client):
    ai_hub()
    german = client.get("/de/hubs/ki-hub/").content.decode()
    assert f'<span class="term-name">{AI_DE}</span>' in german
    assert "Künstliche Intelligenz und kognitive Systeme" in german
    polish = client.get("/pl/hubs/ki-hub/").content.decode()
    assert f'<span class="term-name">{AI_PL}</span>' in polish
    english = client.get("/hubs/ki-hub/").content.decode()
    assert '<span class="term-name">Artificial Intelligence &amp; Decision support</span>' in (
        english)


@pytest.mark.django_db
def test_hub_and_search_api_keep_canonical_names(client):
    ai_hub()
    hub = client.get("/api/hubs/ki-hub", {"lang": "de"}).json()
    assert AI_EDIH in [t["name"] for t in hub["technologies"]]
    found = client.get("/api/hubs", {"lang": "de"}).json()
    assert AI_EDIH in found["results"][0]["technologies"]


# -- the API ---------------------------------------------------------------------------------

def ai_term(client, **kwargs):
    terms = client.get("/api/taxonomies/technology", **kwargs).json()
    return next(t for t in terms if t["vocabulary"] == "edih" and t["name"] == AI_EDIH)


@pytest.mark.django_db
def test_api_label_follows_accept_language_and_lang(client):
    assert ai_term(client)["label"] == AI_EDIH
    assert ai_term(client, headers={"Accept-Language": "de-DE,de;q=0.9"})["label"] == AI_DE
    term = ai_term(client, data={"lang": "pl"}, headers={"Accept-Language": "de"})
    assert term["label"] == AI_PL and term["name"] == AI_EDIH
    assert term["labels"] == {
        "en": AI_EDIH, "de": AI_DE, "fr": "Intelligence artificielle et aide à la décision",
        "es": "Inteligencia artificial y apoyo a la toma de decisiones",
        "it": "Intelligenza artificiale e supporto decisionale", "pl": AI_PL}
    jrc = next(e for e in term["equivalents"] if e["name"] == AI_JRC)
    assert jrc["label"] == "Sztuczna inteligencja i systemy kognitywne"
    assert term["slug"] == "artificial-intelligence-decision-support"
