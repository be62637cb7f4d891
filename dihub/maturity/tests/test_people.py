"""The people who act for a company: added by a member (or whoever made the record, e.g.
a hub for its customer), then seeing its assessments; pages and API."""

import json

import pytest
from django.test import Client

from dihub.accounts import flows
from dihub.accounts.tests.helpers import person
from dihub.maturity import privacy
from dihub.maturity.models import Assessment, Company

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def company():
    owner = person("owner@acme.example")
    made = Company.objects.create(name="Acme", created_by=owner)
    made.members.add(owner)
    Assessment.objects.create(company=made, questionnaire="sme", version=1, created_by=owner)
    return made


def test_a_member_adds_a_colleague_who_then_sees_the_assessments(client, company):
    colleague = person("colleague@acme.example")
    assessment = company.assessments.get()
    assert not privacy.can_see(colleague, assessment)
    client.force_login(company.members.get())
    page = client.get(f"/maturity/companies/{company.pk}/people/")
    assert page.status_code == 200 and b"owner@acme.example" in page.content
    client.post(f"/maturity/companies/{company.pk}/people/", {"email": "Colleague@Acme.example"})
    assert privacy.can_see(colleague, assessment)
    assert b"colleague@acme.example now acts for Acme" in client.get(
        f"/maturity/companies/{company.pk}/people/").content


def test_unknown_or_unverified_addresses_and_the_last_member_are_refused(client, company):
    person("unverified@acme.example", verified=False)
    owner = company.members.get()
    client.force_login(owner)
    url = f"/maturity/companies/{company.pk}/people/"
    for email in ("nobody@acme.example", "unverified@acme.example", "x\x00@y.z"):
        answer = client.post(url, {"email": email}, follow=True)
        assert b"sign up first" in answer.content or b"Give the e-mail" in answer.content
    client.post(url, {"remove": owner.pk})
    assert list(company.members.all()) == [owner]  # the last member stays


def test_others_do_not_see_that_the_company_exists(client, company):
    client.force_login(person("stranger@else.example"))
    assert client.get(f"/maturity/companies/{company.pk}/people/").status_code == 404
    assert client.post(f"/maturity/companies/{company.pk}/people/",
                       {"email": "stranger@else.example"}).status_code == 404
    assert company.members.count() == 1


def test_a_hub_hands_its_customer_record_to_the_company_through_the_api(company):
    manager = person("manager@hub.example")
    record = Company.objects.create(name="Customer Ltd", created_by=manager)
    customer = person("boss@customer.example")
    _, secret = flows.create_token(manager, "hub")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/maturity/companies/{record.pk}/members"
    assert Client().get(url, **headers).json() == []
    added = Client().post(url, json.dumps({"email": "boss@customer.example"}), JSON, **headers)
    assert added.status_code == 200 and added.json() == [
        {"id": customer.pk, "email": "boss@customer.example"}]
    assert Client().post(url, json.dumps({"email": 3}), JSON, **headers).status_code == 400
    assert Client().post(url, "not json", JSON, **headers).status_code == 400
    gone = Client().delete(f"{url}/{customer.pk}", **headers)
    assert gone.status_code == 409  # the last member stays
    assert Client().get(f"/api/maturity/companies/{company.pk}/members",
                        **headers).status_code == 404  # another company: hidden
    assert Client().get(url).status_code == 401
