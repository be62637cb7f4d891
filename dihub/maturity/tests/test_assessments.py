"""The domain of stored assessments: start, save answers step by step, complete; T0/T1
linking and progress on hand-computed numbers."""

import shutil

import pytest

from dihub.accounts.tests.helpers import person
from dihub.catalogue.tests.factories import region
from dihub.maturity import assessments, loader
from dihub.maturity.assessments import Invalid, InvalidAnswers, NotAllowed
from dihub.maturity.models import Assessment, Company

from .dma import company, done, hub, manager, scores
from .test_scoring import WORKED

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann():
    return person("ann@acme.example")


def test_start_makes_the_company_and_prefills_the_profile(ann):
    a = assessments.start(ann, "sme", "  Acme   Tools ")
    assert (a.questionnaire, a.version, a.phase, a.step) == ("sme", 1, "", 0)
    assert a.company.name == "Acme Tools" and list(a.company.members.all()) == [ann]
    assert a.answers == {"company_name": "Acme Tools"} and a.created_by == ann
    again = assessments.start(ann, "public", "acme tools")
    assert again.company == a.company  # the same person's company of that name
    assert again.answers == {"organisation_name": "Acme Tools"}
    bob = person("bob@else.example")
    assert assessments.start(bob, "sme", "Acme Tools").company != a.company  # no joining
    assert Company.objects.count() == 2


@pytest.mark.parametrize("kwargs, message", [
    ({"questionnaire": "nope"}, "unknown questionnaire"),
    ({"company": ""}, "Give the company's name"),
    ({"company": "x" * 201}, "at most 200"),
    ({"company": "a\x00b"}, "NUL"),
    ({"phase": "t2"}, "phase: expected"),
    ({"phase": "t0"}, "T0 and T1 are taken with a hub"),
])
def test_start_refuses_what_cannot_be_used(ann, kwargs, message):
    args = {"questionnaire": "sme", "company": "Acme", **kwargs}
    with pytest.raises(Invalid, match=message):
        assessments.start(ann, args.pop("questionnaire"), args.pop("company"), **args)
    assert not Assessment.objects.exists()


def test_anonymous_cannot_start():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        assessments.start(AnonymousUser(), "sme", "Acme")


def test_an_assessment_keeps_its_version_when_a_new_one_is_published(ann, tmp_path,
                                                                      monkeypatch):
    old = assessments.start(ann, "sme", "Acme")
    assessments.save_answers(old, WORKED, ann)
    # version 2: the same questionnaire with q3 reduced to two items
    for name in ("sme-v1.yaml", "public-v1.yaml"):
        shutil.copy(loader.FOLDER / name, tmp_path / name)
    text = (loader.FOLDER / "sme-v1.yaml").read_text().replace("version: 1", "version: 2")
    text = text.replace("title: Digital maturity of SMEs and mid-caps",
                        "title: Digital maturity of SMEs, second edition")
    (tmp_path / "sme-v2.yaml").write_text(text)
    real_get = loader.get
    monkeypatch.setattr(loader, "get",
                        lambda key, version=None, folder=tmp_path: real_get(key, version,
                                                                            folder))
    new = assessments.start(ann, "sme", "Acme")
    assert (new.version, assessments.definition_of(new).title) == (
        2, "Digital maturity of SMEs, second edition")
    assessments.complete(old, ann)
    old.refresh_from_db()
    assert old.version == 1 and round(old.overall, 2) == 32.26
    assert assessments.definition_of(old).title == "Digital maturity of SMEs and mid-caps"


def test_answers_are_saved_step_by_step_and_merged(ann):
    a = assessments.start(ann, "sme", "Acme")
    assessments.save_answers(a, {"size_class": "small", "country": "BE"}, ann, step=1)
    assessments.save_answers(a, {"q1": {"operations": ["invested"]}, "q2": ["funding"]},
                             ann, step=2)
    a.refresh_from_db()
    assert a.step == 2 and a.answers == {
        "company_name": "Acme", "size_class": "small", "country": "BE",
        "q1": {"operations": ["invested"]}, "q2": ["funding"]}
    assessments.save_answers(a, {"q2": None, "country": None}, ann)  # None clears
    a.refresh_from_db()
    assert "q2" not in a.answers and "country" not in a.answers and a.step == 2
    assessments.save_answers(a, {}, ann, step=99)  # resumes at the last step at most
    a.refresh_from_db()
    assert a.step == 6


BAD = [
    ({"q3": "website"}, "q3", None, "wrong_type"),
    ({"q99": ["x"]}, "q99", None, "unknown_question"),
    ({"q3": ["website", "fax"]}, "q3", "fax", "unknown_item"),
    ({"q1": {"operations": ["invested", "dreamt"]}}, "q1", "operations", "unknown_value"),
    ({"q11": {"procurement": "maybe"}}, "q11", "procurement", "unknown_value"),
    ({"size_class": "huge"}, "size_class", None, "unknown_value"),
    ({"q3": ["website", "website"]}, "q3", "website", "duplicate_item"),
    ({"q4": {"cad_cam": 2.5}}, "q4", "cad_cam", "not_an_integer"),
    ({"q4": {"cad_cam": "3"}}, "q4", "cad_cam", "not_an_integer"),
    ({"q9": {"nlp": 6}}, "q9", "nlp", "out_of_range"),
    ({"q9": {"nlp": -1}}, "q9", "nlp", "out_of_range"),
    ({"q7": ["not_digital", "analysed"]}, "q7", "not_digital", "exclusive_with_others"),
    ({"company_name": "x" * 201}, "company_name", None, "too_long"),
    ({"country": "Belgium"}, "country", None, "too_long"),
    ({"country": "be"}, "country", None, "bad_format"),
    ({"company_name": "a\x00b"}, "company_name", None, "bad_format"),
]


@pytest.mark.parametrize("answers, question, item, reason", BAD)
def test_a_refused_step_keeps_nothing_and_says_why(ann, answers, question, item, reason):
    a = assessments.start(ann, "sme", "Acme")
    before = dict(a.answers)
    with pytest.raises(InvalidAnswers) as refused:
        assessments.save_answers(a, {"q2": ["funding"], **answers}, ann, step=3)
    found = [(e.question, e.item, e.reason) for e in refused.value.errors]
    assert found == [(question, item, reason)]
    a.refresh_from_db()
    assert a.answers == before and a.step == 0  # not even the good q2


def test_required_questions_of_a_step_left(ann):
    a = assessments.start(ann, "sme", "Acme")
    with pytest.raises(InvalidAnswers) as refused:
        assessments.save_answers(a, {"size_class": "small", "country": None}, ann,
                                 require=["company_name", "size_class", "sector_primary",
                                          "country", "nuts_region"])
    assert [(e.question, e.reason) for e in refused.value.errors] == [
        ("sector_primary", "missing"), ("country", "missing")]
    a.refresh_from_db()
    assert "size_class" not in a.answers


def test_complete_scores_and_copies_the_profile(ann):
    be24 = region("BE24", "Prov. Vlaams-Brabant", "BE")
    a = assessments.start(ann, "sme", "Acme")
    assessments.save_answers(a, WORKED, ann)
    assessments.complete(a, ann)
    a.refresh_from_db()
    assert a.is_complete and round(a.overall, 2) == 32.26 and a.level == "average"
    assert {k: round(v, 2) for k, v in a.dimensions.items()} == {
        "digital_business_strategy": 33.33, "digital_readiness": 39.82,
        "human_centric_digitalisation": 16.67, "data_management": 54.76,
        "automation_ai": 24.0, "green_digitalisation": 25.0}
    assert (a.sector, a.size_class, a.region) == ("C", "small", be24)
    with pytest.raises(Invalid, match="completed"):
        assessments.save_answers(a, {"q2": ["funding"]}, ann)
    with pytest.raises(Invalid, match="completed"):
        assessments.complete(a, ann)


def test_the_region_is_the_deepest_known_or_the_country():
    be24, be, el = region("BE24"), region("BE"), region("EL")  # NUTS, loaded with the app
    assert assessments.region_for("BE24Z", "BE") == be24  # no BE24Z: its parent
    assert assessments.region_for("be24", "") == be24
    assert assessments.region_for("", "BE") == be
    assert assessments.region_for("", "GR") == el  # Greece is EL in NUTS
    assert assessments.region_for("QQ1", "QQ") is None


def test_complete_needs_the_required_profile(ann):
    a = assessments.start(ann, "sme", "Acme")
    assessments.save_answers(a, {"q2": ["funding"]}, ann)
    with pytest.raises(InvalidAnswers) as refused:
        assessments.complete(a, ann)
    assert {(e.question, e.reason) for e in refused.value.errors} == {
        ("size_class", "missing"), ("sector_primary", "missing"), ("country", "missing")}
    a.refresh_from_db()
    assert not a.is_complete and a.overall is None


def test_only_members_and_the_creator_change_answers(ann):
    a = assessments.start(ann, "sme", "Acme")
    mallory = person("mallory@x.example")
    with pytest.raises(NotAllowed):
        assessments.save_answers(a, {"q2": ["funding"]}, mallory)
    with pytest.raises(NotAllowed):
        assessments.complete(a, mallory)
    colleague = person("carl@acme.example")
    a.company.members.add(colleague)
    assessments.save_answers(a, {"q2": ["funding"]}, colleague)


def test_a_manager_starts_one_for_a_customer():
    h, other = hub("Hub A"), hub("Hub B")
    boss = manager("boss@hub-a.example", h)
    a = assessments.start(boss, "sme", "Customer Ltd", hub=h, phase="t0", as_hub=True)
    assert a.company.created_by == boss and not a.company.members.exists()
    assert list(a.shared_with.all()) == [h]
    again = assessments.start(boss, "sme", "customer ltd", hub=h, phase="", as_hub=True)
    assert again.company == a.company  # the hub's customer of that name
    with pytest.raises(NotAllowed):
        assessments.start(boss, "sme", "Customer Ltd", hub=other, as_hub=True)
    stranger = manager("x@hub-b.example", other)
    with pytest.raises(NotAllowed):
        assessments.start(stranger, "sme", a.company, hub=other, as_hub=True)


def test_a_company_user_chooses_only_published_hubs(ann):
    draft = hub("Draft hub", validation="draft")
    with pytest.raises(Invalid, match="published"):
        assessments.start(ann, "sme", "Acme", hub=draft)


# -- T0 and T1 ---------------------------------------------------------------------------------

def test_a_t1_is_linked_to_the_latest_completed_t0_with_the_same_hub(ann):
    h, other = hub("Hub A"), hub("Hub B")
    acme = company("Acme", ann)
    done(acme, scores(10), hub=h, phase="t0", days_ago=300)
    latest = done(acme, scores(20), hub=h, phase="t0", days_ago=200)
    done(acme, scores(30), hub=other, phase="t0", days_ago=100)  # another hub's
    assessments.start(ann, "sme", acme, hub=h, phase="t0")  # not completed
    t1 = assessments.start(ann, "sme", acme, hub=h, phase="t1")
    assert t1.baseline == latest
    with pytest.raises(Invalid, match="no completed T0 with"):
        assessments.start(ann, "sme", company("Beta", ann), hub=h, phase="t1")


def test_a_chosen_baseline_must_fit(ann):
    h, other = hub("Hub A"), hub("Hub B")
    acme, beta = company("Acme", ann), company("Beta", ann)
    first = done(acme, scores(10), hub=h, phase="t0", days_ago=300)
    done(acme, scores(20), hub=h, phase="t0", days_ago=200)
    t1 = assessments.start(ann, "sme", acme, hub=h, phase="t1", baseline=first)
    assert t1.baseline == first  # chosen, not the latest
    for wrong in (done(beta, scores(5), hub=h, phase="t0"),  # another company
                  done(acme, scores(5), hub=other, phase="t0"),  # another hub
                  done(acme, scores(5), hub=h, phase=""),  # not a T0
                  t1):  # not completed, not a T0
        with pytest.raises(Invalid, match="baseline must be"):
            assessments.start(ann, "sme", acme, hub=h, phase="t1", baseline=wrong)
    with pytest.raises(Invalid, match="Only a T1"):
        assessments.start(ann, "sme", acme, hub=h, phase="t0", baseline=first)


def test_progress_of_a_t1_on_hand_computed_numbers():
    h = hub("Hub A")
    acme = company("Acme")
    t0 = done(acme, scores(10, 20, 30, 40, 50, 60), hub=h, phase="t0", days_ago=200)
    t1 = done(acme, scores(25, 20, 45, 30, 80, 60), hub=h, phase="t1", baseline=t0)
    found = assessments.progress(t1)
    assert [d["change"] for d in found["dimensions"]] == [15, 0, 15, -10, 30, 0]
    assert [d["t0"] for d in found["dimensions"]] == [10, 20, 30, 40, 50, 60]
    # overall: mean 35 at T0, mean 43.33 at T1: +8.33 = 50/6
    assert found["overall"]["t0"] == 35
    assert found["overall"]["change"] == pytest.approx(50 / 6)
    with pytest.raises(Invalid):
        assessments.progress(t0)


def test_hub_progress_averages_its_pairs_shared_with_it():
    h, other = hub("Hub A"), hub("Hub B")
    a, b, c, d = (company(n) for n in "ABCD")
    # A: +10 everywhere; two T1s, the latest counts (+10, not +40)
    t0 = done(a, scores(20), hub=h, phase="t0", days_ago=300)
    done(a, scores(60), hub=h, phase="t1", baseline=t0, days_ago=100)
    done(a, scores(30), hub=h, phase="t1", baseline=t0, days_ago=10)
    # B: from (40, 50) to (60, 50): +20 in strategy, 0 elsewhere
    t0 = done(b, scores(40, 50), hub=h, phase="t0", days_ago=300)
    done(b, scores(60, 50), hub=h, phase="t1", baseline=t0)
    # C: its T0 is not shared with the hub: left out
    t0 = done(c, scores(0), hub=h, phase="t0", shared=[], days_ago=300)
    done(c, scores(100), hub=h, phase="t1", baseline=t0)
    # D: another hub's pair, shared with this hub too: left out (the hub did not support it)
    t0 = done(d, scores(0), hub=other, phase="t0", shared=[h, other], days_ago=300)
    done(d, scores(100), hub=other, phase="t1", baseline=t0, shared=[h, other])
    (group,) = assessments.hub_progress(h)
    assert group["questionnaire"] == "sme" and group["pairs"] == 2
    strategy, readiness, *_ = group["dimensions"]
    assert (strategy["t0"], strategy["t1"], strategy["change"]) == (30, 45, 15)
    assert (readiness["t0"], readiness["t1"], readiness["change"]) == (35, 40, 5)
    assert strategy["pairs"] == 2
    # overall: A 20 -> 30 (+10); B 49 1/6... computed from the means of the dimensions
    b_t0, b_t1 = (40 + 5 * 50) / 6, (60 + 5 * 50) / 6
    assert group["overall"]["change"] == pytest.approx((10 + (b_t1 - b_t0)) / 2)
    assert assessments.hub_progress(other)[0]["pairs"] == 1


def test_completing_a_t1_links_it_when_it_had_no_baseline(ann):
    h = hub("Hub A")
    acme = company("Acme", ann)
    t1 = Assessment.objects.create(company=acme, questionnaire="sme", version=1, hub=h,
                                   phase="t1", answers=dict(WORKED), created_by=ann)
    t0 = done(acme, scores(10), hub=h, phase="t0", days_ago=5)
    assessments.complete(t1, ann)
    assert t1.baseline == t0
    assert round(assessments.progress(t1)["overall"]["change"], 2) == round(32.2638 - 10, 2)
