"""Who sees an assessment: its company's members, the person who started it, the managers
of the hubs it is shared with; nobody else, on the pages and in the API (404, as for an
assessment that does not exist)."""

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from dihub.accounts.permissions import COORDINATOR
from dihub.accounts.tests.helpers import person
from dihub.maturity import assessments, privacy
from dihub.maturity.models import Assessment

from .dma import company, done, hub, manager, scores
from .test_scoring import WORKED

pytestmark = pytest.mark.django_db

SEES = {"member": True, "creator": True, "other_company_user": False,
        "shared_hub_manager": True, "other_hub_manager": False, "coordinator": False,
        "anonymous": False}
EDITS = {"member", "creator"}


@pytest.fixture
def world():
    h, g = hub("Hub A"), hub("Hub B")
    people = {
        "member": person("ann@acme.example"),
        "creator": person("cleo@consultant.example"),
        "other_company_user": person("bob@beta.example"),
        "shared_hub_manager": manager("hank@hub-a.example", h),
        "other_hub_manager": manager("gus@hub-b.example", g),
        "coordinator": person("cora@network.example", group=COORDINATOR),
    }
    acme = company("Acme", people["member"])
    company("Beta", people["other_company_user"])
    done_one = done(acme, scores(40), shared=[h], created_by=people["creator"])
    open_one = Assessment.objects.create(company=acme, questionnaire="sme", version=1,
                                         answers={"company_name": "Acme"},
                                         created_by=people["creator"])
    open_one.shared_with.add(h)
    return SimpleNamespace(h=h, g=g, people=people, done=done_one, open=open_one)


def user_of(world, who):
    return AnonymousUser() if who == "anonymous" else world.people[who]


def client_of(world, who):
    c = Client()
    if who != "anonymous":
        c.force_login(world.people[who])
    return c


@pytest.mark.parametrize("who", SEES)
def test_can_see_and_visible_assessments_agree(world, who):
    user = user_of(world, who)
    assert privacy.can_see(user, world.done) is SEES[who]
    assert set(privacy.visible_assessments(user)) == (
        {world.done, world.open} if SEES[who] else set())
    assert privacy.can_edit(user, world.open) is (who in EDITS)
    assert privacy.can_share(user, world.done) is (who == "member")


@pytest.mark.parametrize("who", SEES)
def test_the_pages_of_one_assessment(world, who):
    c = client_of(world, who)
    pk, missing = world.done.pk, world.done.pk + 1000
    for url in (f"/maturity/assessments/{pk}/summary/", f"/maturity/assessments/{pk}/report/",
                f"/maturity/assessments/{pk}/progress/"):
        answer = c.get(url)
        nothing = c.get(url.replace(str(pk), str(missing)))
        if SEES[who]:
            assert answer.status_code in (200, 404 if "progress" in url else 200), url
        else:
            assert answer.status_code == nothing.status_code == 404, url
            assert b"Acme" not in answer.content
    step = c.get(f"/maturity/assessments/{world.open.pk}/step/1/")
    assert step.status_code == {"member": 200, "creator": 200,
                                "shared_hub_manager": 403}.get(who, 404)
    sharing = c.get(f"/maturity/assessments/{pk}/sharing/")
    assert sharing.status_code == {"member": 200, "creator": 403,
                                   "shared_hub_manager": 403}.get(who, 404)


@pytest.mark.parametrize("who", SEES)
def test_the_lists(world, who):
    c = client_of(world, who)
    mine = c.get("/maturity/assessments/")
    if who == "anonymous":
        assert mine.status_code == 302
        return
    assert (b"Acme" in mine.content) is (who in EDITS)  # started by me or my company's
    hub_page = c.get(f"/maturity/hubs/{world.h.slug}/")
    assert hub_page.status_code == (200 if who == "shared_hub_manager" else 403)
    if who == "shared_hub_manager":
        assert b"Acme" in hub_page.content


@pytest.mark.parametrize("who", SEES)
def test_the_api(world, who):
    c = client_of(world, who)
    pk = world.done.pk
    one = c.get(f"/api/maturity/assessments/{pk}")
    if who == "anonymous":
        assert one.status_code == 401
    elif SEES[who]:
        assert one.status_code == 200 and one.json()["company"]["name"] == "Acme"
        # shares are shown to those who may change the answers
        assert (one.json()["shared_with"] is None) is (who not in EDITS)
    else:
        assert one.status_code == 404
        assert one.json() == c.get(f"/api/maturity/assessments/{pk + 1000}").json()
    listed = c.get("/api/maturity/assessments")
    if who != "anonymous":
        assert ({a["id"] for a in listed.json()} == {pk, world.open.pk}) is (who in EDITS)
    patch = c.patch(f"/api/maturity/assessments/{world.open.pk}",
                    json.dumps({"answers": {"q2": ["funding"]}}),
                    content_type="application/json")
    assert patch.status_code == {"anonymous": 401, "member": 200, "creator": 200,
                                 "shared_hub_manager": 403}.get(who, 404)
    share = c.post(f"/api/maturity/assessments/{pk}/share",
                   json.dumps({"hub": world.g.slug}), content_type="application/json")
    assert share.status_code == {"anonymous": 401, "member": 200, "creator": 403,
                                 "shared_hub_manager": 403}.get(who, 404)
    hub_list = c.get(f"/api/maturity/hubs/{world.h.pk}/assessments")
    assert hub_list.status_code == {"anonymous": 401, "shared_hub_manager": 200}.get(who, 403)


def test_sharing_and_taking_it_back(world):
    ann, gus = world.people["member"], world.people["other_hub_manager"]
    assert not privacy.can_see(gus, world.done)
    assessments.share(world.done, world.g, ann)
    assert privacy.can_see(gus, world.done)
    assessments.unshare(world.done, world.g, ann)
    assert not privacy.can_see(gus, world.done)
    with pytest.raises(assessments.NotAllowed):
        assessments.share(world.done, world.g, world.people["creator"])
    draft = hub("Draft hub", validation="draft")
    with pytest.raises(assessments.Invalid, match="published"):
        assessments.share(world.done, draft, ann)


def test_the_sharing_page_ticks_hubs(world):
    c = client_of(world, "member")
    url = f"/maturity/assessments/{world.done.pk}/sharing/"
    page = c.get(url).content.decode()
    assert f'value="{world.h.pk}" id="hub-{world.h.pk}" checked' in page
    answer = c.post(url, {"add": world.g.pk})  # h is not ticked: unshared; g added
    assert answer.status_code == 302
    assert set(world.done.shared_with.all()) == {world.g}
    assert not privacy.can_see(world.people["shared_hub_manager"], world.done)


def test_a_company_started_by_a_hub_is_not_seen_by_another_hub():
    h, g = hub("Hub A"), hub("Hub B")
    boss, other = manager("boss@a.example", h), manager("boss@b.example", g)
    a = assessments.start(boss, "sme", "Customer", hub=h, phase="t0", as_hub=True)
    assessments.save_answers(a, WORKED, boss)
    assessments.complete(a, boss)
    assert privacy.can_see(boss, a) and not privacy.can_see(other, a)
    c = Client()
    c.force_login(other)
    assert c.get(f"/api/maturity/assessments/{a.pk}").status_code == 404
    assert c.get(f"/api/maturity/hubs/{h.slug}/progress").status_code == 403
