"""The edit page keeps the hub's languages of service and its texts in other languages."""

import pytest
from django.test import Client

from dihub.catalogue import sheet as sheets
from dihub.catalogue.models import Draft, Hub
from dihub.catalogue.tests.factories import full_hub
from dihub.editing import steps

from .helpers import coordinator, manager, save

pytestmark = pytest.mark.django_db

GERMAN = {"name": "Robotik-Zentrum Stuttgart", "title": "Roboter für den Mittelstand",
          "description": "<p>Wir helfen <strong>KMU</strong>.</p>"}


@pytest.fixture
def hub():
    return full_hub()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_languages_and_translations_of_the_sheet(hub):
    editor = signed_in(manager(hub))
    sheet = sheets.of_hub(hub)
    save(editor, hub, sheet, languages=["de", "en", "ar"], translations={"de": GERMAN})
    html = editor.get(f"/de/hubs/{hub.slug}/edit/").content.decode()
    section = html.split('id="languages"', 1)[1].split("</section>", 1)[0]
    for code in ("de", "en"):
        box = section.split(f'value="{code}"', 1)[1].split(">", 1)[0]
        assert "checked" in box, code
    assert 'value="fr"' in section and "checked" not in section.split('value="fr"')[1][:40]
    assert 'name="other"' in section and 'value="ar"' in section
    assert ">Deutsch<" in section and ">Englisch<" in section  # names in the reader's language
    german = section.split('id="translation-de"', 1)[1].split("</details>", 1)[0]
    assert german.startswith(" open") and 'value="Robotik-Zentrum Stuttgart"' in german
    assert "Wir helfen &lt;strong&gt;KMU&lt;/strong&gt;." in german
    assert 'lang="de"' in german
    french = section.split('id="translation-fr"', 1)[1].split("</details>", 1)[0]
    assert not french.startswith(" open") and "Français" in french


def test_saving_languages_and_translations_reaches_the_published_fact_sheet(client, hub):
    editor = signed_in(manager(hub))
    sheet = sheets.of_hub(hub)
    example = dict(sheet["examples"][0], translations={"de": {
        "title": "Eine Roboterzelle für eine Bäckerei", "client_profile": "Eine Bäckerei",
        "need": "Schneller backen", "solution": "Ein Roboter", "result": "Mehr Brot"}})
    answer = save(editor, hub, sheet, "submit", languages=["de", "pl", "uk", "ar"],
                  translations={"de": {**GERMAN, "description": "Erster Absatz.\n\nZweiter."},
                                "pl": {"name": "Centrum Robotyki", "title": "",
                                       "description": ""}},
                  examples=[example, *sheet["examples"][1:]])
    assert answer.status_code == 302
    draft = Draft.objects.get(hub=hub)
    assert draft.sheet["languages"] == ["ar", "de", "pl", "uk"]
    assert draft.sheet["translations"] == {
        "de": {**GERMAN, "description": "<p>Erster Absatz.</p><p>Zweiter.</p>"},
        "pl": {"name": "Centrum Robotyki"}}
    assert draft.sheet["examples"][0]["translations"] == example["translations"]
    steps.publish(coordinator(), hub)
    hub = Hub.objects.get(pk=hub.pk)
    assert sorted(hub.service_languages.values_list("code", flat=True)) == ["ar", "de", "pl",
                                                                            "uk"]
    german = client.get(f"/de/hubs/{hub.slug}/").content.decode()
    assert "Robotik-Zentrum Stuttgart" in german and "Zweiter." in german
    assert "Eine Roboterzelle für eine Bäckerei" in german and "Mehr Brot" in german
    assert "original-language" not in german  # every text is in German
    polish = client.get(f"/pl/hubs/{hub.slug}/").content.decode()
    assert "Centrum Robotyki" in polish and 'class="notice original-language"' in polish
    assert "Ukraiński" in polish  # among the languages of service, named in Polish


def test_a_page_save_without_them_empties_them(hub):
    editor = signed_in(manager(hub))
    sheet = dict(sheets.of_hub(hub), languages=["de"], translations={"de": GERMAN})
    save(editor, hub, sheet)
    save(editor, hub, sheet, languages=[], translations={})
    saved = Draft.objects.get(hub=hub).sheet
    assert saved["languages"] == [] and saved["translations"] == {}


def test_an_unknown_language_code_is_shown_next_to_its_field_and_nothing_is_saved(hub):
    editor = signed_in(manager(hub))
    answer = save(editor, hub, sheets.of_hub(hub), languages=["de", "xx", "qq"],
                  translations={"fr": GERMAN})
    html = answer.content.decode()
    assert answer.status_code == 200 and not Draft.objects.filter(hub=hub).exists()
    assert "Not ISO 639-1 language codes: xx, qq." in html
    assert 'href="#id_other"' in html  # the summary links to the field
    field = html.split('class="fld fld-other has-error"', 1)[1].split("</div></div>", 1)[0]
    assert 'value="xx, qq"' in field and "errorlist" in field  # the typing is kept
    assert 'value="Robotik-Zentrum Stuttgart"' in html  # and the translation too


def test_a_translation_too_long_is_named_by_its_language(hub):
    editor = signed_in(manager(hub))
    too_long = "x" * (sheets.MAX_LENGTH["title"] + 1)
    html = save(editor, hub, sheets.of_hub(hub),
                translations={"it": {"name": "", "title": too_long, "description": ""}}
                ).content.decode()
    assert not Draft.objects.filter(hub=hub).exists()
    assert 'href="#id_translation-it-title"' in html
    summary = html.split('id="error-summary"', 1)[1].split("</section>", 1)[0]
    assert "Title (Italian)" in summary
    block = html.split('id="translation-it"', 1)[1].split("</details>", 1)[0]
    assert block.startswith(" open") and "errorlist" in block
