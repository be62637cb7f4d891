"""The search page in a real browser: Debian's Chromium driven by Playwright."""

import re
from pathlib import Path

import pytest

from dihub.catalogue.tests.factories import full_hub, make_hub

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WAIT = 15000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The markers the map shows: single pins plus the hubs each cluster stands for.
MARKER_TOTAL = """() => {
  const pins = document.querySelectorAll('#search-map .leaflet-marker-icon.hub-pin').length;
  const clustered = [...document.querySelectorAll('#search-map .marker-cluster span')]
    .reduce((sum, s) => sum + Number(s.textContent), 0);
  return pins + clustered;
}"""


def hubs():
    full_hub()  # Robotics Hub Stuttgart, DE
    robotics = [("Robotics", "technology", 4)]
    make_hub("Munich Robot Lab", country="DE", city="München", lat=48.14, lon=11.58,
             terms=robotics)
    make_hub("Berlin Robotics Centre", country="DE", city="Berlin", lat=52.52, lon=13.40,
             terms=robotics)
    make_hub("Lyon Robotique", country="FR", city="Lyon", lat=45.76, lon=4.84, terms=robotics)
    make_hub("Hamburg Cyber Hub", country="DE", city="Hamburg", lat=53.55, lon=9.99,
             terms=[("Cybersecurity", "technology", 5)])


def shown_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#result-count").inner_text()).group())


def wait_for_map(page, query_part):
    page.wait_for_function(
        "part => document.getElementById('results').dataset.query.includes(part)",
        arg=query_part, timeout=WAIT)
    page.wait_for_function(
        "() => /^\\d+$/.test(document.getElementById('search-map').dataset.points || '')"
        " && document.getElementById('search-map').dataset.points"
        " === document.getElementById('results').dataset.count", timeout=WAIT)


def test_search_choose_a_country_open_a_hub_and_come_back(live_server, watched):
    hubs()
    page = watched
    page.goto(f"{live_server.url}/hubs/")
    page.wait_for_selector("#search-map[data-outlines='loaded']", timeout=WAIT)

    page.locator("#q").fill("robotics")
    page.locator("#q").press("Enter")
    wait_for_map(page, "q=robotics")
    assert shown_count(page) == 4  # three in Germany, one in France
    page.locator("#f-country-DE").check()
    wait_for_map(page, "country=DE")
    assert "q=robotics" in page.url and "country=DE" in page.url  # shareable

    names = page.locator("#results .card h3 a").all_inner_texts()
    assert sorted(names) == ["Berlin Robotics Centre", "Munich Robot Lab",
                             "Robotics Hub Stuttgart"]
    assert shown_count(page) == 3
    # the map agrees with the list once its zoom animation settles
    page.wait_for_function(f"() => ({MARKER_TOTAL})() === {len(names)}", timeout=WAIT)

    search_url = page.url
    page.locator("#results .card h3 a", has_text="Munich Robot Lab").click()
    page.wait_for_selector("h1:has-text('Munich Robot Lab')", timeout=WAIT)
    page.go_back()
    page.wait_for_selector("#results .card", timeout=WAIT)
    assert page.url == search_url
    assert page.locator("#q").input_value() == "robotics"
    assert page.locator("#f-country-DE").is_checked()
    assert sorted(page.locator("#results .card h3 a").all_inner_texts()) == sorted(names)
    assert page.errors == []
    assert page.outside == []


def test_search_back_button_between_two_searches(live_server, watched):
    hubs()
    page = watched
    page.goto(f"{live_server.url}/hubs/?q=robotics")
    page.wait_for_selector("#search-map[data-outlines='loaded']", timeout=WAIT)
    page.locator("#f-country-FR").check()
    wait_for_map(page, "country=FR")
    assert page.locator("#results .card h3 a").all_inner_texts() == ["Lyon Robotique"]
    page.go_back()
    page.wait_for_function("() => !location.search.includes('country=FR')", timeout=WAIT)
    page.wait_for_function("() => document.querySelectorAll('#results .card').length === 4",
                           timeout=WAIT)
    assert not page.locator("#f-country-FR").is_checked()
    assert page.errors == []


def test_popup_names_the_hub_and_links_to_its_fact_sheet(live_server, watched):
    make_hub("Lyon Robotique", country="FR", city="Lyon", lat=45.76, lon=4.84, hub_type="dih")
    page = watched
    page.goto(f"{live_server.url}/hubs/")
    wait_for_map(page, "")
    page.locator("#search-map .hub-pin").click()
    popup = page.locator("#search-map .leaflet-popup-content")
    popup.wait_for(timeout=WAIT)
    assert "Lyon Robotique" in popup.inner_text()
    assert "Digital Innovation Hub" in popup.inner_text()
    popup.locator("a").click()
    page.wait_for_selector("h1:has-text('Lyon Robotique')", timeout=WAIT)
    assert page.errors == []


CLUSTERS = """() => [...document.querySelectorAll('#search-map .marker-cluster span')]
  .map(s => Number(s.textContent)).sort()"""
PIN_NAMES = """() => [...document.querySelectorAll('#search-map .leaflet-marker-icon.hub-pin')]
  .map(p => p.title).sort()"""
# window.__moved: resolved once the map has moved and drawn (the frame after its moveend)
ARM_MOVED = """() => { window.__moved = new Promise(done => window.DihubSearch.map.once(
  'moveend', () => requestAnimationFrame(() => done(true)))); }"""


def test_a_cluster_click_zooms_in_until_its_hubs_are_pins(live_server, watched):
    stuttgart = ["Esslingen Hub", "Stuttgart AI Lab", "Waiblingen Works"]
    for name, lat, lon in zip(stuttgart, (48.74, 48.78, 48.83), (9.31, 9.18, 9.32),
                              strict=True):
        make_hub(name, country="DE", lat=lat, lon=lon)
    make_hub("Lyon Robotique", country="FR", city="Lyon", lat=45.76, lon=4.84)
    make_hub("Berlin Robotics Centre", country="DE", city="Berlin", lat=52.52, lon=13.40)
    page = watched
    page.goto(f"{live_server.url}/hubs/")
    wait_for_map(page, "")
    page.wait_for_function(f"() => ({MARKER_TOTAL})() === 5", timeout=WAIT)
    assert page.evaluate(CLUSTERS) == [3]  # the three near Stuttgart, at the whole view
    assert page.evaluate(PIN_NAMES) == ["Berlin Robotics Centre", "Lyon Robotique"]
    zoom = page.evaluate("() => window.DihubSearch.map.getZoom()")
    page.evaluate(ARM_MOVED)
    page.locator("#search-map .marker-cluster").click()
    page.evaluate("() => window.__moved")
    assert page.evaluate("() => window.DihubSearch.map.getZoom()") > zoom
    for _ in range(5):  # a cluster may split in two steps; the keyboard opens one too
        if not page.evaluate(CLUSTERS):
            break
        page.evaluate(ARM_MOVED)
        page.locator("#search-map .marker-cluster").first.focus()
        page.keyboard.press("Enter")
        page.evaluate("() => window.__moved")
    page.wait_for_function(f"n => ({PIN_NAMES})().filter(t => n.includes(t)).length === 3",
                           arg=stuttgart, timeout=WAIT)
    assert page.evaluate(CLUSTERS) == []
    page.locator("#search-map .hub-pin[title='Stuttgart AI Lab']").click()
    popup = page.locator("#search-map .leaflet-popup-content")
    popup.wait_for(timeout=WAIT)
    assert "Stuttgart AI Lab" in popup.inner_text()
    assert not page.locator("#search-area").is_hidden()  # the user moved the map
    assert page.errors == []


def test_hubs_at_one_place_are_listed_by_their_cluster(live_server, watched):
    for name in ("Twin Hub A", "Twin Hub B"):
        make_hub(name, country="IT", city="Milano", lat=45.4642, lon=9.19, hub_type="dih")
    page = watched
    page.goto(f"{live_server.url}/hubs/")
    wait_for_map(page, "")
    page.wait_for_function(f"() => ({CLUSTERS})().join() === '2'", timeout=WAIT)
    page.evaluate("() => window.DihubSearch.map.setView([45.4642, 9.19], 16, {animate: false})")
    page.locator("#search-map .marker-cluster").click()
    popup = page.locator("#search-map .leaflet-popup-content .cluster-list")
    popup.wait_for(timeout=WAIT)
    assert popup.locator("a").all_inner_texts() == ["Twin Hub A", "Twin Hub B"]
    assert "Digital Innovation Hub" in popup.inner_text()
    assert page.evaluate("() => window.DihubSearch.map.getZoom()") == 16  # no zoom splits them
    popup.locator("a", has_text="Twin Hub B").click()
    page.wait_for_selector("h1:has-text('Twin Hub B')", timeout=WAIT)
    assert page.errors == []


def test_suggestions_while_typing_add_a_filter_or_a_place(live_server, watched):
    hubs()
    page = watched
    page.goto(f"{live_server.url}/hubs/")
    wait_for_map(page, "")
    page.locator("#q").press_sequentially("robo", delay=50)
    option = page.locator("#q-suggestions [role=option]", has_text="Robotics technology")
    option.wait_for(timeout=WAIT)
    assert page.locator("#q").get_attribute("aria-expanded") == "true"
    option.click()
    wait_for_map(page, "technology=robotics")
    assert page.locator("#q-suggestions").is_hidden()
    assert shown_count(page) == 4  # a term filter, not the words
    page.locator("#q").press_sequentially("lyo", delay=50)
    options = page.locator("#q-suggestions [role=option]")
    options.filter(has_text="Lyon, FR").wait_for(timeout=WAIT)
    labels = options.all_inner_texts()
    for _ in range(next(i for i, t in enumerate(labels) if "Lyon, FR" in t) + 1):
        page.keyboard.press("ArrowDown")  # the keyboard way: down to the place, Enter
    assert "Lyon, FR" in page.locator("#q-suggestions [aria-selected=true]").inner_text()
    page.keyboard.press("Enter")
    wait_for_map(page, "near=Lyon")
    assert page.locator("#near").input_value() == "Lyon, FR"
    assert page.locator("#results .card h3 a").first.inner_text() == "Lyon Robotique"
    assert re.search(r"\b1 km away", page.locator("#results .card").first.inner_text())
    assert page.locator("#search-map path.near-circle").count() == 1
    assert page.errors == []


def test_search_this_area(live_server, watched):
    hubs()
    page = watched
    page.goto(f"{live_server.url}/hubs/?q=robotics")
    wait_for_map(page, "q=robotics")
    assert page.locator("#search-area").is_hidden()  # fitting the results is not a move
    page.evaluate("() => window.DihubSearch.map.setView([46, 4.8], 7, {animate: false})")
    page.locator("#search-area").click()
    wait_for_map(page, "bbox=")
    assert page.locator("#results .card h3 a").all_inner_texts() == ["Lyon Robotique"]
    assert "bbox=" in page.url
    assert page.errors == []


def test_the_page_works_without_javascript(browser, live_server):
    make_hub("Lyon Robotique", country="FR", city="Lyon", lat=45.76, lon=4.84)
    make_hub("Hamburg Cyber Hub", country="DE", city="Hamburg", lat=53.55, lon=9.99)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/hubs/")
    page.locator("#f-country-FR").check()
    page.locator("#facets button[type=submit]").click()
    page.wait_for_url(re.compile(r"country=FR"), timeout=WAIT)
    assert page.locator("#results .card h3 a").all_inner_texts() == ["Lyon Robotique"]
    context.close()


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map("
                          "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violations(live_server, watched):
    hubs()
    page = watched
    page.goto(f"{live_server.url}/hubs/?q=robotics")
    page.wait_for_selector("#search-map[data-outlines='loaded']", timeout=WAIT)
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/hubs/robotics-hub-stuttgart/")
    page.wait_for_selector("#hub-map[data-outlines='loaded']", timeout=WAIT)
    assert serious_violations(page) == []
    assert page.errors == []


def test_the_map_works_in_german(live_server, watched):
    """Localized pages keep machine-read values as they are: the map's points and
    coordinates, the counts the script compares; words come translated from the page."""
    hubs()
    page = watched
    page.goto(f"{live_server.url}/de/hubs/?q=robotics")
    page.wait_for_selector("#search-map[data-outlines='loaded']", timeout=WAIT)
    wait_for_map(page, "q=robotics")
    assert page.locator("#result-count").inner_text() == "4 Hubs"
    page.wait_for_function(f"() => ({MARKER_TOTAL})() === 4", timeout=WAIT)
    page.locator("#f-country-FR").check()
    wait_for_map(page, "country=FR")
    page.locator("#search-map .hub-pin").click()
    popup = page.locator("#search-map .leaflet-popup-content")
    popup.wait_for(timeout=WAIT)
    assert "Lyon Robotique" in popup.inner_text() and "Steckbrief" in popup.inner_text()
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("robo", delay=50)
    page.locator("#q-suggestions [role=option]", has_text="Robotics Technologie").wait_for(
        timeout=WAIT)
    page.goto(f"{live_server.url}/de/hubs/?near=48.74,9.1&radius_km=20")
    wait_for_map(page, "near=")
    assert page.locator("#search-map path.near-circle").count() == 1
    assert "km entfernt" in page.locator("#results .card").first.inner_text()
    page.goto(f"{live_server.url}/de/hubs/robotics-hub-stuttgart/")
    page.wait_for_selector("#hub-map[data-outlines='loaded']", timeout=WAIT)
    assert page.locator("#hub-map path.hub-marker").count() == 1
    assert page.errors == []
