"""The write API through tokens: a manager edits and submits, a coordinator reads the
changes and publishes, sends back, reverts, registers, archives and restores; every error
answer (401, 403, 404, 400, 422) with its body, and no 500 for bad input."""

import json
from types import SimpleNamespace

import pytest
from django.test import Client

from dihub.accounts import flows
from dihub.accounts.tests.helpers import person
from dihub.catalogue.models import Draft, Hub, HubVersion, Validation
from dihub.catalogue.tests.factories import full_hub, make_hub, region, term

pytestmark = pytest.mark.django_db
JSON = "application/json"


def make_world():
    """Hub A (full, published) and B (published), D (registered, not published) and Z
    (archived); a company user, A's manager, an evaluator, a coordinator and an
    administrator, each with an API token (world.secret[role])."""
    region("DE12", "Karlsruhe")
    for name, kind in (("Cybersecurity", "technology"), ("Health", "sector"),
                       ("Training", "service")):
        term(name, kind)
    w = SimpleNamespace(
        a=full_hub(), b=make_hub("Hub B", slug="hub-b"),
        draft=make_hub("Draft Hub", slug="draft-hub", validation=Validation.DRAFT),
        archived=make_hub("Old Hub", slug="old-hub", validation=Validation.ARCHIVED),
        company=person("c@x.org"), manager=person("m@a.example.org"),
        manager_b=person("m@b.example.org"),
        evaluator=person("e@dihub.example", group="evaluator"),
        coordinator=person("co@dihub.example", group="coordinator"),
        admin=person("root@dihub.example", superuser=True))
    flows.make_manager(w.manager, w.a)
    flows.make_manager(w.manager_b, w.b)
    w.secret = {role: flows.create_token(getattr(w, role), role)[1]
                for role in ("company", "manager", "manager_b", "evaluator", "coordinator",
                             "admin")}
    return w


@pytest.fixture
def world():
    return make_world()


def call(world, role, method, url, body=None, raw=None):
    """A call as this role with their token (role None: anonymous)."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secret[role]}"} if role else {}
    if raw is None:
        raw = "" if body is None else json.dumps(body)
    return Client().generic(method.upper(), url, raw, content_type=JSON, **headers)


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:2000])
    return response.json()


def refused(response, status):
    assert response.status_code == status, (response.status_code, response.content[:2000])
    assert response["Content-Type"].startswith(JSON)
    return response.json()


def counts():
    return (Hub.objects.count(), Draft.objects.count(), HubVersion.objects.count())


# -- the whole flow -----------------------------------------------------------------------


def test_manager_edits_and_submits_coordinator_publishes(world):
    a = world.a
    url = f"/api/hubs/{a.slug}"
    assert refused(call(world, "manager", "get", f"{url}/draft"), 404)["detail"].endswith(
        "PUT a fact-sheet to start one.")
    public = ok(call(world, None, "get", url))
    assert [c["name"] for c in public["contacts"]] == ["Public Person"]

    # the draft holds every contact; read-only keys sent back are ignored
    draft = ok(call(world, "manager", "post", f"{url}/draft"))
    assert draft["state"] == "editing" and draft["hub"]["slug"] == a.slug
    sheet = draft["sheet"]
    assert [c["name"] for c in sheet["contacts"]] == ["Secret Person", "Public Person"]
    assert 0 < draft["completeness"]["score"] <= 100
    sheet.update(id=123, slug="elsewhere", validation="archived", sources=[],
                 updated_at=None, title="Robots and AI for SMEs")
    sheet["technologies"].append({"name": "Cybersecurity", "vocabulary": "edih", "level": 2})
    sheet["contacts"].append({"name": "New Person", "email": "NEW@example.org",
                              "publish": True})
    saved = ok(call(world, "manager", "put", f"{url}/draft", sheet))
    assert saved["id"] == draft["id"] and saved["state"] == "editing"
    assert saved["sheet"]["title"] == "Robots and AI for SMEs"
    assert saved["sheet"]["contacts"][-1]["email"] == "new@example.org"
    assert saved["updated_by"] == "m@a.example.org"
    # the public sheet does not change before publication
    assert ok(call(world, None, "get", url))["title"] == "Robots for SMEs"

    submitted = ok(call(world, "manager", "post", f"{url}/draft/submit"))
    assert submitted["state"] == "submitted" and submitted["submitted_at"]
    assert refused(call(world, "manager", "post", f"{url}/draft/publish"), 403)["detail"] == \
        "Only a coordinator can publish."

    changes = ok(call(world, "coordinator", "get", f"{url}/draft/changes"))
    assert changes["draft"] == draft["id"] and changes["state"] == "submitted"
    by_field = {c["field"]: c for c in changes["changes"]}
    assert by_field["title"]["old"] == "Robots for SMEs"
    assert by_field["title"]["new"] == "Robots and AI for SMEs"
    assert by_field["technologies"]["added"] == ["Cybersecurity [edih] (level 2)"]
    assert "New Person · new@example.org · public" in by_field["contacts"]["added"]
    assert ok(call(world, "manager", "get", f"{url}/draft/changes"))["changes"] == \
        changes["changes"]

    published = ok(call(world, "coordinator", "post", f"{url}/draft/publish"))
    assert published["hub"]["validation"] == "published"
    assert published["version"]["user"] == "co@dihub.example"
    assert published["version"]["reason"].startswith("published")
    assert {c["field"] for c in published["version"]["changes"]} >= {"title", "contacts"}

    public = ok(call(world, None, "get", f"/api/hubs/{a.pk}"))
    assert public["title"] == "Robots and AI for SMEs"
    assert "Cybersecurity" in [t["name"] for t in public["technologies"]]
    assert [c["name"] for c in public["contacts"]] == ["Public Person", "New Person"]
    assert refused(call(world, "manager", "get", f"{url}/draft"), 404)
    assert Draft.objects.get(pk=draft["id"]).state == Draft.State.PUBLISHED


def test_send_back_with_a_comment(world):
    url = f"/api/hubs/{world.a.pk}"
    sheet = ok(call(world, "manager", "post", f"{url}/draft"))["sheet"]
    ok(call(world, "manager", "put", f"{url}/draft", dict(sheet, website="https://new.example/")))
    # only a submitted draft can be sent back
    assert "no submitted draft" in refused(
        call(world, "coordinator", "post", f"{url}/draft/send-back", {"comment": "x"}), 409
    )["detail"]
    ok(call(world, "manager", "post", f"{url}/draft/submit"))
    assert refused(call(world, "manager", "post", f"{url}/draft/send-back",
                        {"comment": "no"}), 403)
    assert "comment is needed" in refused(
        call(world, "coordinator", "post", f"{url}/draft/send-back", {"comment": "  "}), 400
    )["detail"]
    missing = refused(call(world, "coordinator", "post", f"{url}/draft/send-back"), 422)
    assert missing["errors"] == [{"field": "comment", "reason": "Field required"}]

    back = ok(call(world, "coordinator", "post", f"{url}/draft/send-back",
                   {"comment": "Which website is right?"}))
    assert back["state"] == "sent-back" and back["comment"] == "Which website is right?"
    seen = ok(call(world, "manager", "get", f"{url}/draft"))
    assert seen["state"] == "sent-back" and seen["comment"] == "Which website is right?"
    # editing it again makes it a draft being edited; withdrawing drops it
    assert ok(call(world, "manager", "put", f"{url}/draft", seen["sheet"]))["state"] == "editing"
    withdrawn = ok(call(world, "manager", "post", f"{url}/draft/withdraw"))
    assert withdrawn["state"] == "withdrawn"
    assert refused(call(world, "manager", "post", f"{url}/draft/withdraw"), 409)["detail"] == \
        "There is no open draft."
    assert ok(call(world, None, "get", url))["website"] == "https://robotics.example.org/"


def test_history_and_revert(world):
    url = f"/api/hubs/{world.a.slug}"
    sheet = ok(call(world, "manager", "post", f"{url}/draft"))["sheet"]
    ok(call(world, "manager", "put", f"{url}/draft", dict(sheet, name="Robotics Hub BW")))
    ok(call(world, "manager", "post", f"{url}/draft/submit"))
    ok(call(world, "coordinator", "post", f"{url}/draft/publish"))

    history = ok(call(world, "manager", "get", f"{url}/history"))
    assert [v["reason"] for v in history][-1] == "first known state"
    newest, first = history[0], history[-1]
    assert newest["user"] == "co@dihub.example" and first["user"] is None
    assert newest["changes"] == [{"field": "name", "label": "Name", "old": "Robotics Hub "
                                  "Stuttgart", "new": "Robotics Hub BW", "added": None,
                                  "removed": None}]
    assert first["changes"] == []

    assert refused(call(world, "manager", "post", f"{url}/history/{first['id']}/revert"), 403)
    assert refused(call(world, "coordinator", "post", f"{url}/history/99999/revert"), 404)
    assert refused(call(world, "coordinator", "post", f"{url}/history/x%20y/revert"), 404)
    other = HubVersion.objects.create(hub=world.b, sheet={}, reason="b's")
    assert refused(call(world, "coordinator", "post", f"{url}/history/{other.pk}/revert"), 404)
    reverted = ok(call(world, "coordinator", "post", f"{url}/history/{first['id']}/revert"))
    assert reverted["version"]["reason"].startswith("reverted to the version of")
    assert reverted["version"]["changes"][0]["new"] == "Robotics Hub Stuttgart"
    assert ok(call(world, None, "get", url))["name"] == "Robotics Hub Stuttgart"
    assert len(ok(call(world, "coordinator", "get", f"{url}/history"))) == len(history) + 1


def test_register_archive_restore(world):
    created = call(world, "coordinator", "post", "/api/hubs",
                   {"name": "  New Hub Lyon ", "country": "fr"})
    draft = ok(created, 201)
    hub = Hub.objects.get(pk=draft["hub"]["id"])
    assert (hub.name, hub.country, hub.validation) == ("New Hub Lyon", "FR", "draft")
    assert draft["hub"]["slug"] == "new-hub-lyon" and draft["state"] == "editing"
    # not public, and unseen by those who may not edit it
    url = f"/api/hubs/{hub.slug}"
    assert refused(call(world, None, "get", url), 404)
    for role in ("company", "manager", "evaluator"):
        assert refused(call(world, role, "get", f"{url}/draft"), 404), role
        assert refused(call(world, role, "post", f"{url}/draft/submit"), 404), role
    assert refused(call(world, "manager", "post", "/api/hubs",
                        {"name": "Mine", "country": "DE"}), 403)
    assert refused(call(world, "coordinator", "post", "/api/hubs",
                        {"name": "Bad", "country": "France"}), 422)["errors"] == [
        {"field": "country", "reason": "String should have at most 2 characters"}]
    assert refused(call(world, "coordinator", "post", "/api/hubs",
                        {"name": "Bad", "country": "F1"}), 422)["errors"][0]["field"] == \
        "country"

    # its first draft, published, makes it public
    sheet = dict(draft["sheet"], description="<p>Lyon's hub</p><script>x</script>")
    ok(call(world, "coordinator", "put", f"{url}/draft", sheet))
    ok(call(world, "coordinator", "post", f"{url}/draft/submit"))
    ok(call(world, "coordinator", "post", f"{url}/draft/publish"))
    assert ok(call(world, None, "get", url))["description"] == "<p>Lyon's hub</p>"

    assert refused(call(world, "manager", "post", f"/api/hubs/{world.a.slug}/archive"), 403)
    archived = ok(call(world, "coordinator", "post", f"{url}/archive",
                       {"reason": "merged into another hub"}))
    assert archived["hub"]["validation"] == "archived"
    assert archived["version"]["reason"] == "archived: merged into another hub"
    assert refused(call(world, None, "get", url), 404)
    assert refused(call(world, "company", "post", f"{url}/draft"), 404)
    assert "archived" in refused(call(world, "coordinator", "post", f"{url}/draft"), 409)["detail"]
    restored = ok(call(world, "coordinator", "post", f"{url}/restore"))
    assert restored["hub"]["validation"] == "published"
    assert ok(call(world, None, "get", url))["name"] == "New Hub Lyon"
    # archiving without a body is fine too
    assert ok(call(world, "admin", "post", f"{url}/archive"))["version"]["reason"] == "archived"


def test_confirm_current(world):
    url = f"/api/hubs/{world.a.slug}/confirm"
    assert refused(call(world, "company", "post", url), 403)
    assert refused(call(world, "manager_b", "post", url), 403)
    confirmed = ok(call(world, "manager", "post", url))
    assert confirmed["checked_at"] and confirmed["stale"] is False
    world.a.refresh_from_db()
    assert world.a.checked_at is not None


# -- errors -------------------------------------------------------------------------------


def test_401_without_a_person(world):
    url = f"/api/hubs/{world.a.slug}"
    for method, path in (("get", "/draft"), ("put", "/draft"), ("post", "/draft/submit"),
                         ("get", "/history"), ("post", "/archive")):
        assert refused(call(world, None, method, url + path), 401)["detail"]
    response = Client().post("/api/hubs", "{}", content_type=JSON,
                             HTTP_AUTHORIZATION="Bearer dih_not-a-token-at-all-xxxxxxxxx")
    assert refused(response, 401)["detail"] == "Invalid or revoked API token."
    # unknown hubs are 401 too for anonymous: nothing is told before who asks is known
    assert refused(call(world, None, "get", "/api/hubs/no-such-hub/draft"), 401)
    # the read API stays open
    assert ok(call(world, None, "get", "/api/hubs"))


def test_403_and_404_by_role(world):
    a, b, d = world.a.slug, world.b.slug, world.draft.slug
    assert refused(call(world, "company", "post", f"/api/hubs/{a}/draft"), 403)["detail"] == \
        "Only the hub's managers and coordinators can edit it."
    assert refused(call(world, "manager", "post", f"/api/hubs/{b}/draft"), 403)
    assert refused(call(world, "evaluator", "get", f"/api/hubs/{a}/history"), 403)
    # a hub that is not published does not exist for them; unknown keys neither
    for key in (d, world.archived.slug, "nothing-here", "0", "9" * 30, "%20"):
        assert refused(call(world, "company", "get", f"/api/hubs/{key}/draft"), 404), key
    assert refused(call(world, "coordinator", "get", "/api/hubs/nothing/history"), 404)
    assert refused(call(world, "coordinator", "get", f"/api/hubs/{d}/draft"), 404)["detail"] \
        == "Draft Hub has no open draft: PUT a fact-sheet to start one."
    assert ok(call(world, "coordinator", "post", f"/api/hubs/{d}/draft"))["state"] == "editing"


def test_409_for_states_and_400_for_bodies_that_are_not_json(world):
    url = f"/api/hubs/{world.a.slug}"
    assert refused(call(world, "manager", "post", f"{url}/draft/submit"), 409)["detail"] == \
        "There is no draft to submit: edit the fact-sheet first."
    assert refused(call(world, "coordinator", "post", f"{url}/draft/publish"), 409)
    for raw in ("{", "not json", b"\xff\xfe\x00", "[" * 100_000, '{"name": "x"' * 2):
        before = counts()
        assert refused(call(world, "manager", "put", f"{url}/draft", raw=raw), 400)["detail"] \
            == "The body is not JSON.", raw
        assert counts() == before
    big = json.dumps({"name": "x" * 1_200_000})
    # refused by its Content-Length before it is read (dihub/bodylimit.py)
    assert "too large" in refused(call(world, "manager", "put", f"{url}/draft", raw=big),
                                  413)["detail"]


def test_422_names_each_bad_field_and_keeps_nothing(world):
    url = f"/api/hubs/{world.a.slug}/draft"
    sheet = ok(call(world, "manager", "post", url))["sheet"]
    before = Draft.objects.get().sheet

    def errors(doc):
        body = refused(call(world, "manager", "put", url, doc), 422)
        assert body["detail"] and body["errors"]
        return {e["field"]: e["reason"] for e in body["errors"]}

    bad = dict(sheet, website="ftp://x", lat=91, type="castle", unknown="?",
               contacts=[{"email": "not-an-address"}],
               technologies=[{"name": "Teleportation", "vocabulary": "edih"}])
    found = errors(bad)
    assert found["website"] == "expected a web address beginning with http:// or https://"
    assert set(found) >= {"lat", "type", "unknown", "contacts.0.email"}
    assert errors(dict(sheet, technologies=[{"name": "Teleportation"}])) == {
        "technologies.0.name": "no technology 'Teleportation' in the edih vocabulary"}
    assert errors(dict(sheet, region="ZZ99")) == {"region": "no NUTS region 'ZZ99'"}
    assert errors(dict(sheet, lat=48.0, lon=None)) == {"lat": "give both lat and lon, or neither"}
    # wrong types, huge strings, NUL characters, lone surrogates, not an object
    assert "name" in errors(dict(sheet, name=12))
    assert "contacts" in errors(dict(sheet, contacts="everyone"))
    assert "title" in errors(dict(sheet, title="x" * 100_000))
    assert errors(dict(sheet, name="Hub\x00")) == {
        "name": "cannot hold a NUL character or a lone surrogate"}
    assert "social" in errors(dict(sheet, social={"x\x00": "https://x.example"}))
    assert "examples.0.title" in errors(dict(sheet, examples=[{"title": "a\ud800b"}]))
    assert errors([1, 2]) == {"": "expected a JSON object"}
    assert errors("sheet") == {"": "expected a JSON object"}
    assert "name" in errors({})
    assert Draft.objects.get().sheet == before


def test_a_refused_sheet_does_not_start_a_draft(world):
    before = counts()
    body = refused(call(world, "manager", "put", f"/api/hubs/{world.a.slug}/draft",
                        {"name": ""}), 422)
    assert body["errors"][0]["field"] == "name"
    assert counts() == before


def test_two_drafts_started_at_once_answer_409(world, monkeypatch):
    from dihub.catalogue import workflow

    url = f"/api/hubs/{world.a.slug}/draft"
    first = ok(call(world, "manager", "post", url))
    # the second call looked before the first one wrote its draft
    monkeypatch.setattr(workflow, "open_draft", lambda hub: None)
    body = refused(call(world, "coordinator", "put", url, first["sheet"]), 409)
    assert body["detail"].startswith("Another change met this one")
    assert Draft.objects.get().pk == first["id"]


def test_session_needs_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    url = f"/api/hubs/{world.a.slug}/draft"
    assert "CSRF" in refused(client.post(url), 403)["detail"]
    client.get("/accounts/tokens/")  # sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value
    assert ok(client.post(url, HTTP_X_CSRFTOKEN=csrf))["state"] == "editing"
    assert ok(client.get(url))["state"] == "editing"


def test_openapi_documents_every_operation():
    from dihub.api import api

    schema = api.get_openapi_schema()
    paths = schema["paths"]
    ours = [(path, method, op) for path, ops in paths.items() for method, op in ops.items()
            if "editing" in op["tags"]]
    assert len(ours) == 14
    for path, method, op in ours:
        codes = set(op["responses"])
        assert op["summary"] and op["description"], (path, method)
        assert {200, 401, 404} <= codes or {201, 401, 403} <= codes, (path, method)
        assert 403 in codes, (path, method)
        if "requestBody" in op:
            assert 422 in codes and 400 in codes, (path, method)
    assert set(paths["/api/hubs"]) == {"get", "post"}
    put = paths["/api/hubs/{id_or_slug}/draft"]["put"]["requestBody"]
    props = put["content"][JSON]["schema"]["properties"]
    assert {"name", "contacts", "technologies", "id", "slug"} <= set(props)
    assert "$ref" not in json.dumps(put)


@pytest.mark.parametrize("text", ["a\\u0000b", "a\\ud800b"])
def test_text_no_database_can_hold_is_refused_by_every_api(world, text):
    """A NUL character (PostgreSQL refuses it) or a lone surrogate (not UTF-8): 4xx, never
    500, in the editing API and in the accounts and S3 ones (found by probing each field)."""
    a, raw = world.a.slug, '{"%s": "%s"}'
    claim = flows.make_claim(world.company, world.b, "")
    session = Client()
    session.force_login(world.coordinator)
    cases = [
        ("coordinator", "put", f"/api/hubs/{a}/draft", raw % ("name", text)),
        ("coordinator", "post", "/api/hubs", raw % ("name", text)),
        ("coordinator", "post", f"/api/hubs/{a}/archive", raw % ("reason", text)),
        ("coordinator", "post", f"/api/hubs/{a}/claim", raw % ("message", text)),
        ("coordinator", "post", f"/api/claims/{claim.pk}/refuse", raw % ("reason", text)),
        ("coordinator", "post", f"/api/hubs/{a}/invitations", raw % ("email", f"x@{text}.org")),
        ("coordinator", "get", "/api/s3/regions/" + ("a%00b" if "0000" in text else "a%ED%A0%80b"),
         ""),
    ]
    for role, method, url, body in cases:
        response = call(world, role, method, url, raw=body)
        assert 400 <= response.status_code < 500, (url, response.status_code)
    response = session.post("/api/me/tokens", raw % ("name", text), content_type=JSON)
    assert response.status_code in (400, 422)  # 422: ninja's own check names the field
    assert Draft.objects.count() == 0 and Hub.objects.count() == 4


def test_claim_approve_edit_submit_review_publish_all_through_the_api(world):
    """The issue's flow with tokens only: a company user whose address is on the hub's
    domain claims hub B, a coordinator approves, the new manager edits and submits, the
    coordinator reads the changes and publishes, and the public API shows them."""
    hub = world.b
    Hub.objects.filter(pk=hub.pk).update(website="https://x.org")
    claim = ok(call(world, "company", "post", f"/api/hubs/{hub.slug}/claim",
                    {"message": "I run it."}), 201)
    assert claim["domain_matches"] is True
    pending = ok(call(world, "coordinator", "get", "/api/claims"))
    assert [c["id"] for c in pending] == [claim["id"]]
    ok(call(world, "coordinator", "post", f"/api/claims/{claim['id']}/approve"))
    assert [h["slug"] for h in ok(call(world, "company", "get", "/api/me"))["hubs"]] == [hub.slug]

    sheet = ok(call(world, "company", "post", f"/api/hubs/{hub.slug}/draft"))["sheet"]
    sheet["description"] = "<p>Test before invest for <strong>health</strong> SMEs.</p>"
    sheet["services"] = [{"vocabulary": "edih", "name": "Training", "level": 4}]
    ok(call(world, "company", "put", f"/api/hubs/{hub.slug}/draft", sheet))
    ok(call(world, "company", "post", f"/api/hubs/{hub.slug}/draft/submit"))
    assert call(world, "company", "post",
                f"/api/hubs/{hub.slug}/draft/publish").status_code == 403

    changes = ok(call(world, "coordinator", "get", f"/api/hubs/{hub.slug}/draft/changes"))
    fields = {c["field"] for c in (changes if isinstance(changes, list) else
                                   changes["changes"])}
    assert fields == {"description", "services"}
    ok(call(world, "coordinator", "post", f"/api/hubs/{hub.slug}/draft/publish"))
    public = ok(call(world, None, "get", f"/api/hubs/{hub.pk}"))
    assert public["description"] == sheet["description"]
    assert public["services"] == [{"name": "Training", "vocabulary": "edih", "level": 4}]


def test_if_match_refuses_to_overwrite_a_draft_saved_meanwhile(world):
    url = f"/api/hubs/{world.a.slug}/draft"
    mine = ok(call(world, "manager", "post", url))
    theirs = ok(call(world, "coordinator", "put", url, dict(mine["sheet"], title="Theirs")))
    assert theirs["updated_at"] != mine["updated_at"]

    def put(seen, title):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secret['manager']}",
                   "HTTP_IF_MATCH": seen}
        return Client().put(url, json.dumps(dict(mine["sheet"], title=title)),
                            content_type=JSON, **headers)

    refused(put(mine["updated_at"], "Mine"), 412)
    refused(put("not a date", "Mine"), 412)
    assert Draft.objects.get(hub=world.a, state="editing").sheet["title"] == "Theirs"
    saved = ok(put(f'"{theirs["updated_at"]}"', "Mine"))
    assert saved["sheet"]["title"] == "Mine"
    assert call(world, "manager", "put", url, saved["sheet"]).status_code == 200  # no header


def test_if_match_empty_means_there_was_no_draft(world):
    url = f"/api/hubs/{world.b.slug}/draft"
    sheet = ok(call(world, None, "get", f"/api/hubs/{world.b.pk}"))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secret['coordinator']}",
               "HTTP_IF_MATCH": ""}
    first = Client().put(url, json.dumps(sheet), content_type=JSON, **headers)
    assert first.status_code == 200
    refused(Client().put(url, json.dumps(sheet), content_type=JSON, **headers), 412)
