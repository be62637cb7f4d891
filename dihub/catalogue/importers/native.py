"""dihub's own exports read back: the JSON file (also an API answer or dihub's GeoJSON)
and the CSV file. No Django.

Each hub becomes a HubRecord of source "dihub" keyed by its slug, which it keeps, so that
exporting, importing into an empty database and exporting again gives the same file.
"""

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator

import pycountry

from . import read
from .clean import sanitize
from .record import HubRecord, TermRef, UnusableInput

VOCABULARIES = ("edih", "jrc")
TERM_LISTS = (("technologies", "technology"), ("sectors", "sector"), ("services", "service"))
HUB_TYPES = {"edih", "seal", "dih", "competence-centre", "other"}
STATUSES = {"in-preparation", "operational", "unknown"}
ORGANISATION_ROLES = {"coordinator", "partner"}
TEXT_FIELDS = ("name", "local_name", "title")
HTML_FIELDS = ("description", "local_description", "initiative")
ADDRESS_FIELDS = (("street", "street"), ("postcode", "postcode"), ("city", "city"),
                  ("text", "address_text"))
LISTS = {
    "contacts": ("name", "role", "email", "phone"),
    "organisations": ("name", "role", "country", "website"),
    "examples": ("title", "client_profile", "need", "solution", "result"),
    "funding": ("programme", "description"),
}
REQUIRED = {"organisations": "name", "examples": "title", "funding": "programme"}
# a hub's texts in other languages (sheet.TRANSLATION_LANGUAGES, from settings.LANGUAGES:
# a test checks they agree) and the fields it translates (Hub.i18n)
TRANSLATION_LANGUAGES = ("de", "fr", "es", "it", "pl")
TRANSLATED = ("name", "title", "description")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_LEVEL = re.compile(r"^(.*\S)\s+-\s+(\d+)$")


def slug_of(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def is_language(code: str) -> bool:
    """An ISO 639-1 code: catalogue.languages.is_language without Django."""
    return len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None


# -- one hub, as a dict of hub_dict's shape ------------------------------------------------

class Reader:
    """Turns one hub dict into a HubRecord; `column` names a field as the file names it."""

    def __init__(self, row: int, column: Callable[[str], str] = str, columns=None):
        self.row, self.column = row, column
        self.columns = columns or {"key": "slug"}

    def record(self, hub: dict) -> HubRecord:
        rec = HubRecord(source="dihub", source_id="", row=self.row, columns=self.columns)
        self.rec = rec
        rec.slug = rec.source_id = slug = self.text(hub, "slug")
        for name in TEXT_FIELDS:
            setattr(rec, name, self.text(hub, name))
        if not rec.name:
            rec.problem(self.column("name"), "empty: a hub needs a name (row rejected)")
        if not slug:
            rec.slug = rec.source_id = slug_of(rec.name)
            if rec.source_id:
                rec.problem(self.column("slug"), "missing: made from the name", rec.slug)
        for name in HTML_FIELDS:
            setattr(rec, name, sanitize(self.text(hub, name)).strip())
        rec.hub_type = self.choice(hub, "type", HUB_TYPES)
        rec.status = self.choice(hub, "status", STATUSES)
        self.address(hub.get("address"))
        self.coordinates(hub.get("lat"), hub.get("lon"))
        self.region(hub.get("region"))
        rec.website = self.url(hub.get("website"), "website")
        self.social(hub.get("social"))
        for key, kind in TERM_LISTS:
            self.terms(hub.get(key), key, kind)
        rec.described = [(v, kind) for v in VOCABULARIES for _, kind in TERM_LISTS]
        for key in LISTS:
            setattr(rec, key, self.items(hub.get(key), key))
        self.sources(hub.get("sources"))
        rec.languages = self.languages(hub.get("languages"))
        rec.translations = self.translations(hub.get("translations"))
        return rec

    def problem(self, path, reason, value=""):
        self.rec.problem(self.column(path), reason, value)

    def text(self, data: dict, key: str, path: str = "") -> str:
        value = data.get(key)
        if value is None:
            return ""
        text = read.as_text(value)
        if text is None:
            self.problem(path or key, f"expected text, found {read.kind_of(value)}, left out",
                         read.shown(value))
            return ""
        if not read.storable(text):
            self.problem(path or key, "text with a NUL character or a lone surrogate, left out")
            return ""
        return text.strip()

    def choice(self, data, key, allowed):
        value = self.text(data, key).lower()
        if value and value not in allowed:
            self.problem(key, f"expected one of {', '.join(sorted(allowed))}", value)
            return ""
        return value

    def url(self, value, path) -> str:
        if value in (None, ""):
            return ""
        if isinstance(value, str) and _URL.match(value.strip()):
            return value.strip()
        self.problem(path, "not an http(s) URL, left out", read.shown(value))
        return ""

    def address(self, address):
        if address in (None, ""):
            return
        if not isinstance(address, dict):
            self.problem("address", "expected an object with street, postcode, city, country")
            return
        for key, attr in ADDRESS_FIELDS:
            setattr(self.rec, attr, self.text(address, key, f"address.{key}"))
        country = self.text(address, "country", "address.country").upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            self.problem("address.country", "expected a two-letter ISO 3166 code", country)
            country = ""
        self.rec.country = country

    def coordinates(self, lat, lon):
        if lat in (None, "") and lon in (None, ""):
            return
        y, x = read.number(lat), read.number(lon)
        if y is None or x is None or not (-90 <= y <= 90 and -180 <= x <= 180):
            self.problem("lat", "coordinates out of range or not numbers, left out",
                         f"{read.shown(lat)},{read.shown(lon)}")
            return
        self.rec.lat, self.rec.lon = y, x

    def region(self, region):
        code = region.get("code") if isinstance(region, dict) else region
        if code in (None, ""):
            return
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{0,3}", code.strip()):
            self.problem("region.code", "expected a NUTS code such as DE11", read.shown(code))
            return
        self.rec.region = code.strip()

    def social(self, social):
        if social in (None, ""):
            return
        if not isinstance(social, dict):
            self.problem("social", "expected an object of network: URL")
            return
        for network, link in sorted(social.items()):
            url = self.url(link, f"social.{network}")
            if url:
                self.rec.social[str(network)] = url

    def terms(self, terms, key, kind):
        if terms in (None, ""):
            return
        if not isinstance(terms, list):
            self.problem(key, "expected a list of terms")
            return
        for i, term in enumerate(terms):
            path = f"{key}[{i}]"
            if not isinstance(term, dict) or not isinstance(term.get("name"), str) or not (
                term["name"].strip()
            ):
                self.problem(path, "expected a term with a name, left out", read.shown(term))
                continue
            vocabulary = term.get("vocabulary") or "edih"
            if vocabulary not in VOCABULARIES:
                self.problem(f"{path}.vocabulary", "expected edih or jrc, left out",
                             read.shown(vocabulary))
                continue
            level = term.get("level")
            if level is not None and (isinstance(level, bool) or level not in (1, 2, 3, 4, 5)):
                self.problem(f"{path}.level", "expected a level from 1 to 5, left out",
                             read.shown(level))
                level = None
            self.rec.terms.append(TermRef(vocabulary, kind, term["name"].strip(), level))

    def items(self, items, key) -> list[dict]:
        if items in (None, ""):
            return []
        if not isinstance(items, list):
            self.problem(key, "expected a list")
            return []
        fields, kept = LISTS[key], []
        for i, item in enumerate(items):
            path = f"{key}[{i}]"
            if not isinstance(item, dict):
                self.problem(path, "expected an object, left out")
                continue
            values = {f: self.text(item, f, f"{path}.{f}") for f in fields}
            required = REQUIRED.get(key)
            if required and not values[required]:
                self.problem(f"{path}.{required}", "empty, left out")
                continue
            if key == "contacts":
                values["publish"] = item.get("publish") is True
            if key == "examples" and (own := self.translations(
                    item.get("translations"), f"{path}.translations", fields)):
                values["translations"] = own
            if key == "organisations":
                values["website"] = self.url(values["website"], f"{path}.website")
                if values["role"] not in ORGANISATION_ROLES:
                    if values["role"]:
                        self.problem(f"{path}.role", "expected coordinator or partner",
                                     values["role"])
                    values["role"] = "partner"
            kept.append(values)
        return kept

    def languages(self, codes) -> list[str] | None:
        """Sorted ISO 639-1 codes; None when the file does not give them."""
        if codes in (None, ""):
            return None
        if not isinstance(codes, list):
            self.problem("languages", "expected a list of ISO 639-1 codes, left out",
                         read.shown(codes))
            return None
        kept = set()
        for i, code in enumerate(codes):
            text = code.strip().lower() if isinstance(code, str) else ""
            if is_language(text):
                kept.add(text)
            else:
                self.problem(f"languages[{i}]", "not an ISO 639-1 language code, left out",
                             read.shown(code))
        return sorted(kept)

    def translations(self, given, at="translations", allowed=TRANSLATED) -> dict | None:
        """{language: {field: text}} as the sheet keeps them (descriptions sanitized, empty
        texts left out); None when the file does not give them."""
        if given in (None, ""):
            return None
        names = ", ".join(allowed)
        if not isinstance(given, dict):
            self.problem(at, f"expected an object of language: {{{names}}}, left out",
                         read.shown(given))
            return None
        out = {}
        for lang, fields in sorted(given.items()):
            path = f"{at}.{lang}"
            if lang not in TRANSLATION_LANGUAGES:
                self.problem(path, f"expected one of {', '.join(TRANSLATION_LANGUAGES)}, "
                             "left out", lang)
                continue
            if not isinstance(fields, dict):
                self.problem(path, f"expected an object with {names}, left out",
                             read.shown(fields))
                continue
            texts = {}
            for field in fields:
                if field not in allowed:
                    self.problem(f"{path}.{field}", f"expected one of {names}, left out",
                                 field)
                    continue
                text = self.text(fields, field, f"{path}.{field}")
                texts[field] = sanitize(text).strip() if field == "description" else text
            texts = {k: v for k, v in texts.items() if v}
            if texts:
                out[lang] = texts
        return out

    def sources(self, sources):
        if sources in (None, ""):
            return
        if not isinstance(sources, list):
            self.problem("sources", "expected a list of {source, source_id}")
            return
        for i, item in enumerate(sources):
            key = (item.get("source"), item.get("source_id")) if isinstance(item, dict) else ()
            if not (key and all(isinstance(k, str) and k.strip() for k in key)):
                self.problem(f"sources[{i}]", "expected {source, source_id}, left out",
                             read.shown(item))
                continue
            if key != ("dihub", self.rec.source_id):
                self.rec.same_as.append(key)


# -- the JSON file -------------------------------------------------------------------------

def _hubs_of(doc) -> list:
    """The hub objects of a JSON document of one of the shapes dihub writes."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        if isinstance(doc.get("hubs"), list):
            return doc["hubs"]
        if isinstance(doc.get("results"), list):
            return doc["results"]
        if doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list):
            return [_from_feature(f) for f in doc["features"]]
        if "slug" in doc and "name" in doc:
            return [doc]
    raise UnusableInput(
        "not dihub's JSON: expected {\"hubs\": [...]}, an API answer, a list of hubs "
        "or dihub's GeoJSON"
    )


def _from_feature(feature):
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return feature
    hub = dict(feature["properties"])
    geometry = feature.get("geometry") or {}
    if geometry.get("type") == "Point" and isinstance(geometry.get("coordinates"), list):
        coords = geometry["coordinates"]
        if len(coords) >= 2:
            hub["lon"], hub["lat"] = coords[0], coords[1]
    return hub


def parse_json(data: bytes) -> Iterator[HubRecord]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnusableInput(f"broken JSON: {exc}") from exc
    hubs = _hubs_of(doc)
    if hubs and not any(isinstance(h, dict) and ("slug" in h or "name" in h) for h in hubs):
        raise UnusableInput("not dihub's JSON: no hub has a slug or a name")
    for number, hub in enumerate(hubs, start=1):
        if not isinstance(hub, dict):
            rec = HubRecord(source="dihub", source_id="", row=number)
            rec.problem("hub", "expected an object, found something else (row rejected)")
            yield rec
            continue
        yield Reader(number).record(hub)


# -- the CSV file --------------------------------------------------------------------------

CSV_COLUMNS = {  # hub_dict paths to CSV columns, where they differ
    "address.street": "street", "address.postcode": "postcode", "address.city": "city",
    "address.country": "country", "address.text": "address_text", "region.code": "region_code",
}


CSV_SHEET_COLUMNS = {  # fact-sheet paths to CSV columns, for importers.conform
    **{path: column for path, column in CSV_COLUMNS.items()},
    "key": "slug", "region": "region_code", "address": "street",
    **{f"{key}.{f}": key for key, fields in LISTS.items() for f in fields},
    **{f"translations.{lang}.{f}": "translations"
       for lang in TRANSLATION_LANGUAGES for f in TRANSLATED},
}


def _csv_column(path: str) -> str:
    if path in CSV_COLUMNS:
        return CSV_COLUMNS[path]
    top = re.split(r"[.\[]", path, maxsplit=1)[0]
    return CSV_COLUMNS.get(top, top)


def _term_lines(cell: str, vocabulary: str, problems: list, column: str) -> list[dict]:
    terms = []
    for line in cell.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _LEVEL.match(line)
        name, level = (match.group(1), int(match.group(2))) if match else (line, None)
        if level is not None and not 1 <= level <= 5:
            problems.append((column, "expected a level from 1 to 5, left out", line))
            level = None
        terms.append({"name": name, "vocabulary": vocabulary, "level": level})
    return terms


def _json_cell(cell: str, column: str, problems: list, default):
    if not cell.strip():
        return default
    try:
        return json.loads(cell)
    except json.JSONDecodeError:
        problems.append((column, "broken JSON in the cell, left out", cell))
        return default


def hub_from_row(cells: dict, problems: list) -> dict:
    """A CSV row back in hub_dict's shape; cell problems appended as (column, reason, value)."""
    def get(name):
        return cells.get(name) or ""

    hub = {name: get(name) for name in (
        "slug", "name", "local_name", "title", "type", "status", "website",
        "description", "local_description", "initiative", "lat", "lon")}
    hub["address"] = {key: get(CSV_COLUMNS[f"address.{key}"]) for key, _ in ADDRESS_FIELDS}
    hub["address"]["country"] = get("country")
    hub["region"] = get("region_code")
    hub["social"] = _json_cell(get("social"), "social", problems, {})
    for key, _ in TERM_LISTS:
        hub[key] = []
        for vocabulary in VOCABULARIES:
            column = f"{key} ({vocabulary})"
            hub[key] += _term_lines(get(column), vocabulary, problems, column)
    for key in LISTS:
        hub[key] = _json_cell(get(key), key, problems, [])
    hub["sources"] = []
    for line in get("sources").splitlines():
        source, sep, source_id = line.strip().partition(":")
        if sep and source and source_id:
            hub["sources"].append({"source": source, "source_id": source_id})
        elif line.strip():
            problems.append(("sources", "expected source:source_id, left out", line))
    if "languages" in cells:  # files without the column leave the hub's own as they are
        hub["languages"] = [c.strip() for c in get("languages").splitlines() if c.strip()]
    if "translations" in cells:  # empty: none; broken JSON: left out, the hub's own kept
        cell = get("translations")
        hub["translations"] = _json_cell(cell, "translations", problems, None) if (
            cell.strip()) else {}
    return hub


def parse_csv(data: bytes) -> Iterator[HubRecord]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableInput(f"not UTF-8 text: {exc}") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = set(reader.fieldnames or [])
    if not {"slug", "name"} <= header or not any(c.startswith("technologies (") for c in header):
        raise UnusableInput(
            "not dihub's CSV: the header lacks the columns slug, name and technologies (edih)"
        )
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnusableInput(f"broken CSV after row {number}: {exc}") from exc
        number += 1
        if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
            continue
        problems = []
        rec = Reader(number, _csv_column, CSV_SHEET_COLUMNS).record(hub_from_row(cells, problems))
        for column, reason, value in problems:
            rec.problem(column, reason, value)
        yield rec
