"""The fact-sheet in a real browser: Debian's Chromium driven by Playwright."""

import json
import os
from pathlib import Path

import pytest

from .factories import full_hub

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls
# run in their own thread, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run browser tests")
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_fact_sheet_renders_with_its_map(live_server, page):
    hub = full_hub()
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(live_server.url) else None)

    page.goto(f"{live_server.url}/hubs/{hub.slug}/")
    assert page.title().startswith("Robotics Hub Stuttgart")
    assert page.locator("h1").inner_text() == "Robotics Hub Stuttgart"

    ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert ld["@type"] == "Organization" and ld["name"] == "Robotics Hub Stuttgart"

    page.wait_for_selector("#hub-map[data-outlines='loaded']", timeout=15000)
    assert page.locator("#hub-map path.hub-marker").count() == 1
    assert page.locator("#hub-map path.country-outline").count() > 100
    assert errors == []
    assert outside == []  # no tile server, no third party: the map works offline
