"""The interface's languages in a real browser: the switcher, the first visit, one page in
each language."""

import re

import pytest
from django.conf import settings

from dihub.catalogue.tests.factories import full_hub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# a word of the search page in each language, and its heading's hub count
HUBS_HEADING = {"en": "Hubs", "de": "Hubs", "fr": "Pôles", "es": "Centros", "it": "Poli",
                "pl": "Huby"}


def test_the_switcher_shows_the_same_page_in_another_language_and_remembers_it(
        live_server, watched):
    hub = full_hub()
    page = watched
    page.goto(f"{live_server.url}{hub.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("#language", "de")
    page.locator(".language-switch button").click()
    page.wait_for_url(re.compile(rf"/de{hub.get_absolute_url()}$"))
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("#technologies").inner_text() == "Technologien"
    assert page.locator("#language").input_value() == "de"
    # the choice is kept: a page without a prefix no longer follows the browser
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookie[settings.LANGUAGE_COOKIE_NAME] == "de"
    # every language is offered, each named in itself
    assert page.locator("#language option").all_inner_texts() == [
        name for _, name in settings.LANGUAGES]
    assert page.errors == [] and page.outside == []


def test_a_first_visit_follows_the_browser_s_language(browser, live_server):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/hubs/")
    assert page.url == f"{live_server.url}/fr/hubs/"
    assert page.locator("html").get_attribute("lang") == "fr"
    context.close()


@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES])
def test_the_search_page_in_each_language(live_server, watched, lang):
    full_hub()
    page = watched
    prefix = "" if lang == settings.LANGUAGE_CODE else f"/{lang}"
    page.goto(f"{live_server.url}{prefix}/hubs/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("nav[aria-label] a[href$='/hubs/']").first.inner_text() == \
        HUBS_HEADING[lang]
    alternates = page.locator("link[rel=alternate][hreflang]")
    assert alternates.count() == len(settings.LANGUAGES) + 1  # and x-default
    # the map's points come, and their links keep the language
    page.wait_for_function("document.querySelectorAll('#search-map .hub-pin').length > 0",
                           timeout=15000)
    assert page.errors == [] and page.outside == []
