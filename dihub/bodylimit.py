"""Refuse a request body by its Content-Length, before a byte of it is read (413).

Every route takes at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes; a view that takes more
(an upload) or less says so with ``@body_limit(n)``. The middleware runs before the CSRF
check, which would otherwise read a form body first. A route that reads its body itself
(the JSON API's) can ask ``refusal(request, n)`` before reading. A malformed
Content-Length answers 400, and so does a multipart body without a usable boundary (Django's
form parser would raise). Pages get the message as text, /api/ as {"detail": ...}.
"""

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.formats import number_format
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dihub.params import ascii_int

MB = 1024 * 1024


BOUNDARY = re.compile(r"[ -~]{0,69}[!-~]")  # RFC 2046: 1-70 characters, not ending in space
FORM_FRAMING = 64 * 1024  # an upload's form: the other fields and the multipart boundaries


def body_limit(max_bytes: int, framing: int = 0):
    """Let this view take request bodies of up to max_bytes (plus framing, unannounced)."""

    def mark(view):
        view.max_body_bytes = (max_bytes, framing)
        return view

    return mark


def _size(n: int) -> str:
    """The size in the reader's words: "2.5 MB", "1,024 bytes" (numbers as the language
    writes them)."""
    if n >= MB:
        value = round(n / MB, 1)
        shown = number_format(value, 0 if value == int(value) else 1, force_grouping=True)
        return _("%(size)s MB") % {"size": shown}
    return ngettext("%(size)s byte", "%(size)s bytes", n) % {
        "size": number_format(n, force_grouping=True)}


def refusal(request, max_bytes: int | None, framing: int = 0) -> tuple[int, str] | None:
    """(status, message) when the declared Content-Length is malformed or over max_bytes
    (and framing), or a multipart body has no usable boundary."""
    kind, options = parse_header_parameters(request.META.get("CONTENT_TYPE") or "")
    if kind == "multipart/form-data" and not BOUNDARY.fullmatch(options.get("boundary", "")):
        return 400, _("A multipart/form-data body needs a boundary of 1-70 characters.")
    declared = str(request.META.get("CONTENT_LENGTH") or "").strip()
    if not declared:
        return None
    size = ascii_int(declared, 0, 10**18)
    if size is None:
        return 400, _("Content-Length must be the body's size: a whole number of bytes.")
    if max_bytes is not None and size > max_bytes + framing:
        return 413, _("The request is too large: %(size)s, and this address takes at most "
                      "%(limit)s.") % {"size": _size(size), "limit": _size(max_bytes)}
    return None


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_body_bytes", (settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 0))
        refused = refusal(request, *limit)
        if refused is None:
            return None
        status, message = refused
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
