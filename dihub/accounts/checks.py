"""A deploy check that fails (an Error, where Django only warns) on a SECRET_KEY that must
not sign a real site's sessions, password resets and e-mail links."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

HINT = ("Set the SECRET_KEY environment variable to a long random value, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'.")


def weakness(key: str) -> str | None:
    """Why Django judges this key weak (its own W009 rule), or None."""
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return f"fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"starts with {SECRET_KEY_INSECURE_PREFIX!r} (made by startproject)"
    return None


@register(Tags.security, deploy=True)
def secret_key_check(app_configs, **kwargs):
    key = str(getattr(settings, "SECRET_KEY", ""))
    if key == getattr(settings, "DIHUB_BUILTIN_SECRET_KEY", None):
        return [Error("SECRET_KEY is dihub's built-in laptop key, which is public.",
                      hint=HINT, id="dihub.E001")]
    why = weakness(key)
    if why:
        return [Error(f"SECRET_KEY is weak: {why}.", hint=HINT, id="dihub.E002")]
    return []
