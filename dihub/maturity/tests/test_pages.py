"""The pages: the landing page, starting, answering step by step without JavaScript
(save and continue, back, save and leave, resume), errors at the question with the
reason, completing, the lists, the hubs' pages and the progress views."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from dihub.accounts.tests.helpers import person
from dihub.maturity import assessments
from dihub.maturity.models import Assessment

from .dma import PROFILE, company, done, hub, manager, scores
from .test_scoring import WORKED

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann():
    return person("ann@acme.example")


@pytest.fixture
def signed_in(ann):
    c = Client()
    c.force_login(ann)
    return c


def step_url(a, n):
    return f"/maturity/assessments/{a.pk}/step/{n}/"


def test_the_landing_page_explains_and_offers_both_questionnaires():
    page = Client().get("/maturity/").content.decode()
    assert "Start the SME assessment" in page and "Start the public sector assessment" in page
    assert 'href="/maturity/start/?questionnaire=sme"' in page
    assert 'href="/maturity/start/?questionnaire=public"' in page
    assert '<a href="/maturity/" aria-current="page">Maturity</a>' in page  # in the nav
    start = Client().get("/maturity/start/?questionnaire=sme")
    assert start.status_code == 302 and "/accounts/login/" in start["Location"]


def test_start_then_answer_step_by_step_leave_and_resume(signed_in, ann):
    h = hub("Hub A")
    page = signed_in.get("/maturity/start/?questionnaire=sme").content.decode()
    assert 'value="sme" selected' in page and "Hub A" in page
    answer = signed_in.post("/maturity/start/", {"questionnaire": "sme", "company": "Acme",
                                                 "hub": h.pk, "phase": "t0"})
    a = Assessment.objects.get()
    assert answer["Location"] == step_url(a, 0)
    assert (a.company.name, a.hub, a.phase, a.version) == ("Acme", h, "t0", 1)
    profile = signed_in.get(step_url(a, 0)).content.decode()
    assert 'name="company_name" id="f-company_name" value="Acme"' in profile
    assert "Step 1 of 7: Company profile" in profile
    # profile, then strategy
    answer = signed_in.post(step_url(a, 0), {**PROFILE, "action": "next"})
    assert answer["Location"] == step_url(a, 1)
    answer = signed_in.post(step_url(a, 1), {
        "q1.product_design": ["invested", "planned"], "q1.operations": "invested",
        "q1.marketing_sales": ["invested", "planned"], "q1.administration": "planned",
        "q2": ["needs_identified", "management", "it_staff", "customers"], "action": "next"})
    assert answer["Location"] == step_url(a, 2)
    # readiness, then save and leave
    answer = signed_in.post(step_url(a, 2), {
        "q3": WORKED["q3"], "q4.cad_cam": "3", "q4.iot": "2",
        "q4.simulation_digital_twins": "1", "q4.blockchain": "", "action": "leave"})
    assert answer["Location"] == "/maturity/assessments/"
    a.refresh_from_db()
    assert a.step == 2 and a.answers["q4"] == {"cad_cam": 3, "iot": 2,
                                               "simulation_digital_twins": 1}
    mine = signed_in.get("/maturity/assessments/").content.decode()
    assert "In progress</span> step 3 of 7" in mine and f'href="/maturity/assessments/{a.pk}/"' \
        in mine
    assert signed_in.get(f"/maturity/assessments/{a.pk}/")["Location"] == step_url(a, 2)
    resumed = signed_in.get(step_url(a, 2)).content.decode()
    assert 'value="3" id="f-q4-cad_cam-3" checked' in resumed
    assert 'id="f-q4-blockchain-none" checked' in resumed
    # back keeps what is on the page and goes one step back
    answer = signed_in.post(step_url(a, 2), {"q3": ["website"], "action": "back"})
    assert answer["Location"] == step_url(a, 1)
    a.refresh_from_db()
    assert a.answers["q3"] == ["website"] and "q4" not in a.answers  # what the page sent
    # the rest, then finish
    signed_in.post(step_url(a, 2), {"q3": WORKED["q3"], "q4.cad_cam": "3", "q4.iot": "2",
                                    "q4.simulation_digital_twins": "1", "action": "next"})
    signed_in.post(step_url(a, 3), {"q5": WORKED["q5"], "q6": WORKED["q6"], "action": "next"})
    signed_in.post(step_url(a, 4), {"q7": WORKED["q7"], "q8": WORKED["q8"], "action": "next"})
    signed_in.post(step_url(a, 5), {"q9.business_intelligence": "4", "q9.nlp": "2",
                                    "action": "next"})
    last = signed_in.get(step_url(a, 6)).content.decode()
    assert "Save and finish" in last and "Save and continue" not in last
    answer = signed_in.post(step_url(a, 6), {
        "q10": WORKED["q10"], "q11.procurement": "partially", "q11.energy_use": "yes",
        "q11.device_lifecycle": "no", "action": "finish"})
    a.refresh_from_db()
    assert a.is_complete and round(a.overall, 2) == 32.26
    assert answer["Location"] == reverse("maturity-report", args=[a.pk])
    # a completed assessment's steps lead to its report
    assert signed_in.get(step_url(a, 1))["Location"] == reverse("maturity-report", args=[a.pk])
    summary = signed_in.get(f"/maturity/assessments/{a.pk}/summary/").content.decode()
    assert 'id="overall-score">32.3</span>' in summary and "Average" in summary
    mine = signed_in.get("/maturity/assessments/").content.decode()
    assert "32.3" in mine and ">T0<" in mine and "Report" in mine


BAD_FORMS = [
    (2, {"q4.cad_cam": "7"}, "q4", "out_of_range", "a scale item is answered 0 to 5"),
    (2, {"q4.cad_cam": "2.5"}, "q4", "not_an_integer", "a scale item is answered with a "
                                                       "whole number"),
    (2, {"q3": ["website", "fax"]}, "q3", "unknown_item", "no such item in the question"),
    (2, {"q3": ["website", "website"]}, "q3", "duplicate_item", "the same item or cell is "
                                                                "given twice"),
    (1, {"q1.operations": ["invested", "dreamt"]}, "q1", "unknown_value", "not one of the "
                                                                           "values"),
    (4, {"q7": ["not_digital", "analysed"]}, "q7", "exclusive_with_others",
     "an exclusive item is ticked together with another item"),
    (6, {"q11.procurement": "maybe"}, "q11", "unknown_value", "not one of the values"),
    (0, {**PROFILE, "country": "be"}, "country", "bad_format", "does not have the form"),
    (0, {**PROFILE, "company_name": "x" * 201}, "company_name", "too_long", "longer than"),
    (0, {**PROFILE, "size_class": "huge"}, "size_class", "unknown_value", "not one of"),
    (0, {**PROFILE, "sector_primary": ""}, "sector_primary", "missing",
     "a required question is not answered"),
]


@pytest.mark.parametrize("n, form, question, reason, explained", BAD_FORMS)
def test_a_bad_answer_is_shown_at_its_question_and_nothing_is_kept(signed_in, ann, n, form,
                                                                   question, reason,
                                                                   explained):
    a = assessments.start(ann, "sme", "Acme")
    before = dict(a.answers)
    answer = signed_in.post(step_url(a, n), {**form, "action": "next"})
    assert answer.status_code == 200
    page = answer.content.decode()
    block = re.search(rf'<fieldset class="dma-q [^"]*has-error" id="q-{question}".*?</fieldset>',
                      page, re.S)
    assert block, page[:5000]
    assert reason in block.group() and explained in block.group()
    assert 'role="alert"' in page and f'href="#q-{question}"' in page
    assert "Nothing of this step was saved" in page
    a.refresh_from_db()
    assert a.answers == before and a.step == 0


def test_save_and_leave_does_not_ask_for_the_required_answers(signed_in, ann):
    a = assessments.start(ann, "sme", "Acme")
    answer = signed_in.post(step_url(a, 0), {"company_name": "Acme", "action": "leave"})
    assert answer.status_code == 302
    for n in range(1, 6):
        signed_in.post(step_url(a, n), {"action": "next"})
    answer = signed_in.post(step_url(a, 6), {"q10": ["energy"], "action": "finish"})
    assert answer["Location"] == step_url(a, 0) + "?check=1"
    page = signed_in.get(answer["Location"]).content.decode()
    assert "Some questions still need an answer" in page
    assert page.count("a required question is not answered") == 6  # at size, sector and
    # country, and in the summary above the form
    a.refresh_from_db()
    assert not a.is_complete and a.answers["q10"] == ["energy"]


def test_each_answer_type_is_drawn_accessibly(signed_in, ann):
    a = assessments.start(ann, "sme", "Acme")
    strategy = signed_in.get(step_url(a, 1)).content.decode()
    assert '<table class="dma-matrix">' in strategy
    assert ('<input type="checkbox" name="q1.product_design" value="invested" '
            'id="f-q1-product_design-invested" aria-labelledby="r-q1-product_design '
            'q-q1-invested">') in strategy
    assert '<th scope="row" id="r-q1-product_design">' in strategy
    readiness = signed_in.get(step_url(a, 2)).content.decode()
    assert '<legend>Computer-aided design and manufacturing (CAD/CAM)</legend>' in readiness
    assert ('<input type="radio" name="q4.cad_cam" value="5" id="f-q4-cad_cam-5"> <label '
            'for="f-q4-cad_cam-5">5 Built into how the company works</label>') in readiness
    human = signed_in.get(step_url(a, 3)).content.decode()
    assert 'class="dma-exclusive"' in human and "(only on its own)" in human
    green = signed_in.get(step_url(a, 6)).content.decode()
    assert '<label for="f-q11-procurement-partially">Partially</label>' in green
    profile = signed_in.get(step_url(a, 0)).content.decode()
    assert '<select name="sector_primary" id="f-sector_primary">' in profile
    assert signed_in.get(step_url(a, 7)).status_code == 404


def test_a_t1_without_a_t0_is_refused_on_the_start_page(signed_in):
    h = hub("Hub A")
    answer = signed_in.post("/maturity/start/", {"questionnaire": "sme", "company": "Acme",
                                                 "hub": h.pk, "phase": "t1"})
    assert answer.status_code == 200
    assert b"Acme has no completed T0 with Hub A: take the T0 first." in answer.content
    assert not Assessment.objects.exists()


def test_a_manager_starts_for_a_customer_and_sees_the_hub_pages():
    h = hub("Hub A", slug="hub-a")
    boss = manager("boss@hub-a.example", h)
    c = Client()
    c.force_login(boss)
    home = c.get("/maturity/").content.decode()
    assert 'href="/maturity/hubs/hub-a/"' in home
    answer = c.post("/maturity/hubs/hub-a/start/", {"questionnaire": "sme",
                                                    "company": "Customer Ltd", "phase": "t0"})
    a = Assessment.objects.get()
    assert answer["Location"] == step_url(a, 0)
    assert a.hub == h and a.company.created_by == boss and not a.company.members.exists()
    page = c.get("/maturity/hubs/hub-a/").content.decode()
    assert "Customer Ltd" in page and f'href="/maturity/assessments/{a.pk}/"' in page
    assert 'href="/maturity/hubs/hub-a/export.csv?questionnaire=sme"' in page
    outsider = Client()
    outsider.force_login(person("x@example.org"))
    assert outsider.get("/maturity/hubs/hub-a/start/").status_code == 403
    assert Client().get("/maturity/hubs/hub-a/").status_code == 302
    assert c.get("/maturity/hubs/no-such-hub/").status_code == 404


def test_the_progress_pages_on_hand_computed_numbers(ann, signed_in):
    h = hub("Hub A", slug="hub-a")
    acme = company("Acme", ann)
    t0 = done(acme, scores(10, 20, 30, 40, 50, 60), hub=h, phase="t0", days_ago=100)
    t1 = done(acme, scores(25, 20, 45, 30, 80, 60), hub=h, phase="t1", baseline=t0)
    page = signed_in.get(f"/maturity/assessments/{t1.pk}/progress/").content.decode()
    assert '<td class="num">10.0</td><td class="num">25.0</td><td class="num">+15.0</td>' \
        in page
    assert '<td class="num">40.0</td><td class="num">30.0</td><td class="num">-10.0</td>' \
        in page
    assert 'id="overall-change">+8.3</td>' in page
    mine = signed_in.get("/maturity/assessments/").content.decode()
    assert f'href="/maturity/assessments/{t1.pk}/progress/"' in mine
    beta = company("Beta")
    b0 = done(beta, scores(40), hub=h, phase="t0", days_ago=100)
    done(beta, scores(50), hub=h, phase="t1", baseline=b0)
    boss = manager("boss@hub-a.example", h)
    c = Client()
    c.force_login(boss)
    hub_page = c.get("/maturity/hubs/hub-a/progress/").content.decode()
    assert "2 pairs" in hub_page
    # strategy: (15 + 10) / 2 = +12.5; means 25 at T0, 37.5 at T1
    assert '<td class="num">25.0</td><td class="num">37.5</td><td class="num">+12.5</td>' \
        in hub_page
    assert c.get(f"/maturity/assessments/{t1.pk}/progress/").status_code == 200
    assert signed_in.get("/maturity/hubs/hub-a/progress/").status_code == 403
    assert c.get(f"/maturity/assessments/{t0.pk}/progress/").status_code == 404  # not a T1


def test_the_summary_falls_back_when_there_is_no_report_page(ann, signed_in, monkeypatch):
    from django.urls import NoReverseMatch

    from dihub.maturity import views

    a = done(company("Acme", ann), scores(40))
    real = views.reverse

    def without_report(name, *args, **kwargs):
        if name == "maturity-report":
            raise NoReverseMatch(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", without_report)
    assert views.report_url(a) == f"/maturity/assessments/{a.pk}/summary/"
