"""Sign-up, claims, refusals and invitations through the pages, with the e-mails sent."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dihub.accounts.flows import INVITATION_DAYS
from dihub.accounts.models import Claim, Invitation, Membership
from dihub.catalogue.tests.factories import make_hub

from .helpers import PASSWORD, person

pytestmark = pytest.mark.django_db


def link_in(message):
    return re.search(r"https?://\S+", message.body).group()


def test_sign_up_verify_and_log_in(client):
    response = client.post(reverse("account_signup"), {
        "email": "new@uni.example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    user = User.objects.get(email="new@uni.example.org")
    # not verified yet: no log-in
    client.logout()
    response = client.post(reverse("account_login"),
                           {"login": "new@uni.example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    confirm = link_in(mail.outbox[0])
    assert "/accounts/confirm-email/" in confirm
    path = confirm.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert user.emailaddress_set.get().verified
    response = client.post(reverse("account_login"),
                           {"login": "new@uni.example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts-home")).status_code == 200


def test_claim_with_matching_domain_approved(client):
    hub = make_hub("Uni Hub", website="https://www.uni.example.org/")
    jane = person("jane@uni.example.org")
    client.force_login(jane)
    response = client.post(reverse("accounts-claim", args=[hub.slug]), {"message": "I run it"})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.domain_matches and claim.state == "pending" and claim.message == "I run it"

    coordinator = person("coord@dihub.example", group="coordinator")
    client.force_login(coordinator)
    page = client.get(reverse("accounts-coordinator")).content.decode()
    assert "e-mail domain matches" in page and "jane@uni.example.org" in page
    response = client.post(reverse("accounts-approve", args=[claim.pk]))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == "approved" and claim.decided_by == coordinator
    assert Membership.objects.filter(user=jane, hub=hub, role="manager").exists()
    assert mail.outbox[-1].to == ["jane@uni.example.org"]
    assert "Uni Hub" in mail.outbox[-1].subject


def test_claim_from_another_domain_is_said_so(client):
    hub = make_hub("Uni Hub", website="https://uni.example.org/")
    client.force_login(person("jane@gmail.example"))
    client.post(reverse("accounts-claim", args=[hub.slug]), {"message": ""})
    client.post(reverse("accounts-claim", args=[hub.slug]), {"message": "again"})
    assert Claim.objects.get().domain_matches is False  # and only one pending claim
    client.force_login(person("coord@dihub.example", group="coordinator"))
    assert "does not match" in client.get(reverse("accounts-coordinator")).content.decode()


def test_unverified_address_never_matches(client):
    hub = make_hub("Uni Hub", website="https://uni.example.org/")
    client.force_login(person("jane@uni.example.org", verified=False))
    client.post(reverse("accounts-claim", args=[hub.slug]), {"message": ""})
    assert Claim.objects.get().domain_matches is False


def test_refusal_emails_the_reason(client):
    hub = make_hub("Uni Hub")
    jane = person("jane@example.org")
    client.force_login(jane)
    client.post(reverse("accounts-claim", args=[hub.slug]), {"message": "me"})
    claim = Claim.objects.get()
    client.force_login(person("coord@dihub.example", group="coordinator"))
    # a refusal needs a reason
    client.post(reverse("accounts-refuse", args=[claim.pk]), {"reason": ""})
    claim.refresh_from_db()
    assert claim.state == "pending" and not mail.outbox
    client.post(reverse("accounts-refuse", args=[claim.pk]),
                {"reason": "You are not <b>staff</b> of this hub & we checked."})
    claim.refresh_from_db()
    assert claim.state == "refused"
    assert not Membership.objects.exists()
    assert mail.outbox[-1].to == ["jane@example.org"]
    assert "You are not <b>staff</b> of this hub & we checked." in mail.outbox[-1].body
    client.force_login(jane)
    assert "we checked" in client.get(reverse("accounts-home")).content.decode()


def test_coordinator_invites_then_manager_invites_co_manager(client):
    hub = make_hub("Uni Hub")
    client.force_login(person("coord@dihub.example", group="coordinator"))
    client.post(reverse("accounts-coordinator"), {"hub": hub.slug, "email": "ann@uni.example"})
    invitation = Invitation.objects.get()
    assert mail.outbox[-1].to == ["ann@uni.example"]
    accept = link_in(mail.outbox[-1]).split("testserver", 1)[1]
    assert invitation.token in accept

    client.logout()
    assert client.get(accept).status_code == 302  # sign in first
    ann = person("ann@uni.example")
    client.force_login(ann)
    assert client.get(accept).status_code == 200
    client.post(accept)
    assert Membership.objects.filter(user=ann, hub=hub).exists()
    assert client.get(accept).status_code == 404  # used once

    client.post(reverse("accounts-invite", args=[hub.slug]), {"email": "bob@uni.example"})
    bob = person("bob@uni.example")
    client.force_login(bob)
    client.post(link_in(mail.outbox[-1]).split("testserver", 1)[1])
    assert set(hub.memberships.values_list("user__email", flat=True)) == {
        "ann@uni.example", "bob@uni.example"}


def test_a_coordinator_invites_only_to_an_existing_hub(client):
    client.force_login(person("coord@dihub.example", group="coordinator"))
    response = client.post(reverse("accounts-coordinator"),
                           {"hub": "no-such-hub", "email": "ann@uni.example"})
    assert response.status_code == 200 and "No hub with this name" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_invitation_expires(client):
    hub = make_hub("Uni Hub")
    invitation = Invitation.objects.create(hub=hub, email="ann@uni.example")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=INVITATION_DAYS + 1))
    client.force_login(person("ann@uni.example"))
    url = reverse("accounts-accept", args=[invitation.token])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Membership.objects.exists()
