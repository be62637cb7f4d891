"""GET /api/maturity/questionnaires(/{key}) and POST /api/maturity/score."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dihub.maturity import loader
from dihub.maturity.scoring import score

from .strategies import json_values, near_answers
from .test_scoring import WORKED

pytestmark = pytest.mark.django_db
LIST = "/api/maturity/questionnaires"
SCORE = "/api/maturity/score"


def ok(answer):
    assert answer.status_code == 200, answer.content
    return answer.json()


def post(client, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(SCORE, data, content_type="application/json")


def test_the_list_gives_key_version_and_title(client):
    found = ok(client.get(LIST))
    assert found == [
        {"key": "public", "version": 1, "title": "Digital maturity of public sector "
                                                 "organisations", "versions": [1]},
        {"key": "sme", "version": 1, "title": "Digital maturity of SMEs and mid-caps",
         "versions": [1]},
    ]


def test_a_definition_with_its_questions_items_and_columns(client):
    found = ok(client.get(f"{LIST}/sme"))
    assert (found["key"], found["version"]) == ("sme", 1)
    profile, scored = found["modules"]
    assert [q["key"] for q in profile["questions"]][:2] == ["company_name", "size_class"]
    assert profile["dimensions"] == [] and scored["questions"] == []
    assert len(scored["dimensions"]) == 6
    q1 = scored["dimensions"][0]["questions"][0]
    assert q1["type"] == "matrix" and q1["cells"] == ["invested", "planned"]
    assert q1["items"][0]["columns"] == ["sme_m2_1_1_invested", "sme_m2_1_1_planned"]
    q7 = scored["dimensions"][3]["questions"][0]
    assert q7["items"][-1] == {"key": "not_digital", "label": "Data is not collected digitally",
                               "column": "sme_m2_7_8", "exclusive": True, "negative": True,
                               "columns": None}
    assert ok(client.get(f"{LIST}/sme", {"version": "1"})) == found
    assert ok(client.get(f"{LIST}/public"))["modules"][1]["dimensions"][4]["key"] == (
        "interoperability")


@pytest.mark.parametrize("url, params, status, text", [
    (f"{LIST}/nope", {}, 404, "unknown questionnaire 'nope'; known: public, sme"),
    (f"{LIST}/sme", {"version": "2"}, 404, "questionnaire 'sme' has no version 2"),
    (f"{LIST}/sme", {"version": "99999999999999999999"}, 404, "has no version"),
    (f"{LIST}/sme", {"version": "two"}, 400, "version: expected a positive whole number"),
    (f"{LIST}/sme", {"version": "0"}, 400, "version: expected a positive whole number"),
    (f"{LIST}/sme", {"version": "\u0661"}, 400, "version: expected a positive whole number"),
])
def test_unknown_or_bad_versions_answer_4xx_with_a_message(client, url, params, status, text):
    answer = client.get(url, params)
    assert answer.status_code == status
    assert text in answer.json()["detail"]
    if status == 400:
        assert answer.json()["param"] == "version" and answer.json()["suggestions"] == ["1"]


def test_score_the_worked_example(client):
    found = ok(post(client, {"questionnaire": "sme", "answers": WORKED}))
    expected = score(loader.get("sme"), WORKED)
    assert found["overall"] == expected.overall
    assert (found["level"], found["level_name"]) == ("average", "Average")
    assert [(d["key"], d["score"], d["level"]) for d in found["dimensions"]] == [
        (d.key, d.score, d.level) for d in expected.dimensions]
    assert found["dimensions"][5]["level_name"] == "Basic"  # green, exactly 25
    assert found["questions"][0] == {"key": "q1", "dimension": "digital_business_strategy",
                                     "score": 3.0, "points": 6, "max_points": 20,
                                     "answered": True}
    again = ok(post(client, {"questionnaire": "sme", "version": 1, "answers": WORKED}))
    assert again == found


def test_score_public_with_nothing_answered(client):
    found = ok(post(client, {"questionnaire": "public", "version": None, "answers": {}}))
    assert found["overall"] == 0 and found["level"] == "basic"
    assert [d["key"] for d in found["dimensions"]][-2:] == ["interoperability",
                                                             "green_digitalisation"]


def test_bad_answers_answer_422_with_every_error(client):
    answer = post(client, {"questionnaire": "sme", "answers": {
        "q2": ["funding", "teleport"], "q4": {"iot": 7}, "q7": ["not_digital", "analysed"],
        "q99": []}})
    assert answer.status_code == 422
    found = answer.json()
    assert found["detail"].startswith("4 invalid answer(s): q2.teleport: no such item")
    assert [(e["question"], e["item"], e["reason"]) for e in found["errors"]] == [
        ("q2", "teleport", "unknown_item"), ("q4", "iot", "out_of_range"),
        ("q7", "not_digital", "exclusive_with_others"), ("q99", None, "unknown_question")]
    assert all(e["message"] for e in found["errors"])


def test_many_errors_are_cut_to_the_first_hundred(client):
    answers = {f"x{i}": 1 for i in range(150)}
    found = post(client, {"questionnaire": "sme", "answers": answers})
    assert found.status_code == 422
    assert found.json()["detail"].startswith("150 invalid answer(s) (the first 100 listed)")
    assert len(found.json()["errors"]) == 100


@pytest.mark.parametrize("body, status, reason", [
    ("", 400, "not_json"),
    ("{", 400, "not_json"),
    (b"\xff\xfe\x00", 400, "not_json"),
    ("[" * 100_000, 400, "not_json"),
    ("1" * 5000, 400, "not_json"),
    ("NaN", 400, "wrong_type"),
    ("[]", 400, "wrong_type"),
    ('"sme"', 400, "wrong_type"),
    ("null", 400, "wrong_type"),
    ("{}", 400, "missing"),
    ({"answers": {}}, 400, "missing"),
    ({"questionnaire": 5, "answers": {}}, 400, "wrong_type"),
    ({"questionnaire": ["sme"], "answers": {}}, 400, "wrong_type"),
    ({"questionnaire": "smee", "answers": {}}, 400, "unknown_questionnaire"),
    ({"questionnaire": "sme", "version": 2, "answers": {}}, 400, "unknown_questionnaire"),
    ({"questionnaire": "sme", "version": "1", "answers": {}}, 400, "wrong_type"),
    ({"questionnaire": "sme", "version": True, "answers": {}}, 400, "wrong_type"),
    ({"questionnaire": "sme", "version": 1.5, "answers": {}}, 400, "wrong_type"),
    ({"questionnaire": "sme", "version": 10**30, "answers": {}}, 400, "unknown_questionnaire"),
    ({"questionnaire": "sme"}, 400, "missing"),
    ({"questionnaire": "sme", "answers": []}, 400, "wrong_type"),
    ({"questionnaire": "sme", "answers": None}, 400, "wrong_type"),
    ({"questionnaire": "sme", "answer": {}}, 400, "unknown_field"),
    ({"questionnaire": "sme", "answers": {"q4": {"iot": 1e308}}}, 422, "not_an_integer"),
    ({"questionnaire": "sme", "answers": {"q4": {"iot": 10**30}}}, 422, "out_of_range"),
    ({"questionnaire": "sme", "answers": {"q2": [{}]}}, 422, "wrong_type"),
    ({"questionnaire": "sme", "answers": {"q1": {"delivery": [[]]}}}, 422, "unknown_value"),
])
def test_odd_bodies_answer_4xx_with_detail_and_errors(client, body, status, reason):
    answer = post(client, body)
    assert answer.status_code == status, answer.content
    found = answer.json()
    assert set(found) == {"detail", "errors"} and found["detail"]
    assert found["errors"][0]["reason"] == reason


def test_a_form_post_or_a_get_is_not_a_500(client):
    assert client.post(SCORE, {"questionnaire": "sme"}).status_code == 400
    assert client.get(SCORE).status_code == 405


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(body=json_values)
def test_any_json_body_answers_200_or_4xx(body):
    answer = post(Client(), body)
    assert answer.status_code in (200, 400, 422)
    assert "detail" in answer.json() or "overall" in answer.json()


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(data=st.data())
def test_near_miss_answers_answer_200_or_422(data):
    key = data.draw(st.sampled_from(["sme", "public"]))
    answers = data.draw(near_answers(loader.get(key)))
    answer = post(Client(), {"questionnaire": key, "answers": answers})
    assert answer.status_code in (200, 422), answer.content
    if answer.status_code == 422:
        assert answer.json()["errors"]


def test_the_openapi_description_has_the_three_endpoints(client):
    paths = ok(client.get("/api/openapi.json"))["paths"]
    assert {"/api/maturity/questionnaires", "/api/maturity/questionnaires/{key}",
            "/api/maturity/score"} <= set(paths)
    body = paths["/api/maturity/score"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["required"] == ["questionnaire", "answers"]
    assert paths["/api/maturity/score"]["post"]["tags"] == ["maturity"]
