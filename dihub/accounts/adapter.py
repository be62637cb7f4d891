"""allauth's adapter with dihub's log-in lock-out (dihub/accounts/lockout.py) in place of
allauth's own login_failed limit, which answers 200 and locks an account from everywhere."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.shortcuts import render

from . import lockout


def _account(credentials) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


def locked_response(request, wait: int):
    """429 with Retry-After, in the site's layout, with the way out (a reset by e-mail)."""
    response = render(request, "accounts/login_locked.html",
                      {"minutes": max(1, round(wait / 60)), "seconds": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        wait = lockout.attempt(_account(credentials), self.get_client_ip(request))
        if wait:
            raise ImmediateHttpResponse(locked_response(request, wait))

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            lockout.succeeded(_account(credentials), self.get_client_ip(request))
        return user


def lift_locks_after_reset(request, user, **kwargs):
    """allauth's password_reset signal: the person read the account's mailbox."""
    for email in {user.email, *user.emailaddress_set.values_list("email", flat=True)}:
        if email:
            lockout.clear(email)
