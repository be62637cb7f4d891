"""A person's data: everything dihub holds about them, and its erasure everywhere.

A person is found by their e-mail addresses: as an account (with its claims, tokens,
memberships), and as a contact person of hubs, in the live fact-sheets, in drafts and in
every kept version. Erasure deletes the account and contact rows and, in drafts and
versions, replaces the person by a placeholder; an `Erasure` row logs it without naming
them. The addresses go on the suppression list (catalogue.suppression), so that no later
import or fact-sheet brings the person back."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models.functions import Lower

from dihub.catalogue import suppression
from dihub.catalogue.models import Contact, Draft, HubVersion
from dihub.catalogue.signals import changed

from .models import Erasure, Invitation
from .personal import personal_data, providers

PLACEHOLDER = {"name": "[erased]", "role": "", "email": "", "phone": "", "publish": False}


def addresses_of(user) -> set[str]:
    found = {a.lower() for a in EmailAddress.objects.filter(user=user)
             .values_list("email", flat=True)}
    return found | ({user.email.lower()} if user.email else set())


def _live_contacts(emails):
    return Contact.objects.annotate(address=Lower("email")).filter(address__in=emails)


def _is_theirs(contact: dict, emails) -> bool:
    return (contact.get("email") or "").lower() in emails


def _documents(emails):
    """Drafts and versions whose sheets name one of these addresses, with those contacts."""
    for model in (Draft, HubVersion):
        for row in model.objects.all().iterator(chunk_size=500):
            sheets = [row.sheet] + ([row.base] if model is Draft else [])
            found = [c for s in sheets for c in (s or {}).get("contacts", [])
                     if _is_theirs(c, emails)]
            if found:
                yield row, found


def contact_data(emails) -> dict:
    """Where these addresses appear as a contact person."""
    live = _live_contacts(emails).select_related("hub")
    kept = [{"kind": row.__class__.__name__.lower(), "hub": row.hub.name,
             "date": (getattr(row, "created_at", None) or row.updated_at).isoformat(),
             "contacts": found} for row, found in _documents(emails)]
    return {
        "contact_of_hubs": [
            {"hub": c.hub.name, "name": c.name, "role": c.role, "email": c.email,
             "phone": c.phone, "published": c.publish} for c in live],
        "in_drafts_and_history": kept,
    }


def export(user) -> dict:
    """Everything dihub holds about this person, as JSON-ready data: accounts' part, the
    contacts, and each registered app's part under its name."""
    return {**personal_data(user), **contact_data(addresses_of(user)),
            **{p.name: p.export(user) for p in providers()}}


def _scrub(emails) -> dict:
    counts, hubs = {"contacts": 0, "drafts": 0, "versions": 0, "invitations": 0}, set()
    live = _live_contacts(emails)
    hubs.update(live.values_list("hub_id", flat=True))
    counts["contacts"] = live.delete()[0]
    for row, _ in list(_documents(emails)):
        for sheet in [row.sheet] + ([row.base] if isinstance(row, Draft) else []):
            sheet["contacts"] = [dict(PLACEHOLDER) if _is_theirs(c, emails) else c
                                 for c in sheet.get("contacts", [])]
        row.save(update_fields=["sheet", "base"] if isinstance(row, Draft) else ["sheet"])
        counts["drafts" if isinstance(row, Draft) else "versions"] += 1
    counts["invitations"] = (Invitation.objects.annotate(address=Lower("email"))
                             .filter(address__in=emails).delete()[0])
    counts["suppressed"] = suppression.suppress(emails)  # no import brings them back
    changed(hubs)
    return counts


def erase_account(user) -> Erasure:
    """The person's own request: their account and every trace of their addresses."""
    emails = addresses_of(user)
    with transaction.atomic():
        counts = _scrub(emails)
        counts["accounts"] = 1
        counts["claims"] = user.claims.count()
        for provider in providers():
            counts.update(provider.erase(user))
        user.delete()
        return Erasure.objects.create(subject=Erasure.Subject.ACCOUNT, counts=counts)


def erase_contact(email: str, by) -> Erasure:
    """A contact person without an account asked to be removed: an administrator does it."""
    with transaction.atomic():
        counts = _scrub({email.strip().lower()})
        return Erasure.objects.create(subject=Erasure.Subject.CONTACT, erased_by=by,
                                      counts=counts)
