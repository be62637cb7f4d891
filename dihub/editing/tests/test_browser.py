"""The whole editorial flow in a real browser, under the site's Content-Security-Policy:
sign up, claim a hub, be approved, edit, submit; a coordinator reviews and publishes."""

import re

import pytest
from django.core import mail

from dihub.accounts.models import Claim, Membership
from dihub.catalogue.models import Draft, Hub
from dihub.catalogue.tests.factories import full_hub, term

from .helpers import PASSWORD, coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 15000
JANE = "jane@robotics.example.org"
NEW_DESCRIPTION = ("We help small and medium-sized companies of the Stuttgart region to "
                   "test robots before they invest: a robot cell in our lab, an engineer for "
                   "a week, and advice on funding. Since 2024 we also train their staff in "
                   "safe collaboration with robots.")


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("heading", name="My hubs").wait_for(timeout=WAIT)


def log_out(page, base):
    page.goto(f"{base}/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Sign in").wait_for(timeout=WAIT)


def score_of(page):
    text = page.locator(".completeness").inner_text()
    return int(re.search(r"Completeness: (\d+)/100", text).group(1))


def test_sign_up_claim_edit_submit_review_and_publish(live_server, watched):
    base, page = live_server.url, watched
    hub = full_hub()  # website https://robotics.example.org/
    boss = coordinator()
    cyber = term("Cybersecurity")

    # a new person signs up, confirms the address and claims the hub
    page.goto(f"{base}/accounts/signup/")
    page.locator("#id_email").fill(JANE)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"), timeout=WAIT)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group()
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/login/"), timeout=WAIT)
    log_in(page, base, JANE)
    page.goto(f"{base}{hub.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Ask to manage it")).click()
    page.locator("#id_message").fill("I run the hub's office.")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("was sent to the coordinators").wait_for(timeout=WAIT)
    assert Claim.objects.get().domain_matches
    log_out(page, base)

    # a coordinator approves the claim
    log_in(page, base, boss.email)
    page.goto(f"{base}/accounts/coordinator/")
    page.locator(".claim", has_text=JANE).get_by_role("button", name="Approve").click()
    page.get_by_text(f"{JANE} now manages {hub.name}").wait_for(timeout=WAIT)
    assert Membership.objects.filter(user__email=JANE, hub=hub).exists()
    log_out(page, base)

    # the new manager edits the fact-sheet
    log_in(page, base, JANE)
    page.locator(f"#managed-{hub.slug}").get_by_role("link", name="Edit the fact-sheet").click()
    page.get_by_role("heading", name=f"Edit the fact-sheet of {hub.name}").wait_for(
        timeout=WAIT)
    before = score_of(page)
    assert "a description" in page.locator(".missing").inner_text()
    page.locator("#id_description").fill(NEW_DESCRIPTION)
    # choosing a level ticks the term (edit.js)
    box = page.locator(f"#technologies-cb-{cyber.pk}")
    assert not box.is_checked()
    page.get_by_label("Engagement level for Cybersecurity (EDIH)").select_option("4")
    assert box.is_checked()
    # a new row for a contact who agreed to be shown
    contacts = page.locator("#list-contacts")
    rows_before = contacts.locator("fieldset.row").count()
    contacts.get_by_role("button", name="Add a row").click()
    assert contacts.locator("fieldset.row").count() == rows_before + 1
    new_row = contacts.locator("fieldset.row").last
    new_row.get_by_label("Name", exact=True).fill("Grace Public")
    new_row.get_by_label("Role", exact=True).fill("Service desk")
    new_row.get_by_label("E-mail", exact=True).fill("grace@robotics.example.org")
    new_row.get_by_label("This person agreed to be shown in public").check()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("The draft was saved").wait_for(timeout=WAIT)
    assert score_of(page) > before
    assert "a description" not in page.locator(".missing").inner_text()
    assert page.locator(f"#technologies-cb-{cyber.pk}").is_checked()
    assert page.locator("#list-contacts input[value='Grace Public']").count() == 1
    # the public page still shows the published version
    assert Hub.objects.get(pk=hub.pk).description.startswith("<p>We help <strong>SMEs")
    page.get_by_role("button", name="Save and submit for review").click()
    page.get_by_text("was submitted for review").wait_for(timeout=WAIT)
    assert Draft.objects.get(hub=hub).state == Draft.State.SUBMITTED
    page.goto(f"{base}/accounts/")
    assert "submitted for review" in page.locator(f"#managed-{hub.slug}").inner_text()
    log_out(page, base)

    # the coordinator reviews the changes and publishes them
    log_in(page, base, boss.email)
    page.goto(f"{base}/accounts/coordinator/")
    page.locator(f"#submitted-{hub.slug}").get_by_role("link", name="Review").click()
    page.get_by_role("heading", name=f"Review the draft of {hub.name}").wait_for(timeout=WAIT)
    description = page.get_by_role("region", name="Description", exact=True)
    assert "test robots before they invest" in description.locator(".new").inner_text()
    assert "test robots" not in description.locator(".old").inner_text()
    added_terms = page.get_by_role("region", name="Technologies", exact=True).locator(".added")
    assert added_terms.inner_text().endswith("Cybersecurity [edih] (level 4)")
    added_contacts = page.get_by_role("region", name="Contact persons", exact=True) \
        .locator(".added")
    assert "Grace Public · Service desk · grace@robotics.example.org · public" in \
        added_contacts.inner_text()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text(f"{hub.name} was published").wait_for(timeout=WAIT)

    # the public fact-sheet shows the new description and the public contact
    page.goto(f"{base}{hub.get_absolute_url()}")
    assert "test robots before they invest" in page.locator("#about + .prose").inner_text()
    contacts_box = page.get_by_role("region", name="Contacts", exact=True)
    assert "Grace Public" in contacts_box.inner_text()
    assert "Secret Person" not in page.content()
    technologies = page.get_by_role("region", name="Technologies", exact=True)
    assert "Cybersecurity" in technologies.inner_text()
    assert page.errors == [] and page.outside == []
