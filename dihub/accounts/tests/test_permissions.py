"""Who may do what: the permission functions and the pages that use them."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.urls import reverse

from dihub.accounts import permissions as can
from dihub.accounts.flows import make_manager
from dihub.accounts.models import Claim, Invitation
from dihub.catalogue.tests.factories import make_hub

from .helpers import person

pytestmark = pytest.mark.django_db


def test_groups_come_from_a_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"evaluator", "coordinator"}


def test_permission_functions_by_role():
    a, b = make_hub("A"), make_hub("B")
    company = person("c@x.org")
    manager = person("m@x.org")
    make_manager(manager, a)
    evaluator = person("e@x.org", group="evaluator")
    coordinator = person("co@x.org", group="coordinator")
    admin = person("ad@x.org", superuser=True)
    anonymous = AnonymousUser()
    for fn in (can.can_edit_hub, can.can_publish, can.can_manage_members):
        assert not fn(anonymous, a) and not fn(company, a) and not fn(evaluator, a)
        assert fn(coordinator, a) and fn(admin, a)
        assert not fn(manager, b)
    assert can.can_edit_hub(manager, a) and can.can_manage_members(manager, a)
    assert not can.can_publish(manager, a)
    assert not can.can_claim(anonymous, a) and can.can_claim(company, a)
    assert not can.can_claim(manager, a) and can.can_claim(manager, b)
    assert can.can_review_claims(coordinator) and not can.can_review_claims(evaluator)
    assert can.role_names(manager) == ["company user", "hub manager"]
    assert can.role_names(anonymous) == ["visitor"]
    assert "administrator" in can.role_names(admin)


def test_anonymous_is_sent_to_log_in(client):
    hub = make_hub("A")
    for url in (reverse("accounts-claim", args=[hub.slug]), reverse("accounts-home"),
                reverse("accounts-coordinator")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("accounts-claim", args=[hub.slug]), {"message": "x"})
    assert response.status_code == 302 and not Claim.objects.exists()


def test_company_user_cannot_review_claims(client):
    hub = make_hub("A")
    claimant = person("c@x.org")
    claim = Claim.objects.create(user=claimant, hub=hub, email="c@x.org")
    client.force_login(person("other@x.org"))
    assert client.get(reverse("accounts-coordinator")).status_code == 403
    assert client.post(reverse("accounts-approve", args=[claim.pk])).status_code == 403
    assert client.post(reverse("accounts-refuse", args=[claim.pk]),
                       {"reason": "no"}).status_code == 403
    claim.refresh_from_db()
    assert claim.state == "pending"


def test_manager_of_a_cannot_invite_for_b(client):
    a, b = make_hub("A"), make_hub("B")
    manager = person("m@x.org")
    make_manager(manager, a)
    client.force_login(manager)
    assert client.get(reverse("accounts-invite", args=[a.slug])).status_code == 200
    response = client.post(reverse("accounts-invite", args=[b.slug]), {"email": "x@y.org"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_post_without_csrf_token_is_refused():
    hub = make_hub("A")
    client = Client(enforce_csrf_checks=True)
    client.force_login(person("c@x.org"))
    response = client.post(reverse("accounts-claim", args=[hub.slug]), {"message": "x"})
    assert response.status_code == 403
    assert not Claim.objects.exists()
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(reverse("account_login"), {"login": "c@x.org", "password": "x"})
    assert response.status_code == 403
