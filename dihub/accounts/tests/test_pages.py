"""The pages' side of three gaps: an invitation is for its address, only published hubs
can be claimed, coordinators find their dashboard in the nav."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from dihub.accounts import flows
from dihub.accounts.models import Claim, Membership
from dihub.catalogue.tests.factories import make_hub

from .helpers import person

pytestmark = pytest.mark.django_db


def test_an_invitation_is_refused_to_another_address(client):
    hub = make_hub("Uni Hub")
    invitation = flows.invite(hub, "ann@uni.example", None)
    url = reverse("accounts-accept", args=[invitation.token])
    client.force_login(person("mallory@x.org"))
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        page = response.content.decode()
        assert "This invitation is for ann@uni.example" in page
        assert reverse("account_email") in page and 'type="submit"' not in page.split(
            "<main", 1)[1]
    assert not Membership.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_unverified_address_cannot_accept_and_case_does_not_matter(client):
    hub = make_hub("Uni Hub")
    invitation = flows.invite(hub, "ann@uni.example", None)
    url = reverse("accounts-accept", args=[invitation.token])
    ann = person("Ann@UNI.example", verified=False)
    client.force_login(ann)
    assert client.post(url).status_code == 403
    EmailAddress.objects.filter(user=ann).update(verified=True)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=ann, hub=hub).exists()
    assert client.get(url).status_code == 404  # used once
    for token in ("%00", "x" * 65, "%C3%A9"):
        assert client.get(f"/accounts/invitations/{token}/").status_code == 404


def test_flows_accept_checks_the_address_too():
    hub = make_hub("Uni Hub")
    invitation = flows.invite(hub, "ann@uni.example", None)
    with pytest.raises(flows.NotAllowed, match="ann@uni.example"):
        flows.accept(invitation, person("bob@x.org"))
    ann = person("ann@uni.example")
    flows.accept(invitation, ann)
    with pytest.raises(flows.Invalid, match="already used"):
        flows.accept(invitation, ann)


@pytest.mark.parametrize("validation", ["draft", "submitted", "archived"])
def test_an_unpublished_hub_cannot_be_claimed(client, validation):
    hub = make_hub("Hidden Hub", validation=validation)
    client.force_login(person("c@x.org"))
    url = reverse("accounts-claim", args=[hub.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "mine"}).status_code == 404
    assert not Claim.objects.exists()
    with pytest.raises(flows.Invalid):
        flows.make_claim(person("d@x.org"), hub, "")


def test_a_published_hub_can_be_claimed(client):
    hub = make_hub("Open Hub")
    client.force_login(person("c@x.org"))
    assert client.get(reverse("accounts-claim", args=[hub.slug])).status_code == 200
    client.post(reverse("accounts-claim", args=[hub.slug]), {"message": "mine"})
    assert Claim.objects.get().hub == hub


def test_a_claim_decided_meanwhile_is_said_so(client):
    hub = make_hub("Open Hub")
    claim = flows.make_claim(person("c@x.org"), hub, "")
    coordinator = person("co@x.org", group="coordinator")
    client.force_login(coordinator)
    stale = Claim.objects.get(pk=claim.pk)
    flows.refuse(claim, coordinator, "no")
    with pytest.raises(flows.Invalid, match="already refused"):
        flows.approve(stale, coordinator)
    assert not Membership.objects.exists()


def test_coordinators_have_a_nav_link_to_their_dashboard(client):
    nav_link = f'href="{reverse("accounts-coordinator")}"'
    client.force_login(person("c@x.org"))
    assert nav_link not in client.get("/").content.decode()
    client.force_login(person("co@x.org", group="coordinator"))
    home = client.get("/").content.decode()
    nav = home.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert f"<li><a {nav_link}>Coordinator</a></li>" in nav
    page = client.get(reverse("accounts-coordinator")).content.decode()
    nav = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert f'<a {nav_link} aria-current="page">Coordinator</a>' in nav
    client.force_login(person("admin@x.org", superuser=True))
    assert nav_link in client.get("/").content.decode()
