"""The DMA report in a real browser (Debian's Chromium driven by Playwright): the radar is
drawn under the Content-Security-Policy, the table says the same, axe finds no serious
problem, and a recommended hub is one click away."""

from pathlib import Path

import pytest

from dihub.accounts.tests.helpers import PASSWORD, person
from dihub.maturity import loader

from .test_report import WEAK, company, completed, flat, hubs_around_leuven

AXE = Path(__file__).resolve().parents[2] / "search/tests/vendor/axe-core/axe.min.js"
WAIT = 15000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# pixels of the radar's canvas that are not transparent
PAINTED = """() => {
  const canvas = document.getElementById('dma-radar');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0, blue = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) painted++;
    if (data[i + 3] > 0 && data[i + 2] > 120 && data[i] < 90) blue++;
  }
  return {painted, blue, total: data.length / 4};
}"""


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url, timeout=WAIT)


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map("
                          "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_the_report_draws_its_radar_matches_its_table_and_leads_to_a_hub(live_server,
                                                                          watched):
    hubs_around_leuven()
    owner = person("owner@example.org")
    mine = completed(company(members=[owner]))
    for n in range(5):
        completed(company(f"Peer {n}"), flat(20 + 10 * n))
    page = watched
    log_in(page, live_server.url, "owner@example.org")
    page.goto(f"{live_server.url}/maturity/assessments/{mine.pk}/report/")
    page.wait_for_selector("#dma-radar[data-drawn='true']", timeout=WAIT)

    pixels = page.evaluate(PAINTED)
    assert pixels["painted"] > pixels["total"] * 0.02  # grid, labels and polygons drawn
    assert pixels["blue"] > 200  # the assessment's blue polygon

    rows = page.locator("#dma-scores tbody tr")
    sme = loader.get("sme", 1)
    assert rows.count() == len(sme.dimensions)
    for i, d in enumerate(sme.dimensions):
        row = rows.nth(i)
        assert row.locator("th").inner_text() == d.name
        cells = row.locator("td").all_inner_texts()
        assert cells[0] == f"{WEAK[d.key]:.1f}"
        assert cells[2] == "40.0"  # the peers' median: 20, 30, 40, 50, 60
    chart = page.evaluate("() => JSON.parse(document.getElementById('dma-chart-data')"
                          ".textContent)")
    assert chart["scores"] == [WEAK[d.key] for d in sme.dimensions]
    assert page.locator("#overall-score").inner_text() == "46.7"

    assert serious_violations(page) == []
    assert page.errors == [] and page.outside == []  # no CSP violation, nothing outside

    first = page.locator("#help-automation_ai a.dma-hub").first
    assert first.inner_text() == "Leuven Proto Lab"
    first.click()
    page.wait_for_selector("h1:has-text('Leuven Proto Lab')", timeout=WAIT)
    assert page.url.endswith("/hubs/") is False and "/hubs/test-hub-" in page.url
    assert page.errors == [] and page.outside == []


def test_someone_else_gets_not_found(live_server, watched):
    owner = person("owner@example.org")
    person("stranger@example.org")
    mine = completed(company(members=[owner]))
    page = watched
    log_in(page, live_server.url, "stranger@example.org")
    answer = page.goto(f"{live_server.url}/maturity/assessments/{mine.pk}/report/")
    assert answer.status == 404


# -- the "done when": take the SME assessment, see the report, reach a hub ------------

def tick(page, how_many):
    """Tick the first checkboxes of the step's questions (never an exclusive one)."""
    boxes = page.locator(".dma-q li:not(.dma-exclusive) input[type=checkbox], "
                         ".dma-matrix input[type=checkbox]")
    for i in range(min(how_many, boxes.count())):
        boxes.nth(i).check()


def test_a_company_takes_the_sme_assessment_sees_its_report_and_reaches_a_hub(live_server,
                                                                               watched):
    from dihub.maturity.models import Assessment

    hubs_around_leuven()
    person("anna@brouwerij.example")
    page = watched
    log_in(page, live_server.url, "anna@brouwerij.example")
    page.goto(f"{live_server.url}/maturity/")
    page.get_by_role("link", name="Start the SME assessment").click()
    page.get_by_label("Name of the company or organisation").fill("Brouwerij Ölçü Łęgowska")
    page.get_by_role("button", name="Start").click()

    # module 1, the profile
    page.wait_for_selector("#f-company_name", timeout=WAIT)
    page.locator("#f-company_name").fill("Brouwerij Ölçü Łęgowska")
    page.locator("#f-size_class").select_option("small")
    page.locator("#f-sector_primary").select_option("c")
    page.locator("#f-country").fill("BE")
    page.locator("#f-nuts_region").fill("BE24")
    page.get_by_role("button", name="Save and continue").click()

    # module 2: some answers in the first four dimensions, none in automation and green
    for ticks in (6, 5, 4, 3, 0):
        page.wait_for_selector(".dma-step-title", timeout=WAIT)
        tick(page, ticks)
        page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector(".dma-step-title", timeout=WAIT)
    page.get_by_role("button", name="Save and finish").click()

    # the report
    page.wait_for_selector("#dma-radar[data-drawn='true']", timeout=WAIT)
    done = Assessment.objects.get(company__name="Brouwerij Ölçü Łęgowska")
    assert done.is_complete and page.url.endswith(f"/maturity/assessments/{done.pk}/report/")
    assert page.locator("h1").inner_text() == "Brouwerij Ölçü Łęgowska"
    assert page.locator("#overall-score").inner_text() == f"{done.overall:.1f}"
    assert page.evaluate(PAINTED)["blue"] > 0
    help_ids = page.locator("#help .dma-help").evaluate_all("els => els.map(e => e.id)")
    assert help_ids == ["help-automation_ai", "help-green_digitalisation"]
    assert "Leuven" in page.locator("#help").inner_text()
    assert serious_violations(page) == []  # with the "Completed" message shown

    hub = page.locator("#help-automation_ai a.dma-hub").first
    assert hub.inner_text() == "Leuven Proto Lab"
    hub.click()
    page.wait_for_selector("h1:has-text('Leuven Proto Lab')", timeout=WAIT)
    assert page.errors == [] and page.outside == []
