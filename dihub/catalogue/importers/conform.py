"""A record held to the fact-sheet's own rules before it is written, so that whatever an
import stores can be saved back unchanged through the edit page and the API.

The rules are the sheet's (catalogue.sheet.SheetIn: sizes, e-mail addresses, links,
country codes, levels, coordinates), not a copy of them. A value that breaks one is a
Problem naming the file's column: a bad name rejects the row; a bad optional field is
left out, a bad list item (a contact, a term) is left out, and the rest of the row is kept.
Contact persons erased on request (catalogue.suppression) are left out and counted, never
shown.
"""

import math

from pydantic import ValidationError

from .. import sheet as sheets
from .read import LEFT_OUT, REJECTED, shown
from .record import HubRecord

KEY_LENGTH = 300  # SourceRecord.source_id
SOURCE_LENGTH = 20  # SourceRecord.source
SLUG_LENGTH = 110  # Hub.slug holds 120: room for a "-de" or "-2" made unique
SCALARS = {  # sheet field: record attribute
    "name": "name", "local_name": "local_name", "title": "title",
    "description": "description", "local_description": "local_description",
    "initiative": "initiative", "type": "hub_type", "status": "status", "website": "website",
    "region": "region",
}
ADDRESS = {"street": "street", "postcode": "postcode", "city": "city", "country": "country",
           "text": "address_text"}
LISTS = ("contacts", "organisations", "examples", "funding")
ITEM_FIELDS = {name: tuple(model.model_fields) for name, model in (
    ("contacts", sheets.ContactIn), ("organisations", sheets.OrganisationIn),
    ("examples", sheets.ExampleIn), ("funding", sheets.FundingIn))}
TERMS = {"technologies": "technology", "sectors": "sector", "services": "service"}


def column(rec: HubRecord, head: str, index=None, field=None) -> str:
    """A sheet path as the record's file names it ("contacts", 2, "email")."""
    if field is not None and f"{head}.{field}" in rec.columns:
        return rec.columns[f"{head}.{field}"]
    base = rec.columns.get(head, head)
    where = base if index is None else f"{base}[{index}]"
    return where if field is None else f"{where}.{field}"


def document(rec: HubRecord) -> tuple[dict, dict[str, list[int]]]:
    """The record as a sheet document, and for each term list the index in rec.terms of
    each of its items."""
    doc = {key: getattr(rec, attr) for key, attr in SCALARS.items() if getattr(rec, attr)}
    doc.setdefault("name", "")
    doc["address"] = {key: getattr(rec, attr) for key, attr in ADDRESS.items()}
    if rec.lat is not None or rec.lon is not None:
        doc["lat"], doc["lon"] = rec.lat, rec.lon
    doc["social"] = dict(rec.social)
    at = {key: [] for key in TERMS}
    for key, kind in TERMS.items():
        doc[key] = []
        for i, ref in enumerate(rec.terms):
            if ref.kind == kind:
                at[key].append(i)
                doc[key].append({"vocabulary": ref.vocabulary, "name": ref.name,
                                 "level": ref.level})
    for key in LISTS:
        doc[key] = [{f: item[f] for f in ITEM_FIELDS[key] if item.get(f) is not None}
                    for item in getattr(rec, key)]
    for key in ("languages", "translations"):  # only records that carry them (dihub's own)
        if getattr(rec, key):
            doc[key] = getattr(rec, key)
    return doc, at


def _unstorable(value, loc=()):
    """Where text holds what no database stores: a NUL character, a lone surrogate."""
    if isinstance(value, str):
        if "\x00" in value or not _is_utf8(value):
            yield loc, "cannot hold a NUL character or a lone surrogate"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable(key, (*loc, key))
            yield from _unstorable(item, (*loc, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _unstorable(item, (*loc, n))
    elif isinstance(value, float) and not math.isfinite(value):
        yield loc, "expected a finite number"


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reason(error) -> str:
    if error["type"] == "string_too_long":
        size = len(error["input"]) if isinstance(error.get("input"), str) else "more"
        return f"too long: {size} characters, at most {error['ctx']['max_length']}"
    if error["type"] == "too_long":
        return f"too many: at most {error['ctx']['max_length']}"
    return error["msg"].removeprefix("Value error, ")


def faults(doc: dict) -> list[tuple[tuple, str, object]]:
    """(path, reason, value) of each value of the document the sheet refuses."""
    found = [(loc, reason, None) for loc, reason in _unstorable(doc)]
    if found:
        return found
    for network, url in doc.get("social", {}).items():
        try:
            sheets._url(url)
        except ValueError as exc:
            found.append((("social", network), str(exc), url))
    try:
        sheets.SheetIn.model_validate(doc)
    except ValidationError as exc:
        found += [(tuple(e["loc"]), _reason(e), e.get("input")) for e in exc.errors()]
    return found


def _leave_out(rec: HubRecord, at: dict, loc: tuple, reason: str, value) -> bool:
    """Drop what `loc` names from the record, with a Problem; False when it rejects the row."""
    head = loc[0] if loc else "name"
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    field = next((p for p in loc[1:] if isinstance(p, str)), None)
    value = shown(value) if value is not None else ""
    if head == "name":
        rec.problem(column(rec, "name"), f"{reason} {REJECTED}", value)
        return False
    if head == "address" and field in ADDRESS:
        setattr(rec, ADDRESS[field], "")
    elif head in ("lat", "lon"):
        rec.lat = rec.lon = None
        head, field = "lat", None
    elif head == "social":
        if field is None:
            rec.social = {}
        else:
            rec.social.pop(field, None)
            head, field, index = "social", field, None
    elif head in TERMS:  # marked None here, taken out when every fault is seen
        for i in (at[head] if index is None else [at[head][index]]):
            rec.terms[i] = None
    elif head == "translations" and len(loc) > 2:  # one text of one language
        rec.translations[loc[1]].pop(loc[2], None)
        rec.translations = {k: v for k, v in rec.translations.items() if v}
        field = f"{loc[1]}.{loc[2]}"
    elif head in LISTS and len(loc) > 4 and loc[2] == "translations":  # an item's text
        texts = getattr(rec, head)[index]["translations"]
        texts[loc[3]].pop(loc[4], None)
        field = f"translations.{loc[3]}.{loc[4]}"
    elif head in ("languages", "translations"):
        setattr(rec, head, None)
    elif head in LISTS:
        items = getattr(rec, head)
        for i in (range(len(items)) if index is None else [index]):
            items[i] = None
    elif head in SCALARS:
        setattr(rec, SCALARS[head], "")
    rec.problem(column(rec, head, index, field), f"{reason}: {LEFT_OUT}", value)
    return True


def _keys(rec: HubRecord) -> bool:
    """The record's keys fit their columns; False (with a Problem) when the row is rejected."""
    where = rec.columns.get("key", "key")
    if len(rec.source_id) > KEY_LENGTH or len(rec.slug) > SLUG_LENGTH:
        limit = SLUG_LENGTH if len(rec.slug) > SLUG_LENGTH else KEY_LENGTH
        rec.problem(where, f"the hub's key is too long: at most {limit} characters "
                    f"{REJECTED}", rec.source_id)
        return False
    kept = []
    for source, source_id in rec.same_as:
        if len(source) <= SOURCE_LENGTH and len(source_id) <= KEY_LENGTH:
            kept.append((source, source_id))
        else:
            rec.problem("sources", f"a source key too long: {LEFT_OUT}", f"{source}:{source_id}")
    rec.same_as = kept
    return True


def conform(rec: HubRecord, erased=()) -> None:
    """Hold the record to the sheet's rules (problems added to it, see the module), normalized
    as the sheet normalizes (e-mail addresses in lower case, codes in upper case); contacts
    whose address is in `erased` (a suppression.Checker) left out."""
    if not rec.name or not _keys(rec):
        return
    for _attempt in range(5):
        doc, at = document(rec)
        found = faults(doc)
        if not found:
            break
        seen = set()
        for loc, reason, value in found:
            what = _what(loc)
            if what in seen:
                continue
            seen.add(what)
            if not _leave_out(rec, at, loc, reason, value):
                return
        rec.terms = [t for t in rec.terms if t is not None]
        for key in LISTS:
            setattr(rec, key, [item for item in getattr(rec, key) if item is not None])
    else:
        rec.problem(column(rec, "name"), f"cannot be made to fit the fact-sheet {REJECTED}")
        return
    _normalize(rec, sheets.SheetIn.model_validate(doc).model_dump())
    size = sheets.size_of(doc)
    if size > sheets.MAX_BYTES:
        rec.problem(column(rec, "name"), f"the hub's fact-sheet is too large: {size} bytes, "
                    f"at most {sheets.MAX_BYTES} {REJECTED}")
        return
    if erased and rec.contacts:
        rec.contacts, gone = erased.keep(rec.contacts)
        if gone:
            rec.problem(column(rec, "contacts"), f"{gone} contact person(s) erased on request: "
                        f"{LEFT_OUT}")


def _what(loc) -> tuple:
    """What one fault drops: a field, a list item, a whole list, both coordinates."""
    head = loc[0] if loc else "name"
    if head in ("lat", "lon"):
        return ("lat",)
    if head in LISTS and len(loc) > 4 and loc[2] == "translations":
        return tuple(loc[:5])
    if head in TERMS or head in LISTS or (head == "social" and len(loc) > 1):
        return tuple(loc[:2])
    if head == "address":
        return tuple(loc[:2])
    if head == "translations":
        return tuple(loc[:3])
    return (head,)


def _normalize(rec: HubRecord, sheet: dict):
    for key, attr in SCALARS.items():
        if getattr(rec, attr) and isinstance(sheet.get(key), str):
            setattr(rec, attr, sheet[key])
    for key, attr in ADDRESS.items():
        setattr(rec, attr, sheet["address"][key])
    rec.social = sheet["social"]
    for key in LISTS:
        setattr(rec, key, [_filled(item) | (
            {"publish": item["publish"]} if key == "contacts" else {})
            for item in sheet[key]])


def _filled(item: dict) -> dict:
    """An item without its empty values (an example's empty translations too)."""
    out = {}
    for name, value in item.items():
        if name == "translations":
            value = {lang: kept for lang, texts in value.items()
                     if (kept := {f: t for f, t in texts.items() if t})}
        if value not in ("", None, {}):
            out[name] = value
    return out


def stored_faults(hub) -> set[str]:
    """The fields of a hub, as an earlier import stored them, that break the sheet's rules:
    an import clears them before writing its own (a clean file repairs a hub)."""
    doc = {key: getattr(hub, attr) for key, attr in SCALARS.items() if key != "region"}
    doc["type"], doc["status"] = hub.hub_type or "dih", hub.status or "unknown"
    doc["address"] = {key: getattr(hub, attr) for key, attr in ADDRESS.items()}
    doc["lat"], doc["lon"] = hub.lat, hub.lon
    doc["social"] = dict(hub.social or {}) if isinstance(hub.social, dict) else {"": ""}
    bad = set()
    for loc, _, _ in faults(doc):
        head = loc[0] if loc else ""
        if head == "address" and len(loc) > 1:
            bad.add(ADDRESS.get(loc[1], ""))
        elif head in ("lat", "lon"):
            bad.update({"lat", "lon"})
        elif head == "social":
            bad.add("social")
        elif head in SCALARS and head != "name":
            bad.add(SCALARS[head])
    return bad - {""}
