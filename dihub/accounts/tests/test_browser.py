"""Sign up, confirm the address, log in and claim a hub, in a real browser."""

import re

import pytest
from django.core import mail

from dihub.accounts.models import Claim
from dihub.catalogue.tests.factories import full_hub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 15000
PASSWORD = "a-long-test-password-42"


def test_sign_up_confirm_log_in_and_claim(live_server, watched):
    hub = full_hub()  # website https://robotics.example.org/
    page = watched
    page.goto(f"{live_server.url}{hub.get_absolute_url()}")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name=re.compile("sign up", re.I)).click()
    page.locator("#id_email").fill("jane@robotics.example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"), timeout=WAIT)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group()
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/login/"), timeout=WAIT)

    page.locator("#id_login").fill("jane@robotics.example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("heading", name="My hubs").wait_for(timeout=WAIT)

    page.goto(f"{live_server.url}{hub.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Ask to manage it")).click()
    page.locator("#id_message").fill("I run the hub's office.")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("was sent to the coordinators").wait_for(timeout=WAIT)
    assert page.locator(".badge", has_text="Pending").count() == 1

    claim = Claim.objects.get()
    assert claim.hub == hub and claim.domain_matches
    assert claim.email == "jane@robotics.example.org"
    assert page.errors == [] and page.outside == []


def test_api_docs_work_under_the_csp(live_server, watched):
    """Swagger UI from dihub's own static files: no CDN, no inline script."""
    page = watched
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=WAIT)
    assert page.errors == [] and page.outside == []


def test_a_coordinator_makes_and_revokes_a_token(live_server, watched):
    """The tokens page under the CSP, accessible (axe), reached from My hubs; the
    coordinator's nav link."""
    from pathlib import Path

    from dihub.accounts.models import ApiToken

    from .helpers import person

    axe = Path(__file__).resolve().parents[2] / "search/tests/vendor/axe-core/axe.min.js"
    person("co@dihub.example", group="coordinator")
    page = watched
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill("co@dihub.example")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("heading", name="My hubs").wait_for(timeout=WAIT)
    assert page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Coordinator").count() == 1

    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("CRM sync")
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_role("textbox", name="Token", exact=True).input_value(timeout=WAIT)
    assert secret.startswith("dih_")
    assert ApiToken.objects.get().prefix == secret[:12]
    page.add_script_tag(path=str(axe))
    found = page.evaluate("async () => (await axe.run(document)).violations.map("
                          "v => ({id: v.id, impact: v.impact}))")
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []

    page.get_by_role("button", name="Revoke CRM sync").click()
    page.get_by_text("was revoked").wait_for(timeout=WAIT)
    assert ApiToken.objects.get().revoked_at is not None
    assert page.errors == [] and page.outside == []
