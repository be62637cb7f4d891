"""API tokens: made on the page (secret shown once, only its hash kept), used as a Bearer
token, last use noted, revoked; and the personal-data export that lists them."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dihub.accounts import flows, tokens
from dihub.accounts.flows import make_manager
from dihub.accounts.models import ApiToken, Claim, Invitation
from dihub.accounts.personal import personal_data
from dihub.catalogue.tests.factories import make_hub

from .helpers import person

pytestmark = pytest.mark.django_db


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def make_on_page(client, name="CRM sync"):
    """Make a token on the page; the secret as the page shows it."""
    response = client.post(reverse("accounts-tokens"), {"name": name})
    assert response.status_code == 200
    token = ApiToken.objects.filter(name=name).latest("pk")
    secret = response.context["secret"]
    assert secret and secret in response.content.decode()
    return token, secret, response


def test_secrets_are_random_prefixed_and_hashed():
    a, b = tokens.new_secret(), tokens.new_secret()
    assert a != b and a.startswith("dih_") and len(a) >= 40
    assert tokens.hash_secret(a) == hashlib.sha256(a.encode()).hexdigest()
    assert tokens.prefix_of(a) == a[:12]
    assert tokens.looks_like_secret(a)
    for junk in ("", "dih_", "nonsense", "dih_ spaced", "dih_é" * 3, "dih_" + "x" * 300):
        assert not tokens.looks_like_secret(junk)


def test_tokens_page_needs_a_person(client):
    for response in (client.get(reverse("accounts-tokens")),
                     client.post(reverse("accounts-tokens"), {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not ApiToken.objects.exists()


def test_my_hubs_links_to_the_tokens_page(client):
    client.force_login(person("c@x.org"))
    assert reverse("accounts-tokens") in client.get(reverse("accounts-home")).content.decode()


def test_make_use_and_revoke_a_token(client):
    jane = person("jane@x.org")
    client.force_login(jane)
    token, secret, response = make_on_page(client)
    # the secret is shown once, never cached, and only its hash is kept
    assert "no-store" in response["Cache-Control"]
    assert token.user == jane and token.prefix == secret[:12]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(stored, default=str)
    page = client.get(reverse("accounts-tokens")).content.decode()
    assert secret not in page and token.prefix in page and "CRM sync" in page
    assert "never" in page  # not used yet

    # used as a Bearer token, by a client with no session
    api = Client()
    response = api.get("/api/me", **bearer(secret))
    assert response.status_code == 200
    assert response.json()["username"] == "jane@x.org" and response.json()["auth"] == "token"
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # at most one write a minute
    api.get("/api/me", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    api.get("/api/me", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=1)

    # revoked on the page: a POST with CSRF
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(jane)
    assert csrf_client.post(reverse("accounts-revoke-token", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get(reverse("accounts-revoke-token", args=[token.pk])).status_code == 405
    response = client.post(reverse("accounts-revoke-token", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(reverse("accounts-tokens")).content.decode()
    assert f'id="token-{token.pk}"' not in page and "No tokens." in page

    response = api.get("/api/me", **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked API token."}


def test_a_token_needs_a_name_and_only_its_owner_revokes_it(client):
    jane, bob = person("jane@x.org"), person("bob@x.org")
    client.force_login(jane)
    response = client.post(reverse("accounts-tokens"), {"name": "   "})
    assert response.status_code == 200 and response.context["secret"] is None
    assert not ApiToken.objects.exists()
    token, _, _ = make_on_page(client)
    client.force_login(bob)
    assert client.post(reverse("accounts-revoke-token", args=[token.pk])).status_code == 404
    assert client.post(reverse("accounts-revoke-token", args=[2**70])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token.prefix not in client.get(reverse("accounts-tokens")).content.decode()


def test_a_person_holds_at_most_max_tokens(client, monkeypatch):
    monkeypatch.setattr(flows, "MAX_TOKENS", 2)
    jane = person("jane@x.org")
    flows.create_token(jane, "one")
    flows.create_token(jane, "two")
    with pytest.raises(flows.Invalid, match="revoke one first"):
        flows.create_token(jane, "three")
    flows.revoke_token(jane.api_tokens.first())
    flows.create_token(jane, "three")


@pytest.mark.parametrize("header", [
    "Bearer dih_not-a-real-token", "Bearer nonsense", "Bearer ", "bearer",
    "Bearer dih_" + "x" * 5000,
    "Bearer dih_\u00e9t\u00e9",
])
def test_wrong_tokens_answer_401_with_a_message(client, header):
    person("jane@x.org")
    response = client.get("/api/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_another_scheme_is_not_a_token(client):
    jane = person("jane@x.org")
    response = client.get("/api/me", HTTP_AUTHORIZATION="Basic amFuZTp4")
    assert response.status_code == 401
    client.force_login(jane)  # the session still counts
    assert client.get("/api/me", HTTP_AUTHORIZATION="Basic amFuZTp4").status_code == 200


def test_a_token_wins_over_the_session_and_dies_with_its_owner(client):
    jane, bob = person("jane@x.org"), person("bob@x.org")
    _, secret = flows.create_token(bob, "bob's")
    client.force_login(jane)
    assert client.get("/api/me", **bearer(secret)).json()["username"] == "bob@x.org"
    bob.is_active = False
    bob.save()
    assert client.get("/api/me", **bearer(secret)).status_code == 401


def test_personal_data_lists_the_account_and_never_a_secret():
    hub, other = make_hub("Uni Hub"), make_hub("Other Hub")
    jane = person("jane@x.org")
    make_manager(jane, hub)
    Claim.objects.create(user=jane, hub=other, email="jane@x.org", message="me")
    sent = Invitation.objects.create(hub=hub, email="ann@x.org", invited_by=jane)
    got = Invitation.objects.create(hub=other, email="jane@x.org", accepted_by=jane,
                                    accepted_at=timezone.now())
    token, secret = flows.create_token(jane, "CRM sync")
    flows.create_token(jane, "old")
    flows.revoke_token(jane.api_tokens.get(name="old"))
    coordinator = person("co@x.org", group="coordinator")
    decided = Claim.objects.create(user=person("bob@x.org"), hub=hub, email="bob@x.org")
    flows.approve(decided, coordinator)

    data = personal_data(jane)
    text = json.dumps(data)  # JSON-ready as it is
    assert data["account"]["username"] == "jane@x.org"
    assert data["account"]["date_joined"] and data["account"]["last_login"] is None
    assert data["email_addresses"] == [
        {"email": "jane@x.org", "verified": True, "primary": True}]
    assert [m["hub"]["name"] for m in data["memberships"]] == ["Uni Hub"]
    assert [(c["hub"]["name"], c["state"], c["message"]) for c in data["claims"]] == [
        ("Other Hub", "pending", "me")]
    assert [i["email"] for i in data["invitations_sent"]] == ["ann@x.org"]
    assert [i["hub"]["name"] for i in data["invitations_accepted"]] == ["Other Hub"]
    assert [(t["name"], t["prefix"], t["revoked_at"] is None) for t in data["api_tokens"]] == [
        ("CRM sync", token.prefix, True), ("old", data["api_tokens"][1]["prefix"], False)]
    for forbidden in (secret, token.key_hash, sent.token, got.token, jane.password):
        assert forbidden not in text
    assert "key_hash" not in text
    assert personal_data(coordinator)["claims_decided"] == [
        {"hub": {"id": hub.pk, "slug": hub.slug, "name": "Uni Hub"}, "state": "approved",
         "decided_at": decided.__class__.objects.get(pk=decided.pk).decided_at.isoformat()}]
    assert "bob@x.org" not in json.dumps(personal_data(coordinator))
