"""Scoring by hand-computed cases, the levels' boundaries, and every validation reason."""

from fractions import Fraction as F

import numpy as np
import pytest

from dihub.maturity import batch, loader
from dihub.maturity.scoring import REASONS, InvalidAnswers, level, score, validate

SME = loader.get("sme", 1)
PUBLIC = loader.get("public", 1)

# The worked example of docs/maturity.md.
WORKED = {
    "company_name": "Acme Tools", "size_class": "small", "sector_primary": "c",
    "country": "BE", "nuts_region": "BE24",
    "q1": {"product_design": ["invested", "planned"], "operations": ["invested"],
           "marketing_sales": ["invested", "planned"], "administration": ["planned"]},
    "q2": ["needs_identified", "management", "it_staff", "customers"],
    "q3": ["connectivity", "website", "ebusiness", "remote_work", "ecommerce"],
    "q4": {"cad_cam": 3, "iot": 2, "simulation_digital_twins": 1, "blockchain": None},
    "q5": ["short_courses", "learning_by_doing"],
    "q6": ["no_engagement"],
    "q7": ["stored_digitally", "analysed", "real_time_access"],
    "q8": ["backups", "client_data", "security_policy", "staff_trained"],
    "q9": {"business_intelligence": 4, "nlp": 2},
    "q10": ["paperless", "energy"],
    "q11": {"procurement": "partially", "energy_use": "yes", "device_lifecycle": "no"},
}


def by_key(rows):
    return {r.key: r for r in rows}


def test_worked_example_sme():
    result = score(SME, WORKED)
    q, d = by_key(result.questions), by_key(result.dimensions)
    # Digital business strategy, pooled: matrix cells 2 + 1 + 2 + 1 = 6 of 20, readiness
    # 4 of 10: (6 + 4) / 30 * 100 = 33.33; the questions alone: 6/20*10 = 3, 4/10*10 = 4
    assert (q["q1"].score, q["q1"].points, q["q1"].max_points) == (3.0, 6, 20)
    assert q["q2"].score == 4.0
    assert d["digital_business_strategy"].score == pytest.approx(100 / 3)
    assert d["digital_business_strategy"].level == "average"
    # Digital readiness: q3 5 of 8 ticked = 6.25; q4 (3 + 2 + 1) / (7 items * 5) * 10
    # = 6/35*10 = 1.714; (6.25 + 1.714) / 20 * 100 = 39.82
    assert q["q3"].score == 6.25
    assert q["q4"].score == pytest.approx(60 / 35)
    assert d["digital_readiness"].score == pytest.approx(39.8214285714)
    # Human-centric: q5 2 of 6 = 3.33; q6 only the exclusive "none" = 0 (yet answered);
    # (3.33 + 0) / 20 * 100 = 16.67
    assert q["q6"].score == 0 and q["q6"].answered
    assert d["human_centric_digitalisation"].score == pytest.approx(50 / 3)
    assert d["human_centric_digitalisation"].level == "basic"
    # Data: q7 3 of 7 (not_digital is out of the denominator) = 4.286; q8 4 of 6 = 6.667;
    # (4.286 + 6.667) / 20 * 100 = 54.76
    assert d["data_management"].score == pytest.approx(54.7619047619)
    assert d["data_management"].level == "moderately_advanced"
    # Automation and AI: (4 + 2) / (5 items * 5) * 10 = 2.4; one question: 2.4 / 10 * 100 = 24
    assert d["automation_ai"].score == pytest.approx(24.0)
    # Green: q10 2 of 10 = 2; q11 no/partially/yes = 0/0.5/1: (0.5 + 1 + 0) / 5 items * 10 = 3;
    # (2 + 3) / 20 * 100 = 25.0 exactly: the boundary belongs to Basic
    assert q["q11"].score == 3.0
    assert d["green_digitalisation"].score == 25.0
    assert d["green_digitalisation"].level == "basic"
    # unanswered: nothing; overall = mean of the six = 193.58 / 6 = 32.26: Average
    exact = (F(100, 3) + F(22300, 560) + F(50, 3) + F(4600, 84) + 24 + 25) / 6
    assert result.overall == float(exact)
    assert result.overall == pytest.approx(32.2639, abs=1e-4)
    assert result.level == "average"


def test_public_sector_case():
    answers = {
        "organisation_name": "Town of Example", "organisation_type": "local",
        "q1": {"service_delivery": ["invested"], "back_office": ["invested", "planned"]},
        "q2": ["strategy", "leadership"],
        "q9": {"framework": "yes", "open_standards": "yes", "apis": "partially",
               "once_only": "no"},
        "q10": ["other_levels", "citizens"],
        "q12": {"green_procurement": "yes"},
    }
    result = score(PUBLIC, answers)
    d = by_key(result.dimensions)
    # strategy, pooled: cells 1 + 2 = 3 of 20, readiness 2 of 8: (3 + 2) / 28 * 100 = 17.857
    assert d["digital_strategy"].score == pytest.approx(500 / 28)
    # interoperability: q9 half-points 2 + 2 + 1 + 0 = 5 of 6 items * 2 = 12 -> 4.1667;
    # q10 2 of 5 (no_exchange left out) = 4; (4.1667 + 4) / 20 * 100 = 40.83
    assert d["interoperability"].score == pytest.approx((50 / 12 + 4) * 5)
    assert d["interoperability"].level == "average"
    # green: q11 unanswered 0; q12 2 half-points of 4 items * 2 = 8 -> 2.5; 2.5 / 20 * 100
    assert d["green_digitalisation"].score == 12.5
    # readiness, human-centric, data: unanswered, 0
    assert [d[k].score for k in ("digital_readiness", "human_centric_digitalisation",
                                 "data_management_security")] == [0, 0, 0]
    # overall (17.857 + 40.833 + 12.5) / 6 = 11.865: Basic
    assert result.overall == float((F(500, 28) + (F(50, 12) + 4) * 5 + F(25, 2)) / 6)
    assert result.level == "basic"


def test_boundaries_of_the_levels_on_real_answers():
    # green: (q10 ticks/10*10 + q11 half-points/10*10) / 20 * 100
    half = {"q10": ["business_model", "services", "products", "production", "emissions"],
            "q11": {"management_system": "yes", "procurement": "yes", "energy_use": "partially"}}
    green = {d.key: d for d in score(SME, half).dimensions}["green_digitalisation"]
    # (5 + 5) / 20 * 100 = 50: the top of Average
    assert (green.score, green.level) == (50.0, "average")
    three_quarters = {**half, "q10": [i.key for i in SME.question("q10").items
                                      if not i.exclusive]}
    green = {d.key: d for d in score(SME, three_quarters).dimensions}["green_digitalisation"]
    # (10 + 5) / 20 * 100 = 75: the top of Moderately advanced
    assert (green.score, green.level) == (75.0, "moderately_advanced")
    # one more half-point: (10 + 6) / 20 * 100 = 80: Advanced
    more = {**three_quarters, "q11": {**half["q11"], "energy_use": "yes"}}
    green = {d.key: d for d in score(SME, more).dimensions}["green_digitalisation"]
    assert (green.score, green.level) == (80.0, "advanced")


@pytest.mark.parametrize("value, expected", [
    (0, "basic"), (25, "basic"), (25.000001, "average"), (50, "average"),
    (50.000001, "moderately_advanced"), (75, "moderately_advanced"), (75.000001, "advanced"),
    (100, "advanced"),
])
def test_level_boundaries_belong_to_the_lower_level(value, expected):
    assert level(value) == expected
    assert batch.LEVEL_KEYS[batch.levels(np.array([float(value)]))[0]] == expected


def test_nothing_answered_scores_zero_and_profile_answers_do_not_count():
    for answers in ({}, {q.key: None for q in SME.questions},
                    {"company_name": "X", "size_class": "micro", "country": "FR"}):
        result = score(SME, answers)
        assert result.overall == 0 and result.level == "basic"
        assert {d.score for d in result.dimensions} == {0}
        assert not any(q.answered for q in result.questions if answers.get(q.key) is None)


def test_exclusive_negative_item_alone_scores_zero_and_is_out_of_the_denominator():
    alone = by_key(score(SME, {"q7": ["not_digital"]}).questions)["q7"]
    assert (alone.score, alone.points, alone.max_points) == (0, 0, 7)
    all_others = [i.key for i in SME.question("q7").items if i.key != "not_digital"]
    assert by_key(score(SME, {"q7": all_others}).questions)["q7"].score == 10


# -- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize("answers, question, item, reason", [
    ({"q42": ["a"]}, "q42", None, "unknown_question"),
    ({"q2": ["funding", "teleport"]}, "q2", "teleport", "unknown_item"),
    ({"q4": {"warp_drive": 3}}, "q4", "warp_drive", "unknown_item"),
    ({"q4": {"iot": 6}}, "q4", "iot", "out_of_range"),
    ({"q4": {"iot": -1}}, "q4", "iot", "out_of_range"),
    ({"q9": {"nlp": 2.5}}, "q9", "nlp", "not_an_integer"),
    ({"q9": {"nlp": "3"}}, "q9", "nlp", "not_an_integer"),
    ({"q9": {"nlp": True}}, "q9", "nlp", "not_an_integer"),
    ({"q7": ["not_digital", "analysed"]}, "q7", "not_digital", "exclusive_with_others"),
    ({"q2": "funding"}, "q2", None, "wrong_type"),
    ({"q1": ["product_design"]}, "q1", None, "wrong_type"),
    ({"q1": {"delivery": "invested"}}, "q1", "delivery", "wrong_type"),
    ({"q4": [3, 4]}, "q4", None, "wrong_type"),
    ({"q2": [["funding"]]}, "q2", None, "wrong_type"),
    ({"q1": {"delivery": ["bought"]}}, "q1", "delivery", "unknown_value"),
    ({"q11": {"procurement": "maybe"}}, "q11", "procurement", "unknown_value"),
    ({"q11": {"procurement": 1}}, "q11", "procurement", "unknown_value"),
    ({"q2": ["funding", "funding"]}, "q2", "funding", "duplicate_item"),
    ({"q1": {"delivery": ["planned", "planned"]}}, "q1", "delivery", "duplicate_item"),
    ({"size_class": "huge"}, "size_class", None, "unknown_value"),
    ({"company_name": "x" * 201}, "company_name", None, "too_long"),
    ({"nuts_region": "be24"}, "nuts_region", None, "bad_format"),
    ({"company_name": "Acme\x00"}, "company_name", None, "bad_format"),
    ({"company_name": "Acme \ud800"}, "company_name", None, "bad_format"),
    ({"country": 49}, "country", None, "wrong_type"),
])
def test_each_reason_names_question_item_and_reason(answers, question, item, reason):
    errors = validate(SME, answers)
    assert [(e.question, e.item, e.reason) for e in errors] == [(question, item, reason)]
    assert reason in REASONS
    assert errors[0].message
    with pytest.raises(InvalidAnswers) as exc:
        score(SME, answers)
    assert exc.value.errors == errors


def test_every_problem_is_listed_and_answers_must_be_an_object():
    errors = validate(SME, {"q2": ["funding", "x"], "q4": {"iot": 9, "mes": 1.5}, "zz": 1})
    assert [(e.question, e.item, e.reason) for e in errors] == [
        ("q2", "x", "unknown_item"), ("q4", "iot", "out_of_range"),
        ("q4", "mes", "not_an_integer"), ("zz", None, "unknown_question")]
    assert [e.reason for e in validate(SME, ["q1"])] == ["wrong_type"]
    assert [e.reason for e in validate(SME, None)] == ["wrong_type"]


def test_nulls_and_empty_answers_are_unanswered_not_errors():
    answers = {"q1": {"delivery": []}, "q2": [], "q4": {"iot": None}, "q11": {"energy_use": None},
               "q3": None, "sector_secondary": None, "nuts_region": ""}
    assert validate(SME, answers) == []
    assert score(SME, answers).overall == 0


def test_batch_refuses_what_validation_refuses():
    lay = batch.layout(SME)
    x = np.zeros((3, len(lay.columns)), dtype=np.int8)
    x[1, lay.columns.index("sme_m2_4_1")] = 6  # scale above 5
    x[2, lay.columns.index("sme_m2_7_8")] = 1  # not_digital ...
    x[2, lay.columns.index("sme_m2_7_2")] = 1  # ... with stored_digitally
    with pytest.raises(batch.InvalidBatch) as exc:
        batch.score_batch(SME, x)
    assert exc.value.rows == 2
    assert [(p.row, p.column, p.reason) for p in exc.value.problems] == [
        (1, "sme_m2_4_1", "out_of_range"), (2, "sme_m2_7_8", "exclusive_with_others")]
    with pytest.raises(ValueError, match="whole numbers"):
        batch.score_batch(SME, x.astype(float))
    with pytest.raises(ValueError, match="shape"):
        batch.score_batch(SME, x[:, :5])
    assert batch.check(SME, x[:1]) == []


def test_encode_decode_and_batch_on_the_worked_example():
    x = batch.encode(SME, [WORKED, {}])
    assert x.shape == (2, len(SME.columns()) - 6)  # the six profile columns are not scored
    found = batch.score_batch(SME, x)
    one = score(SME, WORKED)
    assert found.overall[0] == one.overall and found.overall[1] == 0
    assert list(found.dimensions[0]) == [d.score for d in one.dimensions]
    assert batch.LEVEL_KEYS[found.level[0]] == "average"
    assert score(SME, batch.decode(SME, x[0])).overall == one.overall
