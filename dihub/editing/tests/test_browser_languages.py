"""A manager writes the fact-sheet in other languages on the edit page, in a real browser;
once published, readers of those languages see it."""

import pytest

from dihub.catalogue.models import Draft
from dihub.catalogue.tests.factories import full_hub
from dihub.editing import steps

from .helpers import coordinator, manager
from .test_browser import WAIT, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_adds_languages_and_a_french_version_then_readers_see_it(live_server,
                                                                            watched):
    base, page = live_server.url, watched
    hub = full_hub()
    manager(hub, "jane@robotics.example.org")
    log_in(page, base, "jane@robotics.example.org")
    page.goto(f"{base}/hubs/{hub.slug}/edit/")
    languages = page.locator("#languages")
    languages.get_by_label("French", exact=True).check()
    languages.get_by_label("Polish", exact=True).check()
    languages.get_by_label("Other languages").fill("ar")
    french = page.locator("#translation-fr")
    assert french.get_attribute("open") is None
    assert not french.get_by_label("Name (French)").is_visible()
    french.locator("summary").click()
    french.get_by_label("Name (French)").fill("Pôle de robotique de Stuttgart")
    french.get_by_label("Description (French)").fill(
        "Nous aidons les PME à tester des robots.")
    # a new example, written in English and in French
    examples = page.locator("#list-examples")
    examples.get_by_role("button", name="Add a row").click()
    row = examples.locator("fieldset.row").last
    row.get_by_label("Title", exact=True).fill("A cobot for a joinery")
    row.locator("details.translation", has_text="Français").locator("summary").click()
    row.get_by_label("Title (French)").fill("Un cobot pour une menuiserie")
    page.get_by_role("button", name="Save and submit for review").click()
    page.get_by_text("was submitted for review").wait_for(timeout=WAIT)

    sheet = Draft.objects.get(hub=hub).sheet
    assert sheet["languages"] == ["ar", "fr", "pl"]
    assert sheet["translations"] == {"fr": {
        "name": "Pôle de robotique de Stuttgart",
        "description": "<p>Nous aidons les PME à tester des robots.</p>"}}
    assert sheet["examples"][-1]["translations"] == {"fr": {
        "title": "Un cobot pour une menuiserie"}}
    steps.publish(coordinator(), hub)

    page.goto(f"{base}/fr/hubs/{hub.slug}/")
    assert page.locator("h1").inner_text() == "Pôle de robotique de Stuttgart"
    assert "Nous aidons les PME" in page.locator("#about + .prose").inner_text()
    assert "Un cobot pour une menuiserie" in page.content()
    served = page.locator(".languages-served").inner_text()
    assert "Arabe" in served and "Français" in served and "Polonais" in served
    assert page.locator(".notice.original-language").count() == 1  # the other examples
    page.goto(f"{base}/hubs/{hub.slug}/")
    assert page.locator("h1").inner_text() == hub.name  # English readers: the original
    assert page.errors == [] and page.outside == []
