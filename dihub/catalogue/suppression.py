"""Erased people stay erased: the addresses of erased contact persons, kept as keyed hashes.

An erasure (dihub.accounts.erasure) adds the address here; every importer and the sheet
writer leave out a contact person whose address is on the list. Only HMAC-SHA256 digests
are stored, keyed with a key derived from SECRET_KEY: the list names nobody, and cannot be
checked against a list of guessed addresses without the key.

Key rotation: digests made with a key in SECRET_KEY_FALLBACKS still match, and are made
again with the current key when the address is met (an import, an edit). Dropping a key
from the fallbacks forgets the erasures only it hashed: those people could come back.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

from .models import SuppressedAddress

SALT = "dihub.catalogue.suppression"


def normal(address) -> str:
    return str(address or "").strip().lower()


def digest(address: str, secret=None) -> str:
    return salted_hmac(SALT, normal(address), secret=secret, algorithm="sha256").hexdigest()


def suppress(addresses) -> int:
    """Put these addresses on the list; the number of new entries."""
    digests = {digest(a) for a in addresses if normal(a)}
    have = set(SuppressedAddress.objects.filter(digest__in=digests)
               .values_list("digest", flat=True))
    SuppressedAddress.objects.bulk_create(
        [SuppressedAddress(digest=d) for d in sorted(digests - have)], ignore_conflicts=True)
    return len(digests - have)


def suppressed(addresses) -> set[str]:
    """Those of these addresses (normalized) that are on the list."""
    wanted = {normal(a) for a in addresses if normal(a)}
    if not wanted:
        return set()
    keys = [None, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    by_digest = {digest(a, key): (a, key is None) for a in wanted for key in keys}
    found = SuppressedAddress.objects.filter(digest__in=by_digest).values_list("digest",
                                                                                flat=True)
    hits = {by_digest[d] for d in found}
    current = {a for a, is_current in hits if is_current}
    stale = {a for a, _ in hits} - current
    if stale:  # hashed with an old key: hash again with the current one
        suppress(stale)
    return {a for a, _ in hits}


def without_suppressed(contacts: list[dict]) -> tuple[list[dict], int]:
    """(the contacts whose address is not on the list, how many were left out)."""
    gone = suppressed(c.get("email") for c in contacts)
    kept = [c for c in contacts if normal(c.get("email")) not in gone]
    return kept, len(contacts) - len(kept)


class Checker:
    """The list loaded once, for the many contacts of an import."""

    def __init__(self):
        self.digests = set(SuppressedAddress.objects.values_list("digest", flat=True))
        self.old_keys = list(getattr(settings, "SECRET_KEY_FALLBACKS", []))

    def __contains__(self, address) -> bool:
        address = normal(address)
        if not address or not self.digests:
            return False
        if digest(address) in self.digests:
            return True
        if any(digest(address, key) in self.digests for key in self.old_keys):
            suppress([address])
            self.digests.add(digest(address))
            return True
        return False

    def keep(self, contacts: list[dict]) -> tuple[list[dict], int]:
        kept = [c for c in contacts if c.get("email") not in self]
        return kept, len(contacts) - len(kept)
