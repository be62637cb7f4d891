"""A hub's fact-sheet as one document: what managers edit, drafts hold, versions keep.

The document has the shape of the read API's hub (`serialize.hub_dict`) without its
read-only keys, so that what `GET /api/hubs/{id}` returns can be changed and sent back.
`check()` validates and sanitizes one; `apply()` writes one to the database; `diff()`
compares two; `completeness()` says what is missing. Both check() and apply() leave out
contact persons erased on request (catalogue.suppression). The sizes of MAX_LENGTH are the
ones importers, the edit page and the API schema use.
"""

import json
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dihub.regions.models import Region
from dihub.schemas import COUNTRY, EMAIL, WEB, field_reason, follows, optional
from dihub.taxonomy.labels import labels_by_name
from dihub.taxonomy.models import Kind, Term

from . import placement, suppression
from .importers.clean import sanitize
from .languages import i18n_of, is_language
from .models import (
    Contact,
    FundingSource,
    Hub,
    HubTerm,
    HubType,
    Organisation,
    Placement,
    ServiceExample,
    ServiceLanguage,
    Status,
)
from .serialize import hub_dict, hubs_queryset, languages_dict

READ_ONLY = ("id", "slug", "validation", "sources", "updated_at")
RICH = ("description", "local_description", "initiative")
TERM_LISTS = {"technologies": Kind.TECHNOLOGY, "sectors": Kind.SECTOR, "services": Kind.SERVICE}
CHILD_LISTS = ("contacts", "organisations", "examples", "funding")

# The longest text of each field, in characters: the one definition that the importers
# (importers.conform), the edit page (editing.forms) and the API schema (below) use.
# Fields stored in a CharField have the column's size (a test checks they agree).
MAX_LENGTH = {
    "name": 300, "local_name": 300, "title": 500,
    "description": 50_000, "local_description": 50_000, "initiative": 50_000,
    "address.street": 300, "address.postcode": 20, "address.city": 120, "address.country": 2,
    "address.text": 500, "region": 10, "website": 500,
    "social.network": 40, "social.url": 500,
    "terms.name": 200,
    "contacts.name": 200, "contacts.role": 200, "contacts.email": 254, "contacts.phone": 50,
    "organisations.name": 300, "organisations.country": 2, "organisations.website": 500,
    "examples.title": 300, "examples.client_profile": 5000, "examples.need": 5000,
    "examples.solution": 5000, "examples.result": 5000,
    "funding.programme": 300, "funding.description": 5000,
}
MAX_ITEMS = {"technologies": 300, "sectors": 300, "services": 300, "contacts": 50,
             "organisations": 300, "examples": 50, "funding": 50, "social": 20,
             "languages": 40}
# the languages a hub may write its texts in besides the original (Hub.i18n)
TRANSLATION_LANGUAGES = tuple(code for code, _ in settings.LANGUAGES
                              if code != settings.LANGUAGE_CODE)
# The whole sheet as compact UTF-8 JSON, in bytes: below the API's body limit, so that any
# sheet that passes can be sent back (editing.api.MAX_BODY; a test checks it).
MAX_BYTES = 900_000


def _sized(path, min_length=0, rule=None):
    """Text of the field's size; `rule` (dihub.schemas) documents its pattern, which its
    validator checks."""
    extra = {"pattern": optional(rule)["pattern"]} if rule else None
    return Annotated[str, Field(min_length=min_length, max_length=MAX_LENGTH[path],
                                json_schema_extra=extra)]


def _many(key, item):
    return Annotated[list[item], Field(max_length=MAX_ITEMS[key])]


def _url(value: str) -> str:
    value = value.strip()
    if value:
        if not follows(WEB, value):
            raise ValueError(_("expected a web address beginning with http:// or https://"))
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError(_("expected a web address beginning with http:// or "
                               "https://")) from None
    return value


def _country(value: str) -> str:
    value = value.strip().upper()
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise ValueError(_("expected a two-letter ISO 3166 country code"))
    return value


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TermIn(Part):
    vocabulary: Literal["edih", "jrc"] = "edih"
    name: _sized("terms.name", 1)
    level: Annotated[int, Field(ge=1, le=5)] | None = None


class ContactIn(Part):
    name: _sized("contacts.name") = ""
    role: _sized("contacts.role") = ""
    email: _sized("contacts.email", rule=EMAIL) = ""
    phone: _sized("contacts.phone") = ""
    publish: bool = Field(False, description="the person agreed to be shown in public")

    @field_validator("email")
    @classmethod
    def _email(cls, value):
        if value:
            if not follows(EMAIL, value):
                raise ValueError(_("expected an e-mail address"))
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError(_("expected an e-mail address")) from None
        return value.lower()


class OrganisationIn(Part):
    name: _sized("organisations.name", 1)
    role: Literal["coordinator", "partner"] = "partner"
    country: _sized("organisations.country", rule=COUNTRY) = ""
    website: _sized("organisations.website", rule=WEB) = ""

    _country = field_validator("country")(_country)
    _website = field_validator("website")(_url)


class ExampleTranslationIn(Part):
    """A service example in one more language; empty: the original."""

    title: _sized("examples.title") = ""
    client_profile: _sized("examples.client_profile") = ""
    need: _sized("examples.need") = ""
    solution: _sized("examples.solution") = ""
    result: _sized("examples.result") = ""


class ExampleIn(ExampleTranslationIn):
    title: _sized("examples.title", 1)
    translations: dict[Literal[TRANSLATION_LANGUAGES], ExampleTranslationIn] = Field(
        {}, description="the example in other languages")


class FundingIn(Part):
    programme: _sized("funding.programme", 1)
    description: _sized("funding.description") = ""


class AddressIn(Part):
    street: _sized("address.street") = ""
    postcode: _sized("address.postcode") = ""
    city: _sized("address.city") = ""
    country: _sized("address.country", rule=COUNTRY) = ""
    text: _sized("address.text") = ""

    _country = field_validator("country")(_country)


class RegionIn(Part):
    code: _sized("region")
    name: str = ""


class TranslationIn(Part):
    """The hub's own name, title and description in one language; empty: the original."""

    name: _sized("name") = ""
    title: _sized("title") = ""
    description: _sized("description") = Field(
        "", description="HTML: a few tags are kept, the rest removed")


def _language(value: str) -> str:
    value = value.strip().lower()
    if not is_language(value):
        raise ValueError(_("expected a two-letter ISO 639-1 language code"))
    return value


class SheetIn(Part):
    """Every field a manager can edit. Lists replace what the hub had."""

    name: _sized("name", 1)
    local_name: _sized("local_name") = ""
    title: _sized("title") = ""
    description: _sized("description") = Field(
        "", description="HTML: a few tags are kept, the rest removed")
    local_description: _sized("local_description") = ""
    type: Literal[tuple(HubType.values)] = HubType.DIH.value
    status: Literal[tuple(Status.values)] = Status.UNKNOWN.value
    address: AddressIn = AddressIn()
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    region: RegionIn | _sized("region") | None = Field(
        None, description="NUTS code; empty to place the hub from its address")
    website: _sized("website", rule=WEB) = ""
    social: Annotated[dict[_sized("social.network"), _sized("social.url", rule=WEB)],
                      Field(max_length=MAX_ITEMS["social"])] = {}
    initiative: _sized("initiative") = ""
    technologies: _many("technologies", TermIn) = []
    sectors: _many("sectors", TermIn) = []
    services: _many("services", TermIn) = []
    contacts: _many("contacts", ContactIn) = []
    organisations: _many("organisations", OrganisationIn) = []
    examples: _many("examples", ExampleIn) = []
    funding: _many("funding", FundingIn) = []
    languages: Annotated[list[Annotated[str, Field(pattern="^[A-Za-z]{2}$")]],
                         Field(max_length=MAX_ITEMS["languages"],
                               description="ISO 639-1 codes of the languages the hub "
                                           "serves its customers in")] = []
    translations: dict[Literal[TRANSLATION_LANGUAGES], TranslationIn] = Field(
        {}, description="the hub's name, title and description in other languages")

    _website = field_validator("website")(_url)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value):
        return sorted({_language(v) for v in value})

    @field_validator("social")
    @classmethod
    def _social(cls, value):
        return {k.strip(): _url(v) for k, v in sorted(value.items()) if k.strip() and v.strip()}


class SheetError(ValueError):
    """The document cannot be used; `errors` lists [{"field": "contacts.2.email", ...}]."""

    def __init__(self, errors):
        self.errors = errors
        first = errors[0]
        values = {"field": first["field"] or _("sheet"), "reason": first["reason"],
                  "count": len(errors) - 1}
        super().__init__(_("%(field)s: %(reason)s (and %(count)d more)") % values
                         if len(errors) > 1 else _("%(field)s: %(reason)s") % values)


def _path(loc) -> str:
    return ".".join(str(p) for p in loc if p not in ("RegionIn", "str"))


def _nul_paths(value, path=""):
    """Where text holds a NUL character, which no database stores."""
    if isinstance(value, str) and "\x00" in value:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield from _nul_paths(key, where)
            yield from _nul_paths(item, where)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _nul_paths(item, f"{path}.{n}")


def check(doc) -> dict:
    """The document validated, sanitized and normalized; SheetError names each bad field."""
    if not isinstance(doc, dict):
        raise SheetError([{"field": "", "reason": _("expected a JSON object")}])
    doc = {k: v for k, v in doc.items() if k not in READ_ONLY}
    if nul := list(_nul_paths(doc)):
        raise SheetError([{"field": path, "reason": _("text cannot hold a NUL character")}
                          for path in nul])
    try:
        sheet = SheetIn.model_validate(doc).model_dump()
    except ValidationError as e:
        raise SheetError([{"field": _path(err["loc"]),
                           "reason": field_reason(err)}
                          for err in e.errors()]) from None
    errors = []
    for key in RICH:
        sheet[key] = sanitize(sheet[key]).strip()
    sheet["translations"] = _translations(sheet["translations"])
    for example in sheet["examples"]:
        example["translations"] = _translations(example["translations"])
    region = sheet["region"]
    code = (region["code"] if isinstance(region, dict) else region or "").strip().upper()
    sheet["region"] = None
    if code:
        found = Region.objects.filter(code=code).first()
        if found is None:
            errors.append({"field": "region",
                           "reason": _("no NUTS region %(code)s") % {"code": repr(code)}})
        else:
            sheet["region"] = {"code": found.code, "name": found.name}
    if (sheet["lat"] is None) != (sheet["lon"] is None):
        errors.append({"field": "lat", "reason": _("give both lat and lon, or neither")})
    for key, kind in TERM_LISTS.items():
        sheet[key] = _check_terms(key, kind, sheet[key], errors)
    size = size_of(sheet)
    if size > MAX_BYTES:
        errors.append({"field": "", "reason": _(
            "the fact-sheet is too large: %(size)d bytes of JSON, at most %(limit)d")
            % {"size": size, "limit": MAX_BYTES}})
    if errors:
        raise SheetError(errors)
    sheet["contacts"], _dropped = suppression.without_suppressed(sheet["contacts"])
    return sheet


def _translations(given: dict) -> dict:
    """{language: {field: text}}, descriptions sanitized, empty texts and languages left out
    (the shape serialize.languages_dict gives)."""
    out = {}
    for lang, fields in sorted(given.items()):
        if "description" in fields:
            fields = dict(fields, description=sanitize(fields["description"]))
        kept = {k: v.strip() for k, v in fields.items() if v.strip()}
        if kept:
            out[lang] = kept
    return out


def size_of(sheet: dict) -> int:
    """The sheet's size as compact UTF-8 JSON, in bytes."""
    return len(json.dumps(sheet, ensure_ascii=False, separators=(",", ":"),
                          default=str).encode("utf-8", "surrogatepass"))


def _check_terms(key, kind, items, errors) -> list[dict]:
    known = {(t.vocabulary, t.name.lower()): t for t in Term.objects.filter(kind=kind)}
    out, seen = [], set()
    for n, item in enumerate(items):
        term = known.get((item["vocabulary"], item["name"].lower()))
        if term is None:
            errors.append({"field": f"{key}.{n}.name", "reason": _unknown_term(kind, item)})
        elif term.pk not in seen:
            seen.add(term.pk)
            out.append({"name": term.name, "vocabulary": term.vocabulary,
                        "level": item["level"]})
    return sorted(out, key=lambda t: (t["level"] is None, -(t["level"] or 0),
                                      t["vocabulary"], t["name"].lower()))


def _unknown_term(kind, item) -> str:
    values = {"name": repr(item["name"]), "vocabulary": item["vocabulary"]}
    if kind == Kind.TECHNOLOGY:
        return _("no technology %(name)s in the %(vocabulary)s vocabulary") % values
    if kind == Kind.SECTOR:
        return _("no sector %(name)s in the %(vocabulary)s vocabulary") % values
    return _("no service %(name)s in the %(vocabulary)s vocabulary") % values


def of_hub(hub) -> dict:
    """The hub's current fact-sheet as a document (every contact, published or not)."""
    if not hasattr(hub, "_prefetched_objects_cache"):
        hub = hubs_queryset(public=False).get(pk=hub.pk)
    data = {**hub_dict(hub, public=False), **languages_dict(hub)}
    return {k: v for k, v in data.items() if k not in READ_ONLY}


def apply(hub, sheet: dict) -> Hub:
    """Write a checked document to the hub and its lists; places it again when its address
    changed (coordinates or region typed in by hand are kept as given)."""
    address = sheet["address"]
    old_address = (hub.country, hub.postcode, hub.city, hub.address_text)
    hub.name, hub.local_name, hub.title = sheet["name"], sheet["local_name"], sheet["title"]
    hub.description, hub.local_description = sheet["description"], sheet["local_description"]
    hub.hub_type, hub.status = sheet["type"], sheet["status"]
    hub.street, hub.postcode, hub.city = address["street"], address["postcode"], address["city"]
    hub.country, hub.address_text = address["country"], address["text"]
    hub.website, hub.social, hub.initiative = sheet["website"], sheet["social"], sheet["initiative"]
    hub.i18n = i18n_of(sheet.get("translations", {}))
    _place(hub, sheet, moved=old_address != (hub.country, hub.postcode, hub.city,
                                             hub.address_text))
    with transaction.atomic():
        hub.save()
        _write_terms(hub, sheet)
        contacts, _dropped = suppression.without_suppressed(sheet["contacts"])
        _replace(hub, Contact, [dict(c, position=i) for i, c in enumerate(contacts)])
        _replace(hub, Organisation, sheet["organisations"])
        _replace(hub, ServiceExample, [_example(e) for e in sheet["examples"]])
        _replace(hub, FundingSource, sheet["funding"])
        _replace(hub, ServiceLanguage, [{"code": c} for c in sheet.get("languages", [])])
    return hub


def _place(hub, sheet, moved):
    if sheet["lat"] is not None and (sheet["lat"], sheet["lon"]) != (hub.lat, hub.lon):
        hub.lat, hub.lon, hub.coords_from = sheet["lat"], sheet["lon"], Placement.MANUAL
    elif sheet["lat"] is None:
        hub.lat = hub.lon = None
        hub.coords_from = Placement.NONE
    code = sheet["region"]["code"] if sheet["region"] else ""
    if code and code != hub.region_id:
        hub.region_id, hub.region_from = code, Placement.MANUAL
    elif not code:
        hub.region_id, hub.region_from = None, Placement.NONE
    if not moved and hub.lat is not None and hub.region_id:
        return
    placement.from_address(hub)


def _write_terms(hub, sheet):
    wanted = {}
    for key, kind in TERM_LISTS.items():
        names = {(t["vocabulary"], t["name"]): t["level"] for t in sheet[key]}
        for term in Term.objects.filter(kind=kind, name__in=[n for _v, n in names]):
            if (term.vocabulary, term.name) in names:
                wanted[term.pk] = names[(term.vocabulary, term.name)]
    have = {ht.term_id: ht for ht in HubTerm.objects.filter(hub=hub)}
    HubTerm.objects.filter(hub=hub).exclude(term_id__in=wanted).delete()
    for term_id, level in wanted.items():
        if term_id not in have:
            HubTerm.objects.create(hub=hub, term_id=term_id, level=level)
        elif have[term_id].level != level:
            HubTerm.objects.filter(pk=have[term_id].pk).update(level=level)


def _example(item: dict) -> dict:
    """A sheet's service example as ServiceExample's fields (its translations in i18n)."""
    return {**{k: v for k, v in item.items() if k != "translations"},
            "i18n": i18n_of(item.get("translations") or {})}


def _replace(hub, model, items):
    model.objects.filter(hub=hub).delete()
    model.objects.bulk_create([model(hub=hub, **item) for item in items])


# -- comparing ---------------------------------------------------------------

LABELS = {  # in the reader's language when shown (str() during a request)
    "name": gettext_lazy("Name"),
    "local_name": gettext_lazy("Name in the local language"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "local_description": gettext_lazy("Description in the local language"),
    "type": gettext_lazy("Type"),
    "status": gettext_lazy("Status"),
    "address": gettext_lazy("Address"),
    "lat": gettext_lazy("Latitude"),
    "lon": gettext_lazy("Longitude"),
    "region": gettext_lazy("Region"),
    "website": gettext_lazy("Website"),
    "social": gettext_lazy("Social media"),
    "initiative": gettext_lazy("Digitisation initiative"),
    "technologies": gettext_lazy("Technologies"),
    "sectors": gettext_lazy("Sectors"),
    "services": gettext_lazy("Services"),
    "contacts": gettext_lazy("Contact persons"),
    "organisations": gettext_lazy("Organisations"),
    "examples": gettext_lazy("Service examples"),
    "funding": gettext_lazy("Funding"),
    "languages": gettext_lazy("Languages of service"),
    "translations": gettext_lazy("Translations"),
}
ADDRESS_LABELS = {"street": gettext_lazy("street"), "postcode": gettext_lazy("postcode"),
                  "city": gettext_lazy("town"), "country": gettext_lazy("country"),
                  "text": gettext_lazy("as one line")}


def item_label(key, item, shown=None) -> str:
    """One line naming a list item, for diffs; `shown`: labels_by_name of the terms."""
    if key in TERM_LISTS:
        item = dict(item, name=(shown or {}).get((TERM_LISTS[key], item["name"]),
                                                 item["name"]))
        if item.get("level"):
            return _("%(name)s [%(vocabulary)s] (level %(level)s)") % item
        return f"{item['name']} [{item['vocabulary']}]"
    if key == "contacts":
        shown = _("public") if item.get("publish") else _("not public")
        return " · ".join(p for p in (item.get("name"), item.get("role"), item.get("email"),
                                      item.get("phone"), shown) if p)
    if key == "organisations":
        return " · ".join(p for p in (item["name"], item["role"], item.get("country"),
                                      item.get("website")) if p)
    if key == "examples":
        languages = ", ".join(item.get("translations") or {})
        return f"{item['title']} ({languages})" if languages else item["title"]
    if key == "funding":
        return item["programme"]
    return str(item)


def _flat(value) -> str:
    if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
        return " · ".join(f"{k}: {_flat(v)}" for k, v in value.items())  # translations
    if isinstance(value, dict):
        if set(value) == {"code", "name"}:
            return f"{value['code']} {value['name']}"
        names = ADDRESS_LABELS if set(value) <= set(ADDRESS_LABELS) else {}
        return "; ".join(f"{names.get(k, k)}: {v}" for k, v in value.items()
                         if v not in ("", None))
    return "" if value is None else str(value)


def diff(old: dict | None, new: dict) -> list[dict]:
    """What changed from `old` to `new`, field by field, in the sheet's order.

    Scalars: {"field", "label", "old", "new"}. Lists: {"field", "label", "added",
    "removed"} with one line per item (an edited item is one removed and one added)."""
    old = old or {}
    changes = []
    for key, label in LABELS.items():
        before, after = old.get(key), new.get(key)
        if before == after or (not before and not after):
            continue
        if isinstance(after, list) or isinstance(before, list):
            before, after = before or [], after or []
            shown = labels_by_name({(TERM_LISTS[key], i["name"]) for i in before + after}
                                   ) if key in TERM_LISTS else {}
            removed = [item_label(key, i, shown) for i in before if i not in after]
            added = [item_label(key, i, shown) for i in after if i not in before]
            if added or removed:
                changes.append({"field": key, "label": str(label), "added": added,
                                "removed": removed})
        else:
            changes.append({"field": key, "label": str(label), "old": _flat(before),
                            "new": _flat(after)})
    return changes


# -- completeness ------------------------------------------------------------

CHECKS = (  # (weight, what is missing, test)
    (10, gettext_lazy("a description"), lambda s: len(s["description"]) >= 200),
    (8, gettext_lazy("a website"), lambda s: bool(s["website"])),
    (6, gettext_lazy("a town and a country"),
     lambda s: bool(s["address"]["city"] and s["address"]["country"])),
    (6, gettext_lazy("a place on the map"), lambda s: s["lat"] is not None),
    (6, gettext_lazy("a region"), lambda s: bool(s["region"])),
    (10, gettext_lazy("at least three technologies"), lambda s: len(s["technologies"]) >= 3),
    (8, gettext_lazy("at least one sector"), lambda s: bool(s["sectors"])),
    (10, gettext_lazy("at least two services"), lambda s: len(s["services"]) >= 2),
    (6, gettext_lazy("an engagement level for every term"),
     lambda s: all(t["level"] for k in TERM_LISTS for t in s[k])
     and any(s[k] for k in TERM_LISTS)),
    (10, gettext_lazy("a public contact person"),
     lambda s: any(c["publish"] for c in s["contacts"])),
    (8, gettext_lazy("the organisations behind the hub"), lambda s: bool(s["organisations"])),
    (8, gettext_lazy("a service example"), lambda s: bool(s["examples"])),
    (4, gettext_lazy("its funding"), lambda s: bool(s["funding"])),
)


def completeness(sheet: dict) -> tuple[int, list[str]]:
    """A score out of 100 and, most important first, what is missing."""
    total = sum(w for w, _what, _test in CHECKS)
    missing = [(w, what) for w, what, test in CHECKS if not test(sheet)]
    score = round(100 * (total - sum(w for w, _what in missing)) / total)
    return score, [str(what) for _w, what in sorted(missing, key=lambda m: -m[0])]
