"""Failed log-ins lock one account from one address for a short time: 429 with Retry-After,
the owner elsewhere still gets in, a password reset by e-mail lifts the lock, and it ends."""

import re
import time

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from dihub.accounts import lockout

from .helpers import PASSWORD, person

OWNER = "owner@x.org"
STRANGER_IP, OWNER_IP = "203.0.113.7", "198.51.100.20"


def log_in(client, password, ip=STRANGER_IP, login=OWNER):
    return client.post(reverse("account_login"), {"login": login, "password": password},
                       REMOTE_ADDR=ip)


def fail_until_locked(client, ip=STRANGER_IP):
    for _ in range(lockout.failures_allowed()):
        assert log_in(client, "wrong", ip).status_code == 200  # the form's error
    return log_in(client, "wrong", ip)


@pytest.mark.django_db
def test_after_the_allowed_failures_the_answer_is_429_with_retry_after(client):
    person(OWNER)
    locked = fail_until_locked(client)
    assert locked.status_code == 429
    assert 1 <= int(locked["Retry-After"]) <= lockout.lock_seconds()
    page = locked.content.decode()
    assert "Too many failed log-ins" in page and reverse("account_reset_password") in page
    assert 'class="site-header"' in page
    # even the right password waits: the lock is checked before the password
    again = log_in(client, PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_owner_out_from_another_address(client):
    person(OWNER)
    assert fail_until_locked(client, STRANGER_IP).status_code == 429
    response = log_in(client, PASSWORD, OWNER_IP)
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_other_accounts_from_the_locked_address_are_not_locked(client):
    person(OWNER)
    person("colleague@x.org")
    assert fail_until_locked(client).status_code == 429
    response = log_in(client, PASSWORD, STRANGER_IP, login="colleague@x.org")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_success_forgives_the_failures_before_it(client):
    person(OWNER)
    for _ in range(3):
        for _ in range(lockout.failures_allowed() - 1):
            assert log_in(client, "wrong").status_code == 200
        assert log_in(client, PASSWORD).status_code == 302
        client.logout()


@pytest.mark.django_db
def test_a_password_reset_by_e_mail_lifts_the_lock(client):
    person(OWNER)
    assert fail_until_locked(client, OWNER_IP).status_code == 429
    client.post(reverse("account_reset_password"), {"email": OWNER}, REMOTE_ADDR=OWNER_IP)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)  # allauth moves the key into the session
    new = "another-long-password-77"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new},
                       REMOTE_ADDR=OWNER_IP)
    assert done.status_code == 302, done.content.decode()[:500]
    response = log_in(client, new, OWNER_IP)
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_lock_ends_after_the_configured_time(client):
    person(OWNER)
    with override_settings(DIHUB_LOGIN_LOCK_SECONDS=1):
        locked = fail_until_locked(client)
        assert locked.status_code == 429 and locked["Retry-After"] == "1"
        time.sleep(1.1)
        assert log_in(client, PASSWORD).status_code == 302


def test_lock_arithmetic_with_a_given_clock():
    ip, account, now = "192.0.2.1", "a@x.org", 1000.0
    allowed = lockout.failures_allowed()
    assert [lockout.attempt(account, ip, now) for _ in range(allowed)] == [0] * allowed
    assert lockout.attempt(account, ip, now) == lockout.lock_seconds()
    assert lockout.attempt(account, ip, now + 10) == lockout.lock_seconds() - 10
    assert lockout.attempt(account, "192.0.2.2", now + 10) == 0  # another address
    assert lockout.attempt(account, ip, now + lockout.lock_seconds()) == 0  # over


def test_an_ipv6_network_counts_as_one_address():
    one, other = "2001:db8:1:2::1", "2001:db8:1:2:ffff::9"
    assert lockout.address(one) == lockout.address(other) != lockout.address("2001:db8:1:3::1")
    assert lockout.address("192.0.2.1") == "192.0.2.1"


@pytest.mark.django_db
def test_the_admin_logs_in_through_the_throttled_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    staff = person("admin@x.org", superuser=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_many_accounts_tried_from_one_address_get_429_with_retry_after(client):
    """allauth's own limit on all log-in attempts from an address (30 a minute)."""
    answers = [log_in(client, "wrong", login=f"p{n}@x.org").status_code for n in range(30)]
    assert answers == [200] * 30
    last = log_in(client, "wrong", login="p30@x.org")
    assert last.status_code == 429 and last["Retry-After"] == "60"
