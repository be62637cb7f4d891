"""The stored assessments' API: start, answer in parts (422 naming each question, item and
reason), complete, share, progress, hubs' pages as JSON; never a 500, whatever the body."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dihub.accounts import flows
from dihub.accounts.tests.helpers import person
from dihub.maturity.models import Assessment

from .dma import PROFILE, company, done, hub, manager, scores
from .strategies import json_values
from .test_scoring import WORKED

pytestmark = pytest.mark.django_db
BASE = "/api/maturity/assessments"


class Api:
    """A client that sends a person's API token (no CSRF token needed)."""

    def __init__(self, user):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {flows.create_token(user, 'test')[1]}"}

    def call(self, method, url, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/json"} if data is not None else {}
        return getattr(self.client, method)(url, data, headers=self.headers, **kwargs) \
            if data is not None else getattr(self.client, method)(url, headers=self.headers)


@pytest.fixture
def ann():
    return person("ann@acme.example")


@pytest.fixture
def api(ann):
    return Api(ann)


def test_start_answer_complete_and_read(api, ann):
    h = hub("Hub A", slug="hub-a")
    made = api.call("post", BASE, {"questionnaire": "sme", "company": "Acme", "hub": "hub-a",
                                   "phase": "t0"})
    assert made.status_code == 201, made.content
    found = made.json()
    pk = found["id"]
    assert (found["version"], found["phase"], found["hub"]["slug"], found["steps"]) == (
        1, "t0", "hub-a", 7)
    assert found["answers"] == {"company_name": "Acme"}
    assert found["shared_with"] == [{"id": h.pk, "slug": "hub-a", "name": "Hub A"}]
    part = api.call("patch", f"{BASE}/{pk}", {"answers": {**PROFILE, "q2": ["funding"]},
                                              "step": 2})
    assert part.status_code == 200 and part.json()["step"] == 2
    # before completion, the scores of the answers so far
    assert part.json()["dimensions"][0]["score"] == pytest.approx(100 / 30)
    assert part.json()["completed_at"] is None and part.json()["overall"] is None
    assert api.call("patch", f"{BASE}/{pk}", {"answers": WORKED}).status_code == 200
    completed = api.call("post", f"{BASE}/{pk}/complete")
    assert completed.status_code == 200
    body = completed.json()
    assert round(body["overall"], 2) == 32.26 and body["level"] == "average"
    assert body["report_url"] == f"/maturity/assessments/{pk}/report/"
    assert (body["sector"], body["size_class"], body["region"]) == ("C", "small", "BE24")
    again = api.call("post", f"{BASE}/{pk}/complete")
    assert again.status_code == 409 and "completed" in again.json()["detail"]
    assert api.call("patch", f"{BASE}/{pk}", {"answers": {"q2": []}}).status_code == 409
    assert [a["id"] for a in api.call("get", BASE).json()] == [pk]
    assert api.call("get", f"{BASE}/{pk}").json()["answers"]["q2"] == WORKED["q2"]


def test_a_patch_is_refused_whole_with_each_error(api, ann):
    pk = api.call("post", BASE, {"questionnaire": "sme", "company": "Acme"}).json()["id"]
    answer = api.call("patch", f"{BASE}/{pk}", {"answers": {
        "q2": ["funding"], "q4": {"cad_cam": 9, "iot": "2"}, "q7": ["not_digital", "analysed"],
        "nope": 1}})
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"] == "4 invalid answer(s): q4.cad_cam: 9 is outside 0 to 5"
    assert [(e["question"], e["item"], e["reason"]) for e in body["errors"]] == [
        ("q4", "cad_cam", "out_of_range"), ("q4", "iot", "not_an_integer"),
        ("q7", "not_digital", "exclusive_with_others"), ("nope", None, "unknown_question")]
    assert all(set(e) == {"question", "item", "reason", "message"} for e in body["errors"])
    assert Assessment.objects.get(pk=pk).answers == {"company_name": "Acme"}  # not even q2


def test_complete_names_the_required_questions_left(api):
    pk = api.call("post", BASE, {"questionnaire": "public", "company": "Town"}).json()["id"]
    answer = api.call("post", f"{BASE}/{pk}/complete")
    assert answer.status_code == 409
    assert [(e["question"], e["reason"]) for e in answer.json()["errors"]] == [
        ("organisation_type", "missing"), ("staff_size", "missing"), ("country", "missing")]


@pytest.mark.parametrize("raw, status, reason", [
    ("{", 400, "not_json"), ("[]", 400, "wrong_type"), ('"x"', 400, "wrong_type"),
    ('{"questionnaire": "sme"}', 400, "missing"),
    ('{"questionnaire": 5, "company": "A"}', 400, "wrong_type"),
    ('{"questionnaire": "sme", "company": ["A"]}', 400, "wrong_type"),
    ('{"questionnaire": "sme", "company": "A", "colour": 1}', 400, "unknown_field"),
    ('{"questionnaire": "nope", "company": "A"}', 400, "invalid"),
    ('{"questionnaire": "sme", "company": "A\\u0000"}', 400, "bad_format"),
    ('{"questionnaire": "sme", "company": "A\\ud800"}', 400, "bad_format"),
    ('{"questionnaire": "sme", "company": "A", "phase": "t9"}', 400, "invalid"),
    ('{"questionnaire": "sme", "company": "A", "phase": "t0"}', 400, "invalid"),
    ('{"questionnaire": "sme", "company": "A", "for_customer": "yes"}', 400, "wrong_type"),
    ('{"questionnaire": "sme", "company": "A", "hub": "no-hub"}', 404, None),
    ('{"questionnaire": "sme", "company": "A", "hub": 99999999999999999999999}', 404, None),
    ('{"questionnaire": "sme", "company_id": 123456}', 404, None),
    ('{"questionnaire": "sme", "company": "A", "baseline": 123456}', 404, None),
    ('{"questionnaire": "sme", "company": "A", "hub": "x", "for_customer": true}', 404, None),
])
def test_bad_bodies_to_start(api, raw, status, reason):
    answer = api.call("post", BASE, raw=raw)
    assert answer.status_code == status, answer.content
    if reason:
        assert answer.json()["errors"][0]["reason"] == reason
    assert not Assessment.objects.exists()


def test_for_a_customer_only_the_hubs_managers(api):
    h = hub("Hub A", slug="hub-a")
    answer = api.call("post", BASE, {"questionnaire": "sme", "company": "C", "hub": "hub-a",
                                     "for_customer": True})
    assert answer.status_code == 403
    boss = Api(manager("boss@hub-a.example", h))
    made = boss.call("post", BASE, {"questionnaire": "sme", "company": "C", "hub": h.pk,
                                    "for_customer": True, "phase": "t0"})
    assert made.status_code == 201
    listed = boss.call("get", f"/api/maturity/hubs/{h.slug}/assessments").json()
    assert [a["company"]["name"] for a in listed] == ["C"]


@pytest.mark.parametrize("key", ["abc", "0", "-1", "99999999999999999999999", "1.5", "%00"])
def test_ids_that_cannot_be_are_404(api, key):
    for method in ("get", "patch", "post"):
        url = f"{BASE}/{key}" + ("/complete" if method == "post" else "")
        answer = api.call(method, url, {"answers": {}} if method == "patch" else None)
        assert answer.status_code == 404, (method, answer.content)
    assert api.call("get", f"/api/maturity/hubs/{key}/progress").status_code == 404


def test_share_and_unshare(api, ann):
    h, g = hub("Hub A", slug="hub-a"), hub("Hub B", slug="hub-b")
    hank = Api(manager("hank@hub-b.example", g))
    a = done(company("Acme", ann), scores(40), hub=h, created_by=ann)
    assert hank.call("get", f"{BASE}/{a.pk}").status_code == 404
    shared = api.call("post", f"{BASE}/{a.pk}/share", {"hub": "hub-b"})
    assert shared.status_code == 200
    assert [s["slug"] for s in shared.json()["shared_with"]] == ["hub-a", "hub-b"]
    assert hank.call("get", f"{BASE}/{a.pk}").status_code == 200
    gone = api.call("delete", f"{BASE}/{a.pk}/share/hub-b")
    assert gone.status_code == 200 and [s["slug"] for s in gone.json()["shared_with"]] == [
        "hub-a"]
    assert hank.call("get", f"{BASE}/{a.pk}").status_code == 404
    assert api.call("post", f"{BASE}/{a.pk}/share", {"hub": "nope"}).status_code == 404
    assert api.call("post", f"{BASE}/{a.pk}/share", {}).status_code == 400
    draft = hub("Draft", validation="draft")
    assert api.call("post", f"{BASE}/{a.pk}/share", {"hub": draft.slug}).status_code == 404
    assert api.call("delete", f"{BASE}/{a.pk}/share/nope").status_code == 404


def test_progress_of_a_t1_and_of_a_hub(api, ann):
    h = hub("Hub A", slug="hub-a")
    acme = company("Acme", ann)
    t0 = done(acme, scores(10, 20, 30, 40, 50, 60), hub=h, phase="t0", days_ago=100)
    t1 = done(acme, scores(25, 20, 45, 30, 80, 60), hub=h, phase="t1", baseline=t0)
    found = api.call("get", f"{BASE}/{t1.pk}/progress").json()
    assert [d["change"] for d in found["dimensions"]] == [15, 0, 15, -10, 30, 0]
    assert found["overall"]["change"] == pytest.approx(50 / 6)
    assert api.call("get", f"{BASE}/{t0.pk}/progress").status_code == 409
    boss = Api(manager("boss@hub-a.example", h))
    hub_found = boss.call("get", "/api/maturity/hubs/hub-a/progress").json()
    assert hub_found["hub"]["slug"] == "hub-a"
    assert hub_found["groups"][0]["pairs"] == 1
    assert hub_found["groups"][0]["dimensions"][0]["change"] == 15
    assert api.call("get", "/api/maturity/hubs/hub-a/progress").status_code == 403
    assert Client().get("/api/maturity/hubs/hub-a/progress").status_code == 401


def test_a_session_needs_the_csrf_token_to_change(ann):
    c = Client(enforce_csrf_checks=True)
    c.force_login(ann)
    assert c.get(BASE).status_code == 200
    answer = c.post(BASE, json.dumps({"questionnaire": "sme", "company": "A"}),
                    content_type="application/json")
    assert answer.status_code == 403 and "CSRF" in answer.json()["detail"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(json_values, st.dictionaries(st.sampled_from(
    ["answers", "step", "q1", "x"]), json_values, max_size=3), st.fixed_dictionaries(
    {"answers": st.dictionaries(st.sampled_from(["q1", "q4", "q7", "q11", "country", "zz"]),
                                json_values, max_size=4)})))
def test_any_patch_body_answers_4xx_or_200_never_500(body):
    user = person(f"p{Assessment.objects.count()}-{id(body)}@x.example")
    api = Api(user)
    pk = api.call("post", BASE, {"questionnaire": "sme", "company": "A"}).json()["id"]
    answer = api.call("patch", f"{BASE}/{pk}", body)
    assert answer.status_code in (200, 400, 422), answer.content
    if answer.status_code == 422:
        assert answer.json()["errors"]
