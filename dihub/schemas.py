"""Response schemas that every API shares: one name, one shape, in the OpenAPI components."""

import re

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
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


# -- the reasons of a 422, in the reader's language ----------------------------------------

# what a pattern asks, in words (pydantic would quote the pattern)
PATTERN_WORDS = {
    TEXT["pattern"]: gettext_lazy("cannot hold a NUL character"),
    REQUIRED["pattern"]: gettext_lazy("cannot be blank or hold a NUL character"),
    EMAIL["pattern"]: gettext_lazy("expected an e-mail address"),
    optional(EMAIL)["pattern"]: gettext_lazy("expected an e-mail address"),
    WEB["pattern"]: gettext_lazy("expected a web address beginning with http:// or https://"),
    optional(WEB)["pattern"]: gettext_lazy(
        "expected a web address beginning with http:// or https://"),
    COUNTRY["pattern"]: gettext_lazy("expected a two-letter ISO 3166 country code"),
    optional(COUNTRY)["pattern"]: gettext_lazy("expected a two-letter ISO 3166 country code"),
    r"\S": gettext_lazy("cannot be blank"),
}
# pydantic's errors that need no more than their type to be said
PLAIN_REASONS = {
    "missing": gettext_lazy("Field required"),
    "string_type": gettext_lazy("Input should be a valid string"),
    "string_unicode": gettext_lazy("Input should be a valid string"),
    "int_type": gettext_lazy("Input should be a valid integer"),
    "int_parsing": gettext_lazy("Input should be a valid integer"),
    "int_parsing_size": gettext_lazy("Input should be a valid integer"),
    "int_from_float": gettext_lazy(
        "Input should be a valid integer, got a number with a fractional part"),
    "float_type": gettext_lazy("Input should be a valid number"),
    "float_parsing": gettext_lazy("Input should be a valid number"),
    "finite_number": gettext_lazy("Input should be a finite number"),
    "bool_type": gettext_lazy("Input should be a valid boolean"),
    "bool_parsing": gettext_lazy("Input should be a valid boolean"),
    "list_type": gettext_lazy("Input should be a valid list"),
    "dict_type": gettext_lazy("Input should be a valid dictionary"),
    "model_type": gettext_lazy("Input should be an object"),
    "model_attributes_type": gettext_lazy("Input should be an object"),
    "extra_forbidden": gettext_lazy("Extra inputs are not permitted"),
    "json_invalid": gettext_lazy("Invalid JSON"),
    "date_type": gettext_lazy("Input should be a valid date"),
    "date_parsing": gettext_lazy("Input should be a valid date"),
    "date_from_datetime_parsing": gettext_lazy("Input should be a valid date"),
    "datetime_type": gettext_lazy("Input should be a valid date and time"),
    "datetime_parsing": gettext_lazy("Input should be a valid date and time"),
    "datetime_from_date_parsing": gettext_lazy("Input should be a valid date and time"),
}


def _choices(expected: str) -> str:
    """pydantic's English list of choices, "'a', 'b' or 'c'", as "'a', 'b', 'c'"."""
    return re.sub(r"(?<=['\w]) or (?=['\w-])", ", ", expected)


def _reason(kind: str, ctx: dict) -> str | None:
    """A pydantic error of this type in the active language; None for a type not known."""
    if kind in PLAIN_REASONS:
        return str(PLAIN_REASONS[kind])
    n = ctx.get("min_length", ctx.get("max_length", 0))
    if kind == "string_too_short":
        return ngettext("String should have at least %(n)s character",
                        "String should have at least %(n)s characters", n) % {"n": n}
    if kind == "string_too_long":
        return ngettext("String should have at most %(n)s character",
                        "String should have at most %(n)s characters", n) % {"n": n}
    if kind == "too_short":
        return ngettext("should have at least %(n)s item",
                        "should have at least %(n)s items", n) % {"n": n}
    if kind == "too_long":
        return ngettext("should have at most %(n)s item",
                        "should have at most %(n)s items", n) % {"n": n}
    if kind in ("literal_error", "enum"):
        return _("Input should be one of %(values)s") % {
            "values": _choices(str(ctx.get("expected", "")))}
    if kind == "string_pattern_mismatch":
        return _("String should match pattern %(pattern)s") % {
            "pattern": repr(ctx.get("pattern", ""))}
    limits = {"greater_than": ("gt", _("Input should be greater than %(limit)s")),
              "greater_than_equal": ("ge", _("Input should be greater than or equal to "
                                             "%(limit)s")),
              "less_than": ("lt", _("Input should be less than %(limit)s")),
              "less_than_equal": ("le", _("Input should be less than or equal to %(limit)s"))}
    if kind in limits:
        key, words = limits[kind]
        return words % {"limit": ctx.get(key)}
    return None


def field_reason(error: dict) -> str:
    """Why a field is refused, in the language of the request, from one of pydantic's (or
    ninja's) errors: a validator's own message ("Value error, ...", which the code wrote
    in the reader's language) as it is; a pattern of this module in words; else
    pydantic's words in English and our translation of them in another language."""
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_WORDS:
        return str(PATTERN_WORDS[ctx["pattern"]])
    if kind not in ("value_error", "assertion_error", "") and not _english():
        return _reason(kind, ctx) or message or _("invalid")
    return message or _("invalid")


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


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
