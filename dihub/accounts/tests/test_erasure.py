"""A person's data: the export holds it all, erasure removes it everywhere, history included."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dihub.accounts.erasure import erase_account, erase_contact, export
from dihub.accounts.models import Erasure, Membership, Reminder
from dihub.accounts.notify import remind
from dihub.catalogue import workflow
from dihub.catalogue.models import Contact, Draft, Hub, HubVersion
from dihub.catalogue.tests.factories import make_hub

from .helpers import PASSWORD, person

pytestmark = pytest.mark.django_db

ANA = "Ana.Lopez@alpha.example"


@pytest.fixture
def hub():
    return make_hub("Hub Alpha", website="https://alpha.example", contacts=[
        {"name": "Ana López", "email": ANA, "phone": "+34 600 000 000", "publish": True},
        {"name": "Ben", "email": "ben@alpha.example", "publish": True}])


def _published_change(hub, manager, coordinator, **changes):
    draft = workflow.start_draft(hub, manager)
    workflow.save_draft(draft, dict(draft.sheet, **changes), manager)
    workflow.submit(draft, manager)
    workflow.publish(draft, coordinator)


def _everything_stored():
    rows = [json.dumps(v.sheet) for v in HubVersion.objects.all()]
    rows += [json.dumps([d.sheet, d.base]) for d in Draft.objects.all()]
    rows += [f"{c.name} {c.email} {c.phone}" for c in Contact.objects.all()]
    return "\n".join(rows).lower()


def test_export_holds_the_account_and_every_place_the_address_appears(hub):
    ana = person(ANA.lower())
    coordinator = person("c@hubs.example", group="coordinator")
    Membership.objects.create(user=ana, hub=hub)
    _published_change(hub, ana, coordinator, name="Hub Alpha 2")
    data = export(ana)
    assert data["account"]["email"] == ANA.lower()
    assert [c["hub"] for c in data["contact_of_hubs"]] == ["Hub Alpha 2"]
    assert data["contact_of_hubs"][0]["phone"] == "+34 600 000 000"
    assert {k["kind"] for k in data["in_drafts_and_history"]} == {"draft", "hubversion"}
    json.dumps(data)  # JSON-ready


def test_erasing_an_account_removes_it_everywhere_and_logs_it(hub):
    ana = person(ANA.lower())
    coordinator = person("c@hubs.example", group="coordinator")
    Membership.objects.create(user=ana, hub=hub)
    _published_change(hub, ana, coordinator, name="Hub Alpha 2")
    workflow.start_draft(hub, ana)  # an open draft holds her too
    assert "ana" in _everything_stored()

    log = erase_account(ana)
    stored = _everything_stored()
    assert "ana" not in stored and "600 000" not in stored and "alpha.example" in stored
    assert "[erased]" in stored and "ben@alpha.example" in stored
    assert not User.objects.filter(email__iexact=ANA).exists()
    assert [c.name for c in Hub.objects.get(pk=hub.pk).contacts.all()] == ["Ben"]
    assert log.subject == "account" and log.counts["contacts"] == 1
    assert log.counts["versions"] >= 2 and log.counts["drafts"] >= 1
    assert ANA.lower() not in json.dumps(log.counts)
    assert HubVersion.objects.filter(hub=hub).exclude(user=None).count() == 1  # coordinator's


def test_a_contact_without_an_account_is_erased_by_command(hub):
    coordinator = person("c@hubs.example", group="coordinator")
    _published_change(hub, coordinator, coordinator, name="Hub Alpha 2")
    call_command("erase", ANA, "--yes")
    assert "ana" not in _everything_stored()
    assert Erasure.objects.get().subject == "contact"
    with pytest.raises(Exception, match="--yes"):
        call_command("erase", "ben@alpha.example")
    assert Contact.objects.filter(email="ben@alpha.example").exists()


def test_erase_contact_leaves_other_people_alone(hub):
    erase_contact("nobody@elsewhere.example", None)
    assert Contact.objects.filter(hub=hub).count() == 2
    assert Erasure.objects.get().counts["contacts"] == 0


def test_remind_tells_the_managers_of_stale_hubs_once_a_month(hub):
    manager = person("m@alpha.example")
    Membership.objects.create(user=manager, hub=hub)
    unmanaged = make_hub("Hub Nobody")
    old = timezone.now() - timedelta(days=400)
    Hub.objects.filter(pk__in=[hub.pk, unmanaged.pk]).update(updated_at=old)
    make_hub("Hub Fresh")

    report = remind()
    assert report == {"reminded": ["Hub Alpha"], "unmanaged": ["Hub Nobody"], "skipped": 0}
    assert [m.to for m in mail.outbox] == [["m@alpha.example"]]
    assert "/hubs/" in mail.outbox[0].body and "still current" in mail.outbox[0].body
    assert remind()["skipped"] == 1 and len(mail.outbox) == 1
    later = timezone.now() + timedelta(days=31)
    assert remind(now=later)["reminded"] == ["Hub Alpha"]
    assert Reminder.objects.filter(hub=hub).count() == 2


def test_workflow_steps_tell_coordinators_and_managers(hub):
    manager = person("m@alpha.example")
    coordinator = person("c@hubs.example", group="coordinator")
    Membership.objects.create(user=manager, hub=hub)
    draft = workflow.start_draft(hub, manager)
    workflow.submit(draft, manager)
    assert [m.to for m in mail.outbox] == [["c@hubs.example"]]
    assert "/review/" in mail.outbox[0].body
    workflow.send_back(draft, coordinator, "Add a service example, please.")
    assert mail.outbox[1].to == ["m@alpha.example"]
    assert "Add a service example, please." in mail.outbox[1].body
    workflow.submit(draft, manager)
    workflow.publish(draft, coordinator)
    assert mail.outbox[-1].to == ["m@alpha.example"]
    assert "published" in mail.outbox[-1].subject


def test_the_my_data_page_downloads_and_erases_with_the_password(client, hub):
    ana = person(ANA.lower())
    client.force_login(ana)
    page = client.get("/accounts/my-data/")
    assert page.status_code == 200 and b"Erase my account" in page.content
    download = client.get("/accounts/my-data/?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert download.json()["contact_of_hubs"][0]["email"] == ANA
    wrong = client.post("/accounts/my-data/", {"password": "nope", "confirm": "on"})
    assert b"This is not your password." in wrong.content and User.objects.filter(pk=ana.pk)
    done = client.post("/accounts/my-data/", {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302 and not User.objects.filter(pk=ana.pk).exists()
    assert Contact.objects.filter(hub=hub).count() == 1
    assert client.get("/accounts/my-data/").status_code == 302  # signed out


def test_the_api_downloads_and_erases_with_a_token_and_the_password(client, hub):
    from dihub.accounts import flows

    ana = person(ANA.lower())
    _, secret = flows.create_token(ana, "script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/me/data").status_code == 401
    data = client.get("/api/me/data", **headers).json()
    assert data["contact_of_hubs"][0]["phone"] == "+34 600 000 000"
    assert secret not in json.dumps(data)
    refused = client.post("/api/me/erase", {"password": "nope"}, "application/json", **headers)
    assert refused.status_code == 403 and User.objects.filter(pk=ana.pk).exists()
    done = client.post("/api/me/erase", {"password": PASSWORD}, "application/json", **headers)
    assert done.status_code == 204 and not User.objects.filter(pk=ana.pk).exists()
    assert client.get("/api/me/data", **headers).status_code == 401
    assert Erasure.objects.get().counts["accounts"] == 1


def test_maturity_data_is_exported_and_a_company_only_they_act_for_is_erased():
    from dihub.maturity.models import Assessment, Company

    ana, ben = person(ANA.lower()), person("ben@alpha.example")
    alone = Company.objects.create(name="Ana's workshop", created_by=ana)
    alone.members.add(ana)
    shared = Company.objects.create(name="Alpha GmbH", created_by=ana)
    shared.members.add(ana, ben)
    for company in (alone, shared):
        Assessment.objects.create(company=company, questionnaire="sme", version=1,
                                  created_by=ana, answers={"q2": ["funding"]})
    data = export(ana)["maturity"]
    assert [c["name"] for c in data["companies"]] == ["Alpha GmbH", "Ana's workshop"]
    assert [a["answers"] for a in data["assessments"]] == [{"q2": ["funding"]}] * 2
    log = erase_account(ana)
    assert log.counts["companies"] == 1 and log.counts["assessments"] == 1
    assert list(Company.objects.values_list("name", flat=True)) == ["Alpha GmbH"]
    assert list(shared.members.all()) == [ben]
    assert Assessment.objects.get().created_by is None
