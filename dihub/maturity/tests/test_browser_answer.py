"""A company user takes the SME assessment in a real browser, under the site's
Content-Security-Policy and without the internet: the landing page, the start form, each
step (checkboxes, the invested/planned table, the 0-5 scales, no/partially/yes), one save
and leave and the resume from My assessments, a refused answer shown at its question,
then the finish on the report with the overall score."""

import re

import pytest

from dihub.accounts.tests.helpers import PASSWORD, person
from dihub.maturity.models import Assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 15000
ANN = "ann@acme.example"


def log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(ANN)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("heading", name="My hubs").wait_for(timeout=WAIT)


def heading(page, text):
    page.get_by_role("heading", name=text).wait_for(timeout=WAIT)


def save_and_continue(page, next_title):
    page.get_by_role("button", name="Save and continue").click()
    heading(page, re.compile(rf"^Step \d of 7: {re.escape(next_title)}$"))


def tick(page, label):
    page.get_by_role("checkbox", name=label, exact=True).check()


def test_a_company_user_takes_the_sme_assessment(live_server, watched):
    base, page = live_server.url, watched
    person(ANN)
    log_in(page, base)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Maturity").click()
    heading(page, "Digital maturity assessment")
    page.get_by_role("link", name="Start the SME assessment").click()
    heading(page, "Start an assessment")
    page.get_by_label("Name of the company or organisation").fill("Acme Tools")
    page.get_by_role("button", name="Start").click()

    # 1. profile: the name is filled in; a country in lower case is refused at its question
    heading(page, "Step 1 of 7: Company profile")
    assert page.get_by_label("Name of the company").input_value() == "Acme Tools"
    page.get_by_label("Size of the company").select_option("small")
    page.get_by_label("Main sector of activity (NACE Rev. 2 section)").select_option("c")
    page.get_by_label("Country (ISO 3166 two-letter code, e.g. DE)").fill("be")
    page.get_by_label("Region (NUTS code of any level, e.g. DE21), if known").fill("BE24")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("alert").wait_for(timeout=WAIT)
    country = page.locator("#q-country")
    assert "the text does not have the form the question asks for" in country.inner_text()
    page.get_by_label("Country (ISO 3166 two-letter code, e.g. DE)").fill("BE")
    save_and_continue(page, "Digital business strategy")

    # 2. strategy: the invested/planned table and a checkbox list
    tick(page, "Designing products or services Invested")
    tick(page, "Designing products or services Planned")
    tick(page, "Operations: production, assembly, packaging Invested")
    tick(page, "Marketing, sales and customer service Invested")
    tick(page, "Marketing, sales and customer service Planned")
    tick(page, "Administration and human resources Planned")
    for label in ("Business needs for digital tools are known", "Management backs "
                  "digitalisation", "There are people able to run digital projects",
                  "Customers' digital needs are taken into account"):
        tick(page, label)
    save_and_continue(page, "Digital readiness")

    # 3. readiness: checkboxes, then 0-5 scales; then save and leave
    for label in ("Fast internet connection", "A website", "Business software such as ERP "
                  "or CRM", "Tools for remote work and collaboration (cloud, intranet)",
                  "Selling online"):
        tick(page, label)
    cad = page.get_by_role("group", name="Computer-aided design and manufacturing (CAD/CAM)")
    cad.get_by_label("3 In use in some places").check()
    page.get_by_role("group", name=re.compile("^Internet of things")).get_by_label(
        "2 Being tried out").check()
    page.get_by_role("group", name="Simulation and digital twins").get_by_label(
        "1 Considered").check()
    page.get_by_role("button", name="Save and leave").click()
    heading(page, "My assessments")
    assert "step 3 of 7" in page.locator("table").inner_text()

    # resume where I stopped
    page.get_by_role("link", name="Continue Acme Tools").click()
    heading(page, "Step 3 of 7: Digital readiness")
    assert cad.get_by_label("3 In use in some places").is_checked()
    save_and_continue(page, "Human-centric digitalisation")

    # 4. human-centric: "none of these" only on its own
    tick(page, "Short courses, tutorials or e-learning")
    tick(page, "Learning on the job, peer learning, trying things out")
    page.locator("#q-q6").get_by_label("None of these").check()
    save_and_continue(page, "Data management and connectedness")

    # 5. data
    for label in ("Data is stored digitally", "Data is analysed to take decisions",
                  "Data can be reached in real time from different devices and places",
                  "Backups are made and tested", "Customer data is protected",
                  "A data security policy exists and is applied",
                  "Staff are trained in cybersecurity"):
        tick(page, label)
    save_and_continue(page, "Automation and artificial intelligence")

    # 6. automation and AI
    page.get_by_role("group", name=re.compile("^Business intelligence")).get_by_label(
        "4 In wide use").check()
    page.get_by_role("group", name=re.compile("^Language technologies")).get_by_label(
        "2 Being tried out").check()
    save_and_continue(page, "Green digitalisation")

    # 7. green: no / partially / yes
    tick(page, "Paperless administration")
    tick(page, "Producing or saving energy")
    page.get_by_role("group", name=re.compile("^Environmental criteria are used")).get_by_label(
        "Partially").check()
    page.get_by_role("group", name=re.compile("^The energy use of")).get_by_label(
        "Yes").check()
    page.get_by_role("group", name=re.compile("^Devices are")).get_by_label(
        "No", exact=True).check()
    page.get_by_role("button", name="Save and finish").click()

    page.wait_for_url(re.compile(r"/maturity/assessments/\d+/report/$"), timeout=WAIT)
    page.locator("#overall-score").wait_for(timeout=WAIT)
    assert page.locator("#overall-score").inner_text() == "32.3"
    a = Assessment.objects.get()
    assert a.is_complete and round(a.overall, 2) == 32.26
    assert page.errors == [] and page.outside == []
