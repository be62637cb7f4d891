"""The fact-sheet in a real browser: Debian's Chromium driven by Playwright."""

import json

import pytest

from .factories import full_hub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fact_sheet_renders_with_its_map(live_server, watched):
    page = watched
    hub = full_hub()

    page.goto(f"{live_server.url}/hubs/{hub.slug}/")
    assert page.title().startswith("Robotics Hub Stuttgart")
    assert page.locator("h1").inner_text() == "Robotics Hub Stuttgart"

    ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert ld["@type"] == "Organization" and ld["name"] == "Robotics Hub Stuttgart"

    page.wait_for_selector("#hub-map[data-outlines='loaded']", timeout=15000)
    assert page.locator("#hub-map path.hub-marker").count() == 1
    assert page.locator("#hub-map path.country-outline").count() > 100
    assert page.errors == []
    assert page.outside == []  # no tile server, no third party: the map works offline
