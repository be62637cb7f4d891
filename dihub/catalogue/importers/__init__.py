"""Reading hub catalogues: detect a file's format and parse it into HubRecords.

Files about something other than hubs (the S3 app's priorities and indicators) come in
through the same command: an app registers its format in its AppConfig.ready with
`register(name, run, matches_header)`, and `dihub import` detects and runs it.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from . import edih, jrc
from .record import HubRecord, UnusableInput

HUB_FORMATS = ("edih-xlsx", "jrc-geojson", "ngsi-ld", "csv", "json")


@dataclass(frozen=True)
class OtherFormat:
    """A CSV format of another app: run(data, fmt, file_name=, dry_run=) -> Report."""

    name: str
    run: Callable
    matches_header: Callable[[str], bool]  # whether a file's first line announces it


OTHER_FORMATS: dict[str, OtherFormat] = {}


def register(name: str, run: Callable, matches_header: Callable[[str], bool]):
    OTHER_FORMATS[name] = OtherFormat(name, run, matches_header)


def formats() -> tuple:
    """Every format `dihub import` reads: the catalogues' and those apps registered."""
    return (*HUB_FORMATS, *OTHER_FORMATS)


def detect_format(data: bytes) -> str:
    """The format of a file, from its content (never from its name)."""
    head = data[:4096].lstrip()
    if not head:
        raise UnusableInput("the file is empty")
    if data[:4] == b"PK\x03\x04":
        return "edih-xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnusableInput("an old binary Excel (.xls) workbook: save it as .xlsx")
    if head[:1] in (b"[", b"{"):
        doc = load_json(data)
        if isinstance(doc, list) and doc and isinstance(doc[0], dict) and doc[0].get(
            "type"
        ) == "DigitalInnovationHub":
            return "ngsi-ld"
        if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
            features = doc.get("features") or [{}]
            if "hubId" in (features[0].get("properties") or {}):
                return "jrc-geojson"
        return "json"
    try:
        text = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableInput("not a known format: binary, and not an xlsx workbook") from exc
    first_line = text.splitlines()[0] if text.splitlines() else ""
    if "," in first_line or ";" in first_line or "\t" in first_line:
        other = (f.name for f in OTHER_FORMATS.values() if f.matches_header(first_line))
        return next(other, "csv")
    raise UnusableInput("not a known format: expected xlsx, JSON, GeoJSON, NGSI-LD or CSV")


def load_json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnusableInput(f"broken JSON: {exc}") from exc


def parse_file(data: bytes, fmt: str, parsers) -> list[HubRecord]:
    """Every record of a file, each with its own problems; UnusableInput for a bad file."""
    if fmt == "edih-xlsx":
        return edih.parse(data, parsers)
    if fmt == "ngsi-ld":
        doc = load_json(data)
        if isinstance(doc, dict):
            doc = doc.get("@graph", [doc])
        if not isinstance(doc, list):
            raise UnusableInput("NGSI-LD: expected a list of DigitalInnovationHub entities")
        return [
            jrc.parse_ngsi_entity(i, e, parsers) if isinstance(e, dict) else _garbage(i, "entity")
            for i, e in enumerate(doc, start=1)
        ]
    if fmt == "jrc-geojson":
        doc = load_json(data)
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            raise UnusableInput("GeoJSON: expected a FeatureCollection with features")
        return [
            jrc.parse_portal_feature(i, f, parsers)
            if isinstance(f, dict)
            else _garbage(i, "feature")
            for i, f in enumerate(features, start=1)
        ]
    from . import native

    if fmt == "json":
        return list(native.parse_json(data))
    if fmt == "csv":
        return list(native.parse_csv(data))
    raise UnusableInput(f"unknown format {fmt!r}: expected one of {', '.join(formats())}")


def _garbage(number, what):
    rec = HubRecord(source="", source_id="", row=number)
    rec.problem(what, "expected an object, found something else (row rejected)")
    return rec
