"""The people who act for a company: they see and answer all its assessments."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from . import privacy
from .assessments import Conflict, Invalid, NotAllowed, NotFound


def _require(user, company):
    if not privacy.can_manage_members(user, company):
        raise NotAllowed(_("Only the company's members, and whoever made its record, can "
                         "change who acts for it."))


def add_member(user, company, email: str):
    """Add the person who verified this address; they must have signed up first."""
    _require(user, company)
    email = (email or "").strip()
    if "\x00" in email or len(email) > 254 or "@" not in email:
        raise Invalid(_("Give the e-mail address of a person who has signed up."))
    address = (EmailAddress.objects.filter(email__iexact=email, verified=True)
               .select_related("user").first())
    if address is None or not address.user.is_active:
        raise Conflict(_("No one has signed up and verified this address yet: ask them to sign "
                      "up first, then add them."))
    company.members.add(address.user)
    return address.user


def remove_member(user, company, member_id: int):
    """Take a person off the company; the last member cannot leave it without anyone."""
    _require(user, company)
    member = company.members.filter(pk=member_id).first()
    if member is None:
        raise NotFound(_("This person does not act for the company."))
    if company.members.count() == 1:
        raise Conflict(_("The company would have no one left to act for it: add someone first."))
    company.members.remove(member)
