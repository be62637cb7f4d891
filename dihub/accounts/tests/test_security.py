"""Security headers and the deploy check with production settings (the log-in lock-out:
test_login_lockout.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from dihub.catalogue.tests.factories import full_hub

from .helpers import person

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    hub = full_hub()
    for url in ("/", "/hubs/", hub.get_absolute_url(), reverse("account_login")):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "img-src 'self' data:" in csp and "connect-src 'self'" in csp
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_fact_sheet_offers_claiming_and_nav_sign_in(client):
    hub = full_hub()
    page = client.get(hub.get_absolute_url()).content.decode()
    assert reverse("accounts-claim", args=[hub.slug]) in page
    assert "Sign in" in page and "My hubs" not in page
    client.force_login(person("c@x.org"))
    page = client.get(hub.get_absolute_url()).content.decode()
    assert "My hubs" in page and "Sign out" in page


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIHUB_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "dihub.settings",
        "DIHUB_PRODUCTION": "1", "DIHUB_DEBUG": "0", "DIHUB_HTTPS": "1",
        "DIHUB_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "a-production-secret-" + "k3y-" * 12,
        "ALLOWED_HOSTS": "dihub.example.org",
    })
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_account_pages_are_in_the_site_layout(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        page = client.get(reverse(name)).content.decode()
        assert 'class="site-header"' in page and "csrfmiddlewaretoken" in page, name
    client.force_login(person("c@x.org"))
    for name in ("account_email", "account_change_password", "accounts-home"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert 'class="site-header"' in response.content.decode()
        assert " style=" not in response.content.decode(), name  # the CSP refuses them
