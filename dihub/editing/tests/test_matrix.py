"""Who may change what: every page and API endpoint that changes a hub or an account, tried
by every role, against one explicit table (MATRIX below, Markdown, ready to be copied).

Each cell runs in a savepoint of the test's transaction: the state the request needs is put
in place (a submitted draft to publish, an archived hub to restore, a pending claim...),
the request is made, the savepoint is rolled back. A refused request (401, 403, 404, 400 or
a redirect to the log-in page) must leave the database as it was: hubs, drafts, versions,
claims, invitations, memberships, tokens and people.

API calls carry the role's token (POST /api/me/tokens also with a session: tokens cannot
make tokens); pages use a signed-in session. "login" is a redirect to the log-in page,
"302" any other redirect (the pages' answer after a change). The actions on hub A are made
by a manager of another hub (B) and by A's own manager; D is a hub not yet published.
The table is MATRIX below, ready to be read or copied."""

import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from dihub.accounts import flows
from dihub.accounts.models import ApiToken, Claim, Invitation, Membership
from dihub.accounts.tests.helpers import PASSWORD, person
from dihub.catalogue import workflow
from dihub.catalogue.models import Draft, Hub, HubVersion

from .test_api import make_world

ROLES = {  # column: the world's person
    "anonymous": None, "company user": "company", "manager of B": "manager_b",
    "manager of A": "manager", "evaluator": "evaluator", "coordinator": "coordinator",
    "administrator": "admin",
}

MATRIX = """
| request | anonymous | company user | manager of B | manager of A | evaluator | coordinator | administrator |
|---|---|---|---|---|---|---|---|
| API POST /api/hubs/A/draft (start) | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API PUT /api/hubs/A/draft (save) | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API GET /api/hubs/A/draft | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API POST /api/hubs/A/draft/submit | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API POST /api/hubs/A/draft/withdraw | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API GET /api/hubs/A/draft/changes | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API POST /api/hubs/A/draft/publish | 401 | 403 | 403 | 403 | 403 | 200 | 200 |
| API POST /api/hubs/A/draft/send-back | 401 | 403 | 403 | 403 | 403 | 200 | 200 |
| API GET /api/hubs/A/history | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API POST /api/hubs/A/history/V/revert | 401 | 403 | 403 | 403 | 403 | 200 | 200 |
| API POST /api/hubs/A/confirm | 401 | 403 | 403 | 200 | 403 | 200 | 200 |
| API POST /api/hubs (register) | 401 | 403 | 403 | 403 | 403 | 201 | 201 |
| API POST /api/hubs/A/archive | 401 | 403 | 403 | 403 | 403 | 200 | 200 |
| API POST /api/hubs/A/restore (A archived) | 401 | 404 | 404 | 403 | 404 | 200 | 200 |
| API PUT /api/hubs/D/draft (D not published) | 401 | 404 | 404 | 404 | 404 | 200 | 200 |
| API POST /api/hubs/A/claim | 401 | 201 | 201 | 400 | 201 | 201 | 201 |
| API POST /api/claims/C/approve | 401 | 403 | 403 | 403 | 403 | 200 | 200 |
| API POST /api/claims/C/refuse | 401 | 403 | 403 | 403 | 403 | 200 | 200 |
| API POST /api/hubs/A/invitations | 401 | 403 | 403 | 201 | 403 | 201 | 201 |
| API POST /api/invitations/I/accept (sent to the company user) | 401 | 200 | 403 | 403 | 403 | 403 | 403 |
| API POST /api/me/tokens (token) | 401 | 403 | 403 | 403 | 403 | 403 | 403 |
| API POST /api/me/tokens (session) | 401 | 201 | 201 | 201 | 201 | 201 | 201 |
| API DELETE /api/me/tokens/T (A's manager's) | 401 | 404 | 404 | 204 | 404 | 404 | 404 |
| API GET /api/me/data | 401 | 200 | 200 | 200 | 200 | 200 | 200 |
| API POST /api/me/erase (one's own) | 401 | 204 | 204 | 204 | 204 | 204 | 204 |
| page GET /hubs/A/edit/ | login | 403 | 403 | 200 | 403 | 200 | 200 |
| page POST /hubs/A/edit/ | login | 403 | 403 | 302 | 403 | 302 | 302 |
| page POST /hubs/A/edit/submit/ | login | 403 | 403 | 302 | 403 | 302 | 302 |
| page POST /hubs/A/edit/withdraw/ | login | 403 | 403 | 302 | 403 | 302 | 302 |
| page POST /hubs/A/edit/still-current/ | login | 403 | 403 | 302 | 403 | 302 | 302 |
| page GET /hubs/A/review/ | login | 403 | 403 | 200 | 403 | 200 | 200 |
| page POST /hubs/A/review/publish/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /hubs/A/review/send-back/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page GET /hubs/A/history/ | login | 403 | 403 | 200 | 403 | 200 | 200 |
| page GET /hubs/A/history/V/revert/ | login | 403 | 403 | 403 | 403 | 200 | 200 |
| page POST /hubs/A/history/V/revert/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /hubs/A/archive/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /hubs/A/restore/ (A archived) | login | 404 | 404 | 403 | 404 | 302 | 302 |
| page POST /editing/register/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /accounts/claim/A/ | login | 302 | 302 | 302 | 302 | 302 | 302 |
| page POST /accounts/claims/C/approve/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /accounts/claims/C/refuse/ | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /accounts/hubs/A/invite/ | login | 403 | 403 | 302 | 403 | 302 | 302 |
| page POST /accounts/coordinator/ (invite) | login | 403 | 403 | 403 | 403 | 302 | 302 |
| page POST /accounts/invitations/I/ (sent to the company user) | login | 302 | 403 | 403 | 403 | 403 | 403 |
| page POST /accounts/tokens/ | login | 200 | 200 | 200 | 200 | 200 | 200 |
| page POST /accounts/tokens/T/revoke/ (A's manager's) | login | 404 | 404 | 302 | 404 | 404 | 404 |
| page POST /accounts/my-data/ (erase one's own) | login | 302 | 302 | 302 | 302 | 302 | 302 |
"""  # noqa: E501

REFUSED = {"401", "403", "404", "400", "login"}


# -- the state each request needs ------------------------------------------------------------


def open_draft(w):
    workflow.start_draft(w.a, w.manager)


def submitted(w):
    workflow.submit(workflow.start_draft(w.a, w.manager), w.manager)


def archived(w):
    workflow.archive(w.a, w.coordinator)


def version(w):
    workflow.ensure_baseline(w.a)
    w.version = HubVersion.objects.filter(hub=w.a).first().pk


def claim(w):
    claimant = person("claimant@x.org")
    w.claim = Claim.objects.create(user=claimant, hub=w.a, email="claimant@x.org").pk


def invitation(w):
    w.invitation = Invitation.objects.create(hub=w.a, email="c@x.org").token


def spare_token(w):
    w.token = flows.create_token(w.manager, "spare")[0].pk


def draft_hub(w):
    workflow.start_draft(w.draft, w.coordinator)


def nothing(w):
    pass


def sheet_of(w):
    return {"name": "Robotics Hub Stuttgart", "title": "New title",
            "address": {"country": "DE", "city": "Stuttgart"}}


# label: (how, method, url, body, state); url and body may use the world (w)
ACTIONS = {
    "API POST /api/hubs/A/draft (start)": ("token", "post", "/api/hubs/{w.a.slug}/draft", None,
                                           nothing),
    "API PUT /api/hubs/A/draft (save)": ("token", "put", "/api/hubs/{w.a.slug}/draft", sheet_of,
                                         nothing),
    "API GET /api/hubs/A/draft": ("token", "get", "/api/hubs/{w.a.slug}/draft", None,
                                  open_draft),
    "API POST /api/hubs/A/draft/submit": ("token", "post", "/api/hubs/{w.a.slug}/draft/submit",
                                          None, open_draft),
    "API POST /api/hubs/A/draft/withdraw": ("token", "post",
                                            "/api/hubs/{w.a.slug}/draft/withdraw", None,
                                            open_draft),
    "API GET /api/hubs/A/draft/changes": ("token", "get", "/api/hubs/{w.a.slug}/draft/changes",
                                          None, open_draft),
    "API POST /api/hubs/A/draft/publish": ("token", "post", "/api/hubs/{w.a.slug}/draft/publish",
                                           None, submitted),
    "API POST /api/hubs/A/draft/send-back": ("token", "post",
                                             "/api/hubs/{w.a.slug}/draft/send-back",
                                             {"comment": "Which website?"}, submitted),
    "API GET /api/hubs/A/history": ("token", "get", "/api/hubs/{w.a.slug}/history", None,
                                    version),
    "API POST /api/hubs/A/history/V/revert": ("token", "post",
                                              "/api/hubs/{w.a.slug}/history/{w.version}/revert",
                                              None, version),
    "API POST /api/hubs/A/confirm": ("token", "post", "/api/hubs/{w.a.slug}/confirm", None,
                                     nothing),
    "API POST /api/hubs (register)": ("token", "post", "/api/hubs",
                                      {"name": "New Hub", "country": "FR"}, nothing),
    "API POST /api/hubs/A/archive": ("token", "post", "/api/hubs/{w.a.slug}/archive",
                                     {"reason": "closed"}, nothing),
    "API POST /api/hubs/A/restore (A archived)": ("token", "post",
                                                  "/api/hubs/{w.a.slug}/restore", None,
                                                  archived),
    "API PUT /api/hubs/D/draft (D not published)": ("token", "put",
                                                    "/api/hubs/{w.draft.slug}/draft",
                                                    {"name": "Draft Hub"}, draft_hub),
    "API POST /api/hubs/A/claim": ("token", "post", "/api/hubs/{w.a.slug}/claim",
                                   {"message": "I run it"}, nothing),
    "API POST /api/claims/C/approve": ("token", "post", "/api/claims/{w.claim}/approve", None,
                                       claim),
    "API POST /api/claims/C/refuse": ("token", "post", "/api/claims/{w.claim}/refuse",
                                      {"reason": "unknown to us"}, claim),
    "API POST /api/hubs/A/invitations": ("token", "post", "/api/hubs/{w.a.slug}/invitations",
                                         {"email": "new@a.example.org"}, nothing),
    "API POST /api/invitations/I/accept (sent to the company user)": (
        "token", "post", "/api/invitations/{w.invitation}/accept", None, invitation),
    "API POST /api/me/tokens (token)": ("token", "post", "/api/me/tokens", {"name": "x"},
                                        nothing),
    "API POST /api/me/tokens (session)": ("session", "post", "/api/me/tokens", {"name": "x"},
                                          nothing),
    "API DELETE /api/me/tokens/T (A's manager's)": ("token", "delete",
                                                    "/api/me/tokens/{w.token}", None,
                                                    spare_token),
    "API GET /api/me/data": ("token", "get", "/api/me/data", None, nothing),
    "API POST /api/me/erase (one's own)": ("token", "post", "/api/me/erase",
                                           {"password": PASSWORD}, nothing),
    "page GET /hubs/A/edit/": ("page", "get", "/hubs/{w.a.slug}/edit/", None, nothing),
    "page POST /hubs/A/edit/": ("page", "post", "/hubs/{w.a.slug}/edit/",
                                lambda w: w.edit_form, nothing),
    "page POST /hubs/A/edit/submit/": ("page", "post", "/hubs/{w.a.slug}/edit/submit/", {},
                                       open_draft),
    "page POST /hubs/A/edit/withdraw/": ("page", "post", "/hubs/{w.a.slug}/edit/withdraw/",
                                         {"confirm": "yes"}, open_draft),
    "page POST /hubs/A/edit/still-current/": ("page", "post",
                                              "/hubs/{w.a.slug}/edit/still-current/", {},
                                              nothing),
    "page GET /hubs/A/review/": ("page", "get", "/hubs/{w.a.slug}/review/", None, submitted),
    "page POST /hubs/A/review/publish/": ("page", "post", "/hubs/{w.a.slug}/review/publish/",
                                          {}, submitted),
    "page POST /hubs/A/review/send-back/": ("page", "post",
                                            "/hubs/{w.a.slug}/review/send-back/",
                                            {"comment": "Which website?"}, submitted),
    "page GET /hubs/A/history/": ("page", "get", "/hubs/{w.a.slug}/history/", None, version),
    "page GET /hubs/A/history/V/revert/": ("page", "get",
                                           "/hubs/{w.a.slug}/history/{w.version}/revert/", None,
                                           version),
    "page POST /hubs/A/history/V/revert/": ("page", "post",
                                            "/hubs/{w.a.slug}/history/{w.version}/revert/", {},
                                            version),
    "page POST /hubs/A/archive/": ("page", "post", "/hubs/{w.a.slug}/archive/",
                                   {"reason": "closed"}, nothing),
    "page POST /hubs/A/restore/ (A archived)": ("page", "post", "/hubs/{w.a.slug}/restore/", {},
                                                archived),
    "page POST /editing/register/": ("page", "post", "/editing/register/",
                                     {"name": "New Hub", "country": "FR"}, nothing),
    "page POST /accounts/claim/A/": ("page", "post", "/accounts/claim/{w.a.slug}/",
                                     {"message": "I run it"}, nothing),
    "page POST /accounts/claims/C/approve/": ("page", "post",
                                              "/accounts/claims/{w.claim}/approve/", {}, claim),
    "page POST /accounts/claims/C/refuse/": ("page", "post", "/accounts/claims/{w.claim}/refuse/",
                                             {"reason": "unknown to us"}, claim),
    "page POST /accounts/hubs/A/invite/": ("page", "post", "/accounts/hubs/{w.a.slug}/invite/",
                                           {"email": "new@a.example.org"}, nothing),
    "page POST /accounts/coordinator/ (invite)": ("page", "post", "/accounts/coordinator/",
                                                  {"hub": "{w.a.slug}",
                                                   "email": "new@a.example.org"}, nothing),
    "page POST /accounts/invitations/I/ (sent to the company user)": (
        "page", "post", "/accounts/invitations/{w.invitation}/", {}, invitation),
    "page POST /accounts/tokens/": ("page", "post", "/accounts/tokens/", {"name": "x"},
                                    nothing),
    "page POST /accounts/tokens/T/revoke/ (A's manager's)": (
        "page", "post", "/accounts/tokens/{w.token}/revoke/", {}, spare_token),
    "page POST /accounts/my-data/ (erase one's own)": ("page", "post", "/accounts/my-data/",
                                                      {"password": PASSWORD, "confirm": "on"},
                                                      nothing),
}


# -- the table --------------------------------------------------------------------------------


def parse(table: str) -> dict:
    """{request: {role: outcome}} from a Markdown table with the roles as columns."""
    lines = [line for line in table.strip().splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header[1:], cells[1:], strict=True))
    return rows


def render(results: dict) -> str:
    """The Markdown table of {request: {role: outcome}}, the roles as columns."""
    lines = ["| request | " + " | ".join(ROLES) + " |", "|" + "---|" * (len(ROLES) + 1)]
    lines += [f"| {request} | " + " | ".join(cells[role] for role in ROLES) + " |"
              for request, cells in results.items()]
    return "\n".join(lines)


# -- running it -------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would post from one form (not those in <template>s)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.template, self.fields = form_id, False, 0, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ("on" if "checked" in a
                                                                  else "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "template" and self.inside:
            self.template -= 1
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def edit_form(w) -> dict:
    """What the edit page posts for hub A (as a coordinator sees it), with a new title."""
    client = Client()
    client.force_login(w.coordinator)
    parser = FormFields("sheet-form")
    parser.feed(client.get(f"/hubs/{w.a.slug}/edit/").content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data["title"], data["action"] = ["A new title"], ["save"]
    return data


def snapshot() -> dict:
    """What a refused request must not change."""
    return {
        "hubs": list(Hub.objects.order_by("pk").values_list(
            "pk", "validation", "name", "title", "checked_at", "updated_at")),
        "drafts": [(d.pk, d.state, d.comment, json.dumps(d.sheet, sort_keys=True))
                   for d in Draft.objects.order_by("pk")],
        "versions": list(HubVersion.objects.order_by("pk").values_list("pk", "reason")),
        "claims": list(Claim.objects.order_by("pk").values_list("pk", "state", "user_id")),
        "invitations": list(Invitation.objects.order_by("pk").values_list(
            "pk", "email", "accepted_at")),
        "memberships": list(Membership.objects.order_by("pk").values_list("user_id", "hub_id")),
        "tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "name", "revoked_at")),
        "people": list(User.objects.order_by("pk").values_list("pk", "email", "is_active")),
    }


def outcome(response) -> str:
    if response.status_code in (301, 302):
        return "login" if response["Location"].startswith("/accounts/login/") else "302"
    return str(response.status_code)


def attempt(w, request, role) -> tuple[str, bool]:
    """The outcome of one request by one role, and whether the database changed."""
    how, method, url, body, state = ACTIONS[request]
    savepoint = transaction.savepoint()
    try:
        state(w)
        before = snapshot()
        url = url.format(w=w)
        body = body(w) if callable(body) else body
        if isinstance(body, dict):
            body = {k: v.format(w=w) if isinstance(v, str) else v for k, v in body.items()}
        client, headers, person_ = Client(), {}, ROLES[role] and getattr(w, ROLES[role])
        if person_ is not None and how == "token":
            headers = {"HTTP_AUTHORIZATION": f"Bearer {w.secret[ROLES[role]]}"}
        elif person_ is not None:
            client.force_login(person_)
        if how == "page":
            response = getattr(client, method)(url, body, **headers)
        else:
            raw = "" if body is None else json.dumps(body)
            response = client.generic(method.upper(), url, raw, content_type="application/json",
                                      **headers)
        return outcome(response), snapshot() != before
    finally:
        transaction.savepoint_rollback(savepoint)
        for name in ("a", "b", "draft", "archived", *filter(None, ROLES.values())):
            getattr(w, name).refresh_from_db()


def run_matrix(w) -> tuple[dict, list, set]:
    """The outcomes, the refused requests that changed data anyway (none, we hope), and the
    requests that changed data for someone allowed (each that is not a GET: the snapshot
    sees what they do)."""
    results, changed, effective = {}, [], set()
    for request in ACTIONS:
        results[request] = {}
        for role in ROLES:
            result, moved = attempt(w, request, role)
            results[request][role] = result
            if result in REFUSED and moved:
                changed.append(f"{request} by {role}: refused ({result}) but changed data")
            elif moved:
                effective.add(request)
    return results, changed, effective


@pytest.mark.django_db
def test_every_role_on_every_request_that_changes_data():
    w = make_world()
    w.edit_form = edit_form(w)
    results, changed, effective = run_matrix(w)
    assert render(results) == MATRIX.strip()
    assert not changed
    assert effective == {request for request, cells in results.items()
                         if " GET " not in request and set(cells.values()) - REFUSED}


def test_the_table_covers_every_request_and_role():
    expected = parse(MATRIX)
    assert list(expected) == list(ACTIONS)
    assert all(list(cells) == list(ROLES) for cells in expected.values())
    assert render(expected) == MATRIX.strip()


def test_every_data_changing_api_operation_and_editing_page_is_in_the_table():
    from django.urls import get_resolver

    from dihub.api import api

    paths = api.get_openapi_schema()["paths"]
    changing = {(method.upper(), path) for path, ops in paths.items() for method in ops
                if method != "get" and ops[method]["tags"][0] in ("editing", "accounts")}
    covered = {(label.split()[1], label.split()[2]) for label in ACTIONS
               if label.startswith("API")}
    normal = {(m, _pattern(p)) for m, p in changing}
    assert normal <= {(m, _pattern(p)) for m, p in covered}, normal - covered
    # the pages sit under i18n_patterns: one resolver deeper than the includes
    includes = [inner for outer in get_resolver().url_patterns
                for inner in getattr(outer, "url_patterns", [])]
    editing = [str(p.pattern) for p in includes
               for p in getattr(p, "url_patterns", []) if str(p.pattern).startswith(
                   ("hubs/<slug:slug>/edit", "hubs/<slug:slug>/review",
                    "hubs/<slug:slug>/history", "hubs/<slug:slug>/archive",
                    "hubs/<slug:slug>/restore", "editing/"))]
    pages = {_pattern("/" + label.split()[2]) for label in ACTIONS if label.startswith("page")}
    assert editing and {_pattern("/" + p) for p in editing} <= pages


def _pattern(path: str) -> str:
    """A path with every parameter as {}: /api/hubs/A/draft and /api/hubs/{id}/draft meet."""
    import re

    path = re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)
    return "/".join("{}" if part in ("A", "C", "I", "T", "V", "D") else part
                    for part in path.split("/")).replace("//", "/")
