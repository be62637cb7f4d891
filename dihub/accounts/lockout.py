"""Failed log-ins lock one account from one client address, briefly.

A pair (account, address) gets ``DIHUB_LOGIN_FAILURES`` failed attempts within
``DIHUB_LOGIN_WINDOW_SECONDS``; the next attempt locks the pair for
``DIHUB_LOGIN_LOCK_SECONDS``. A stranger therefore locks only their own address out: the
owner elsewhere still gets in. A success forgives the pair's failures, and a password reset
by e-mail (``clear``) lifts every lock of the account. An IPv6 /64 counts as one address.

Attempts are counted before the password is checked (``cache.incr`` is atomic), so parallel
requests cannot slip past the limit. State lives in Django's cache: with several app
servers the cache must be shared (docs/accounts.md).
"""

import hashlib
import ipaddress
import math
import time
import uuid

from django.conf import settings
from django.core.cache import cache

PREFIX = "dihub:login"


def failures_allowed() -> int:
    return settings.DIHUB_LOGIN_FAILURES


def lock_seconds() -> int:
    return settings.DIHUB_LOGIN_LOCK_SECONDS


def address(ip: str) -> str:
    """The address a lock is bound to: the IP, or its /64 network for IPv6."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _account_key(account: str) -> str:
    return hashlib.sha256(account.strip().lower().encode()).hexdigest()


def _keys(account: str, ip: str) -> tuple[str, str]:
    who = _account_key(account)
    generation = cache.get(f"{PREFIX}:gen:{who}", "0")  # a new one after each reset
    pair = f"{PREFIX}:{who}:{generation}:{hashlib.sha256(address(ip).encode()).hexdigest()}"
    return f"{pair}:count", f"{pair}:until"


def attempt(account: str, ip: str, now: float | None = None) -> int:
    """Count one log-in attempt of this pair: 0 when it may go on, else the seconds to wait."""
    now = time.time() if now is None else now
    count_key, until_key = _keys(account, ip)
    until = cache.get(until_key)
    if until is not None and until > now:
        return math.ceil(until - now)
    cache.add(count_key, 0, timeout=settings.DIHUB_LOGIN_WINDOW_SECONDS)
    try:
        count = cache.incr(count_key)
    except ValueError:  # it expired between add and incr
        cache.set(count_key, count := 1, timeout=settings.DIHUB_LOGIN_WINDOW_SECONDS)
    if count <= failures_allowed():
        return 0
    cache.set(until_key, now + lock_seconds(), timeout=lock_seconds())
    cache.delete(count_key)
    return lock_seconds()


def succeeded(account: str, ip: str) -> None:
    """The right password: this pair's failures are forgiven (not other addresses')."""
    cache.delete(_keys(account, ip)[0])


def clear(account: str) -> None:
    """The owner proved they read the account's e-mail: lift the locks of every address."""
    cache.set(f"{PREFIX}:gen:{_account_key(account)}", uuid.uuid4().hex, timeout=None)
