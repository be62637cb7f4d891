"""Reading hub catalogues: detect a file's format and parse it into HubRecords."""

import json

from . import edih, jrc
from .record import HubRecord, UnusableInput

REGION_FORMATS = ("s3-priorities", "region-indicators")  # read by dihub.s3 (docs/s3.md)
FORMATS = ("edih-xlsx", "jrc-geojson", "ngsi-ld", "csv", "json", *REGION_FORMATS)


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
        from dihub.s3.csvfiles import format_of_header  # S3 priorities, indicators: CSV too

        return format_of_header(first_line) or "csv"
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
    raise UnusableInput(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def _garbage(number, what):
    rec = HubRecord(source="", source_id="", row=number)
    rec.problem(what, "expected an object, found something else (row rejected)")
    return rec
