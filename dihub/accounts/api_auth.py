"""Who is calling the API: a personal token or a signed-in session.

Other routers use these lists as ``auth=``:

- ``auth``: a person is required. Anonymous calls answer 401.
- ``optional_auth``: anonymous is allowed (read endpoints); a token or a session, when
  sent, is still checked, and ``request.user`` is the person or AnonymousUser. Add
  ``openapi_extra=OPTIONAL_OPENAPI`` to say so in the OpenAPI description.

A token is sent as ``Authorization: Bearer dih_...``; a wrong, revoked or malformed one
answers 401 with ``{"detail": ...}`` even where anonymous is allowed (a client that sends
a token expects it to count). A session request that changes data (POST, PUT, PATCH,
DELETE) must pass Django's CSRF check, as ninja's ``django_auth`` does: 403 otherwise.
Token requests carry no cookie and need no CSRF token.

``request.auth`` is the ApiToken for token calls, the user for session calls.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from . import flows

TOKEN_REFUSED = gettext_lazy("Invalid or revoked API token.")


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <secret>``: a personal API token (see /accounts/tokens/)."""

    openapi_bearerFormat = "dihub API token (dih_...)"
    openapi_description = ("A personal API token, made on /accounts/tokens/ or with "
                           "POST /api/me/tokens, sent as 'Authorization: Bearer dih_...'.")

    def __call__(self, request):
        value = request.headers.get(self.header, "")
        scheme, _, secret = value.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None  # no token sent (or another scheme): let the session try
        return self.authenticate(request, secret.strip())

    def authenticate(self, request, token):
        found = flows.token_for_secret(token)
        if found is None:
            raise AuthenticationError(message=str(TOKEN_REFUSED))
        flows.mark_used(found)
        request.user = found.user
        request.api_token = found
        return found


class SessionAuth(APIKeyCookie):
    """Django's session cookie, as the pages use it; unsafe methods need the CSRF token
    (the ``X-CSRFToken`` header or a ``csrfmiddlewaretoken`` form field)."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "A signed-in session; POST, PUT, PATCH and DELETE need X-CSRFToken."

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not signed in: no CSRF question to ask
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False):
            if check_csrf(request):  # safe methods always pass
                raise HttpError(403, _("CSRF check failed: send the csrftoken cookie's value "
                                       "in the X-CSRFToken header, or use an API token."))
        request.api_token = None
        return user


def anonymous(request):
    """The last resort of optional_auth: nobody signed in, and that is allowed."""
    request.user = getattr(request, "user", None) or AnonymousUser()
    request.api_token = None
    return request.user  # AnonymousUser is truthy: ninja lets the call through


auth = [TokenAuth(), SessionAuth()]
optional_auth = [*auth, anonymous]
# OpenAPI's way to say "or no authentication": an empty requirement next to the schemes
OPTIONAL_OPENAPI = {"security": [{}]}
