from django.conf import settings


def permissions_policy(get_response):
    """Add the Permissions-Policy header (Django has none of its own)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def retry_after_on_429(get_response):
    """allauth's own 429s (e.g. 30 log-in attempts a minute from one address) carry no
    Retry-After; each of its limits that answers 429 counts per minute, so 60 s is true."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 429:
            response.headers.setdefault("Retry-After", "60")
        return response

    return middleware
