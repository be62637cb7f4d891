"""The accounts API, endpoint by endpoint and role by role: anonymous (401), a company
user, the manager of hub A acting on hub B, a coordinator; session CSRF and the OpenAPI
description of the schemes."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone
from ninja import NinjaAPI
from ninja.testing import TestClient

from dihub.accounts import flows
from dihub.accounts.api_auth import OPTIONAL_OPENAPI, auth, optional_auth
from dihub.accounts.flows import make_manager
from dihub.accounts.models import ApiToken, Claim, Invitation, Membership
from dihub.catalogue.tests.factories import make_hub

from .helpers import person

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world():
    """Hubs A and B (published), D (a draft); a company user, A's manager, a coordinator,
    each with an API token."""
    w = SimpleNamespace(
        a=make_hub("Hub A", website="https://a.example.org"), b=make_hub("Hub B"),
        draft=make_hub("Draft Hub", validation="draft"),
        company=person("c@x.org"), manager=person("m@a.example.org"),
        coordinator=person("co@dihub.example", group="coordinator"))
    make_manager(w.manager, w.a)
    w.secret = {role: flows.create_token(getattr(w, role), role)[1]
                for role in ("company", "manager", "coordinator")}
    return w


def call(world, role, method, url, body=None):
    """A call as this role with their token (anonymous: none)."""
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secret[role]}"} if role else {}
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type=JSON, **headers)


def detail(response):
    assert response["Content-Type"].startswith(JSON), response.content
    return response.json()["detail"]


def endpoints(world):
    claim = Claim.objects.create(user=world.company, hub=world.b, email="c@x.org")
    invitation = Invitation.objects.create(hub=world.a, email="c@x.org")
    token = ApiToken.objects.filter(user=world.company).first()
    return [
        ("get", "/api/me", None),
        ("get", "/api/me/tokens", None),
        ("post", "/api/me/tokens", {"name": "x"}),
        ("delete", f"/api/me/tokens/{token.pk}", None),
        ("post", f"/api/hubs/{world.a.slug}/claim", {"message": ""}),
        ("get", "/api/claims", None),
        ("post", f"/api/claims/{claim.pk}/approve", None),
        ("post", f"/api/claims/{claim.pk}/refuse", {"reason": "no"}),
        ("post", f"/api/hubs/{world.a.pk}/invitations", {"email": "x@y.org"}),
        ("post", f"/api/invitations/{invitation.token}/accept", None),
    ]


# -- authentication ---------------------------------------------------------------------


def test_anonymous_gets_401_on_every_endpoint(world):
    for method, url, body in endpoints(world):
        response = call(world, None, method, url, body)
        assert response.status_code == 401, (method, url)
        assert detail(response) == "Unauthorized"
    # nothing happened
    assert Claim.objects.get().state == "pending" and Membership.objects.count() == 1
    assert not Invitation.objects.filter(email="x@y.org").exists()


def test_anonymous_with_csrf_enforced_still_gets_401_not_403(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/me/tokens", {"name": "x"}, content_type=JSON)
    assert response.status_code == 401


def test_a_revoked_token_gets_401_on_every_endpoint(world):
    flows.revoke_token(ApiToken.objects.get(user=world.coordinator))
    for method, url, body in endpoints(world):
        response = call(world, "coordinator", method, url, body)
        assert response.status_code == 401, (method, url)
        assert detail(response) == "Invalid or revoked API token."


def test_session_calls_that_change_data_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.company)
    assert client.get("/api/me").status_code == 200  # safe methods need none
    assert client.get("/api/me/tokens").status_code == 200
    response = client.post("/api/me/tokens", {"name": "web"}, content_type=JSON)
    assert response.status_code == 403 and "CSRF" in detail(response)
    response = client.post(f"/api/hubs/{world.a.slug}/claim", {}, content_type=JSON)
    assert response.status_code == 403 and not Claim.objects.exists()
    token = ApiToken.objects.get(user=world.company)
    assert client.delete(f"/api/me/tokens/{token.pk}").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None

    client.get("/accounts/tokens/")  # any page with a form sets the csrftoken cookie
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    response = client.post("/api/me/tokens", {"name": "web"}, content_type=JSON, **csrf)
    assert response.status_code == 201 and response.json()["secret"].startswith("dih_")
    assert client.delete(f"/api/me/tokens/{token.pk}", **csrf).status_code == 204
    response = client.post(f"/api/hubs/{world.a.slug}/claim", {}, content_type=JSON, **csrf)
    assert response.status_code == 201


def test_token_calls_need_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/api/hubs/{world.a.slug}/claim", {"message": "me"},
                           content_type=JSON,
                           HTTP_AUTHORIZATION=f"Bearer {world.secret['company']}")
    assert response.status_code == 201


def test_optional_auth_lets_anonymous_in_but_still_checks_tokens(world):
    api = NinjaAPI(urls_namespace="optional-auth-test")

    @api.get("/who", auth=optional_auth, openapi_extra=OPTIONAL_OPENAPI)
    def who(request):
        return {"user": request.user.username if request.user.is_authenticated else None}

    @api.get("/must", auth=auth)
    def must(request):
        return {"user": request.user.username}

    client = TestClient(api)
    assert client.get("/who").json() == {"user": None}
    bearer = {"Authorization": f"Bearer {world.secret['company']}"}
    assert client.get("/who", headers=bearer).json() == {"user": "c@x.org"}
    assert client.get("/who", headers={"Authorization": "Bearer dih_wrong1234567"}
                      ).status_code == 401
    assert client.get("/must").status_code == 401
    assert client.get("/must", headers=bearer).json() == {"user": "c@x.org"}
    security = api.get_openapi_schema(path_prefix="")["paths"]["/who"]["get"]["security"]
    assert {"TokenAuth": []} in security and {} in security


def test_openapi_documents_the_bearer_and_session_schemes(client):
    schema = client.get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"]["type"] == "http" and schemes["TokenAuth"]["scheme"] == "bearer"
    assert schemes["SessionAuth"] == {
        "type": "apiKey", "in": "cookie", "name": "sessionid",
        "description": schemes["SessionAuth"]["description"]}
    for path, method in (("/api/me", "get"), ("/api/me/tokens", "post"),
                         ("/api/hubs/{id_or_slug}/claim", "post"),
                         ("/api/claims/{claim_id}/approve", "post"),
                         ("/api/invitations/{token}/accept", "post")):
        assert schema["paths"][path][method]["security"] == [
            {"TokenAuth": []}, {"SessionAuth": []}], path
    # the public read API stays public
    assert "security" not in schema["paths"]["/api/hubs/{id}"]["get"]


# -- who am I, tokens -------------------------------------------------------------------


def test_me_for_each_role(world):
    company = call(world, "company", "get", "/api/me").json()
    assert company["roles"] == ["company user"] and company["hubs"] == []
    assert company["coordinator"] is False and company["auth"] == "token"
    assert company["emails"] == [{"email": "c@x.org", "verified": True, "primary": True}]
    manager = call(world, "manager", "get", "/api/me").json()
    assert manager["roles"] == ["company user", "hub manager"]
    assert [(h["slug"], h["validation"]) for h in manager["hubs"]] == [
        (world.a.slug, "published")]
    coordinator = call(world, "coordinator", "get", "/api/me").json()
    assert "coordinator" in coordinator["roles"] and coordinator["coordinator"] is True
    client = Client()
    client.force_login(world.company)
    assert client.get("/api/me").json()["auth"] == "session"


def test_token_api_lifecycle(world):
    client = Client()
    client.force_login(world.company)
    response = client.post("/api/me/tokens", {"name": "  Sync  "}, content_type=JSON)
    assert response.status_code == 201
    made = response.json()
    secret = made["secret"]
    assert made["name"] == "Sync" and made["prefix"] == secret[:12]
    assert made["last_used_at"] is None
    token = ApiToken.objects.get(pk=made["id"])
    assert token.key_hash != secret and secret not in token.prefix + token.key_hash

    listed = client.get("/api/me/tokens").json()
    assert [t["name"] for t in listed] == ["Sync", "company"]
    assert all("secret" not in t and "key_hash" not in t for t in listed)

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert Client().get("/api/me/tokens", **bearer).status_code == 200
    # a token cannot make more tokens: a leaked one cannot outlive its revocation
    response = Client().post("/api/me/tokens", {"name": "more"}, content_type=JSON, **bearer)
    assert response.status_code == 403 and "signed in" in detail(response)

    # the flow's checks answer 400; the schema's own (its maxLength) 422, naming the field
    for bad, status in (({"name": ""}, 400), ({"name": "   "}, 400), ({"name": "a\x00b"}, 400),
                        ({"name": "x" * 101}, 422)):
        response = client.post("/api/me/tokens", bad, content_type=JSON)
        assert response.status_code == status and detail(response), bad
    too_long = client.post("/api/me/tokens", {"name": "x" * 101}, content_type=JSON).json()
    assert too_long["errors"][0]["field"] == "name" and too_long["detail"].startswith("name: ")
    assert client.post("/api/me/tokens", {}, content_type=JSON).status_code == 422
    assert client.post("/api/me/tokens", "{nope", content_type=JSON).status_code in (400, 422)

    # another person's token, an unknown one, a silly id: 404 or 422, never 500
    other = ApiToken.objects.get(user=world.manager)
    assert client.delete(f"/api/me/tokens/{other.pk}").status_code == 404
    assert client.delete("/api/me/tokens/999999").status_code == 404
    assert client.delete(f"/api/me/tokens/{2**70}").status_code == 422
    assert client.delete("/api/me/tokens/0").status_code == 422
    assert client.delete("/api/me/tokens/abc").status_code == 422
    other.refresh_from_db()
    assert other.revoked_at is None

    # a token may revoke itself; then it is refused; revoking twice is fine
    assert Client().delete(f"/api/me/tokens/{made['id']}", **bearer).status_code == 204
    assert Client().get("/api/me", **bearer).status_code == 401
    assert client.delete(f"/api/me/tokens/{made['id']}").status_code == 204
    assert [t["name"] for t in client.get("/api/me/tokens").json()] == ["company"]


# -- claims -----------------------------------------------------------------------------


def test_claiming_by_role(world):
    response = call(world, "company", "post", f"/api/hubs/{world.a.slug}/claim",
                    {"message": "I run it"})
    assert response.status_code == 201
    claim = response.json()
    assert claim["hub"]["slug"] == world.a.slug and claim["state"] == "pending"
    assert claim["message"] == "I run it" and claim["domain_matches"] is False
    # again, by id: the same pending claim
    again = call(world, "company", "post", f"/api/hubs/{world.a.pk}/claim", {})
    assert again.status_code == 201 and again.json()["id"] == claim["id"]
    # the manager of A cannot claim A, may claim B
    response = call(world, "manager", "post", f"/api/hubs/{world.a.slug}/claim", {})
    assert response.status_code == 400 and "already manage" in detail(response)
    response = call(world, "manager", "post", f"/api/hubs/{world.b.slug}/claim", {})
    assert response.status_code == 201
    # no body at all: a message, not a 500
    response = call(world, "coordinator", "post", f"/api/hubs/{world.b.slug}/claim")
    assert response.status_code in (400, 422) and detail(response)
    assert Claim.objects.filter(user=world.company).count() == 1


def test_only_published_hubs_can_be_claimed(world):
    for key in (world.draft.slug, str(world.draft.pk), "no-such-hub", "99999", "a b", "x" * 300):
        response = call(world, "company", "post", f"/api/hubs/{key}/claim", {})
        assert response.status_code == 404, key
        assert detail(response)
    assert not Claim.objects.exists()
    with pytest.raises(flows.Invalid, match="only published hubs"):
        flows.make_claim(world.company, world.draft, "")


def test_claim_messages_are_checked(world):
    url = f"/api/hubs/{world.a.slug}/claim"
    assert call(world, "company", "post", url, {"message": "x" * 4001}).status_code == 422
    assert call(world, "company", "post", url, {"message": "a\x00b"}).status_code == 400
    assert call(world, "company", "post", url, {"message": 12}).status_code == 422
    assert not Claim.objects.exists()


def test_reviewing_claims_by_role(world):
    claim = flows.make_claim(world.company, world.a, "please")
    for role in ("company", "manager"):
        for method, url, body in (("get", "/api/claims", None),
                                  ("post", f"/api/claims/{claim.pk}/approve", None),
                                  ("post", f"/api/claims/{claim.pk}/refuse", {"reason": "no"}),
                                  ("post", "/api/claims/999999/approve", None)):
            response = call(world, role, method, url, body)
            assert response.status_code == 403, (role, url)
            assert "coordinators" in detail(response)
    claim.refresh_from_db()
    assert claim.state == "pending" and not mail.outbox

    listed = call(world, "coordinator", "get", "/api/claims").json()
    assert [(c["id"], c["email"], c["username"]) for c in listed] == [
        (claim.pk, "c@x.org", "c@x.org")]
    response = call(world, "coordinator", "post", f"/api/claims/{claim.pk}/approve")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    assert Membership.objects.filter(user=world.company, hub=world.a).exists()
    assert mail.outbox[-1].to == ["c@x.org"] and "Hub A" in mail.outbox[-1].subject
    assert call(world, "coordinator", "get", "/api/claims").json() == []
    # decided once
    response = call(world, "coordinator", "post", f"/api/claims/{claim.pk}/approve")
    assert response.status_code == 409 and "already approved" in detail(response)
    response = call(world, "coordinator", "post", f"/api/claims/{claim.pk}/refuse",
                    {"reason": "no"})
    assert response.status_code == 409 and "already approved" in detail(response)
    for url, status in (("/api/claims/999999/approve", 404), (f"/api/claims/{2**64}/approve", 422),
                        ("/api/claims/x/approve", 422)):
        assert call(world, "coordinator", "post", url).status_code == status, url


def test_refusing_needs_a_reason(world):
    claim = flows.make_claim(world.company, world.a, "")
    url = f"/api/claims/{claim.pk}/refuse"
    response = call(world, "coordinator", "post", url, {"reason": "  "})
    assert response.status_code == 400 and detail(response) == "Give a reason to refuse a claim."
    assert call(world, "coordinator", "post", url, {}).status_code == 422
    assert call(world, "coordinator", "post", url).status_code in (400, 422)
    claim.refresh_from_db()
    assert claim.state == "pending" and not mail.outbox
    response = call(world, "coordinator", "post", url, {"reason": "Not staff <b>here</b>."})
    assert response.status_code == 200
    assert response.json()["state"] == "refused"
    assert response.json()["reason"] == "Not staff <b>here</b>."
    assert "Not staff <b>here</b>." in mail.outbox[-1].body
    assert not Membership.objects.filter(user=world.company).exists()


# -- invitations ------------------------------------------------------------------------


def test_inviting_by_role(world):
    def invite(role, hub_key, email="new@x.org"):
        return call(world, role, "post", f"/api/hubs/{hub_key}/invitations", {"email": email})

    assert invite("company", world.a.slug).status_code == 403
    response = invite("manager", world.b.slug)  # manager of A, on B
    assert response.status_code == 403 and "Hub B" in detail(response)
    assert invite("manager", world.draft.slug).status_code == 404  # unpublished: unseen
    assert not Invitation.objects.exists() and not mail.outbox

    response = invite("manager", world.a.slug)
    assert response.status_code == 201
    made = response.json()
    assert made["hub"]["slug"] == world.a.slug and made["email"] == "new@x.org"
    assert made["accepted_at"] is None and made["expires_at"] > made["created_at"]
    invitation = Invitation.objects.get()
    assert invitation.token not in json.dumps(made)  # the link's secret goes by e-mail only
    assert mail.outbox[-1].to == ["new@x.org"] and invitation.token in mail.outbox[-1].body

    assert invite("coordinator", str(world.b.pk)).status_code == 201
    assert invite("coordinator", world.draft.slug).status_code == 201
    assert invite("coordinator", "no-such-hub").status_code == 404
    for bad in ("", "nobody", "a@b", "x" * 250 + "@x.org", "a\x00b@x.org"):
        response = invite("coordinator", world.a.slug, bad)
        assert response.status_code == 400 and detail(response), bad
    assert Invitation.objects.count() == 3


def test_an_invitation_is_accepted_only_by_its_verified_address(world):
    invitation = flows.invite(world.a, "Ann@Uni.example", world.manager)
    url = f"/api/invitations/{invitation.token}/accept"
    # someone else signed in: 403 with a message, and the invitation stays open
    response = call(world, "company", "post", url)
    assert response.status_code == 403 and "Ann@Uni.example" in detail(response)
    assert call(world, "coordinator", "post", url).status_code == 403
    ann = person("ann@uni.example", verified=False)
    ann_secret = flows.create_token(ann, "ann")[1]
    client = Client()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {ann_secret}"}
    assert client.post(url, **bearer).status_code == 403  # not verified yet
    assert not Membership.objects.filter(user=ann).exists()
    EmailAddress.objects.filter(user=ann).update(verified=True)
    response = client.post(url, **bearer)  # case does not matter
    assert response.status_code == 200
    assert response.json()["hub"]["slug"] == world.a.slug
    assert response.json()["role"] == "manager"
    invitation.refresh_from_db()
    assert invitation.accepted_by == ann
    assert client.post(url, **bearer).status_code == 404  # once
    for token in ("nope", "%00", "x" * 65, "%C3%A9t%C3%A9", "a%20b"):
        response = call(world, "company", "post", f"/api/invitations/{token}/accept")
        assert response.status_code == 404, token


def test_a_verified_secondary_address_can_accept(world):
    invitation = flows.invite(world.b, "work@x.org", world.coordinator)
    EmailAddress.objects.create(user=world.company, email="WORK@x.org", verified=True,
                                primary=False)
    response = call(world, "company", "post", f"/api/invitations/{invitation.token}/accept")
    assert response.status_code == 200
    assert Membership.objects.filter(user=world.company, hub=world.b).exists()


def test_an_expired_invitation_is_404(world):
    invitation = flows.invite(world.a, "c@x.org", world.manager)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=flows.INVITATION_DAYS + 1))
    response = call(world, "company", "post", f"/api/invitations/{invitation.token}/accept")
    assert response.status_code == 404 and "expired" in detail(response)
