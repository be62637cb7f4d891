"""Response schemas that every API shares: one name, one shape, in the OpenAPI components."""

import re

from ninja import Field, Schema

# The text every write takes, for the schemas (the code checks it and answers 4xx): no NUL
# (PostgreSQL refuses it); REQUIRED text also holds a character that is not a space (for
# Python's str.strip as for JSON Schema's \s); EMAIL is the ASCII form of what Django's
# validate_email takes. A lone surrogate (not UTF-8) is refused too; JSON Schema patterns
# cannot name one.
TEXT = {"pattern": r"^[^\x00]*$"}
REQUIRED = {"pattern": r"^[^\x00]*[^\x00\s\x1c-\x1f\x85][^\x00]*$"}
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = {"pattern": rf"^{_ATOM}(\.{_ATOM})*@([A-Za-z0-9]([A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,63}$", "maxLength": 254}
# WEB: the ASCII form of what Django's URLValidator takes (http or https, host names short
# enough that the whole host stays under its 253 characters); COUNTRY: two letters.
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,40}[A-Za-z0-9])?"
WEB = {"pattern": rf"^https?://({_LABEL}\.){{1,4}}([A-Za-z]{{2,20}}|xn--[A-Za-z0-9]{{1,20}})"
                  r"(:[0-9]{1,5})?([/?#][^\s\x1c-\x1f]*)?$"}
COUNTRY = {"pattern": r"^[A-Za-z]{2}$"}


def optional(rule: dict) -> dict:
    """The rule, or the empty string."""
    return {**rule, "pattern": f"^({rule['pattern'][1:-1]})?$"}


def follows(rule: dict, value: str) -> bool:
    """Whether the value matches the rule's pattern (Python reads it as JSON Schema does:
    each is ASCII, anchored at both ends)."""
    return re.fullmatch(rule["pattern"][1:-1], value) is not None


def plain_text(schema):
    """The JSON schema with TEXT's pattern on every free string (one without a pattern,
    an enum or a format)."""
    if isinstance(schema, list):
        return [plain_text(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: plain_text(v) for k, v in schema.items()}
    if out.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(out):
        out.update(TEXT)
    return out


class Message(Schema):
    detail: str


class BadRequest(Schema):
    """A query parameter that cannot be used (params.BadParameter.as_dict())."""

    detail: str
    param: str = Field(description="the parameter at fault")
    suggestions: list[str] = Field(description="values that would work, when some are close")


class FieldError(Schema):
    field: str = Field(description="where, e.g. contacts.2.email; empty for the whole body")
    reason: str


class FieldErrors(Schema):
    """A body or path that cannot be used (422), each bad field named."""

    detail: str = Field(description="the first error, in words")
    errors: list[FieldError]


def errors(*codes) -> dict:
    """The error answers of an operation, for its `response=`."""
    return {code: FieldErrors if code == 422 else Message for code in codes}


class RegionRef(Schema):
    code: str = Field(description="NUTS code")
    name: str


class HubRef(Schema):
    id: int
    slug: str
    name: str
    validation: str = Field(description="draft, submitted, published or archived")
    url: str
