"""A hub's texts per language, and the languages it serves customers in."""

import pytest

from dihub.catalogue.models import Hub, ServiceExample, ServiceLanguage

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    hub = Hub.objects.create(
        slug="bavaria", name="Bavarian Hub", country="DE", description="<p>We help SMEs.</p>",
        i18n={"name_de": "Bayerischer Hub", "description_de": "<p>Wir helfen KMU.</p>",
              "name_pl": "Hub Bawarski"})
    ServiceExample.objects.create(hub=hub, title="Robot cell", i18n={"title_de": "Roboterzelle"})
    for code in ("de", "en", "cs"):
        ServiceLanguage.objects.create(hub=hub, code=code)
    return hub


def test_a_fact_sheet_shows_the_hub_s_own_text_in_the_reader_s_language(client, hub):
    page = client.get("/de/hubs/bavaria/").content.decode()
    assert "Bayerischer Hub" in page and "Wir helfen KMU." in page and "Roboterzelle" in page
    assert "We help SMEs." not in page
    assert "original-language" not in page  # nothing left untranslated


def test_what_the_hub_has_not_translated_shows_as_written_with_a_note(client, hub):
    page = client.get("/pl/hubs/bavaria/").content.decode()
    assert "Hub Bawarski" in page  # translated
    assert "We help SMEs." in page  # the original
    assert 'class="notice original-language"' in page
    english = client.get("/hubs/bavaria/").content.decode()
    assert "Bavarian Hub" in english and "original-language" not in english


def test_the_languages_of_service_are_named_in_the_reader_s_language(client, hub):
    assert all(n in client.get("/de/hubs/bavaria/").content.decode()
               for n in ("Deutsch", "Englisch", "Tschechisch"))
    assert "Czech" in client.get("/hubs/bavaria/").content.decode()


def test_the_api_gives_languages_and_translations(client, hub):
    body = client.get("/api/hubs/bavaria").json()
    assert body["languages"] == ["cs", "de", "en"]
    assert body["translations"]["de"] == {"name": "Bayerischer Hub",
                                          "description": "<p>Wir helfen KMU.</p>"}
    assert body["name"] == "Bavarian Hub"  # the original stays the original


def test_language_of_service_is_a_facet_and_a_filter(client, hub):
    Hub.objects.create(slug="lyon", name="Lyon Hub", country="FR")
    body = client.get("/api/hubs").json()
    assert {f["value"]: f["count"] for f in body["facets"]["language"]} == {
        "cs": 1, "de": 1, "en": 1}
    assert client.get("/api/hubs", {"language": "CS"}).json()["count"] == 1
    assert client.get("/api/hubs", {"language": ["fr", "de"]}).json()["count"] == 1
    bad = client.get("/api/hubs", {"language": "zz"})
    assert bad.status_code == 400 and bad.json()["param"] == "language"
    page = client.get("/de/hubs/", {"language": "cs"}).content.decode()
    assert "Tschechisch" in page and "Sprache" in page


def test_the_sheet_keeps_translations_and_languages_checked_and_sanitized(hub):
    from dihub.catalogue import sheet

    doc = sheet.of_hub(hub)
    assert doc["languages"] == ["cs", "de", "en"]
    assert doc["translations"]["pl"] == {"name": "Hub Bawarski"}
    doc["languages"] = ["FR", "fr", "de"]
    doc["translations"] = {"fr": {"name": "Pôle bavarois",
                                  "description": "<p>Nous aidons.</p><script>x</script>"},
                           "it": {"name": "  ", "title": ""}}
    checked = sheet.check(doc)
    assert checked["languages"] == ["de", "fr"]
    assert checked["translations"] == {"fr": {"name": "Pôle bavarois",
                                              "description": "<p>Nous aidons.</p>"}}
    sheet.apply(hub, checked)
    hub.refresh_from_db()
    assert hub.i18n == {"name_fr": "Pôle bavarois", "description_fr": "<p>Nous aidons.</p>"}
    assert sorted(hub.service_languages.values_list("code", flat=True)) == ["de", "fr"]
    changes = {c["field"] for c in sheet.diff(doc | {"translations": {}}, checked)}
    assert "translations" in changes


@pytest.mark.parametrize("bad, field", [
    ({"languages": ["zz"]}, "languages"), ({"languages": ["deu"]}, "languages.0"),
    ({"translations": {"en": {"name": "x"}}}, "translations.en"),
    ({"translations": {"de": {"name": "x" * 301}}}, "translations.de.name"),
])
def test_a_bad_language_or_translation_is_named(hub, bad, field):
    from dihub.catalogue import sheet

    with pytest.raises(sheet.SheetError) as caught:
        sheet.check({**sheet.of_hub(hub), **bad})
    assert [e["field"] for e in caught.value.errors][0].startswith(field)
