"""API token secrets: made, hashed and recognised. Plain functions, no Django.

A secret looks like ``dih_<43 url-safe characters>`` (256 random bits). Only its SHA-256
hash is stored, with a short public prefix (``dih_`` and the first 8 characters) that
lets a person tell their tokens apart without revealing them."""

import hashlib
import secrets

SCHEME = "dih_"
PREFIX_LENGTH = len(SCHEME) + 8
MAX_SECRET_LENGTH = 200  # anything longer is not one of ours: not even hashed


def new_secret() -> str:
    return SCHEME + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """The hex SHA-256 of the secret: what the database stores and looks up."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def prefix_of(secret: str) -> str:
    return secret[:PREFIX_LENGTH]


def looks_like_secret(value: str) -> bool:
    """Could this be a dihub token at all? Saves a query on garbage."""
    return (value.startswith(SCHEME) and PREFIX_LENGTH < len(value) <= MAX_SECRET_LENGTH
            and value.isascii() and value.isprintable() and " " not in value)
