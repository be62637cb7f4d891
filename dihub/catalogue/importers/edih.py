"""The EDIH catalogue's "Download Data" export: an xlsx workbook (named .xls). No Django."""

import io
import zipfile

from python_calamine import CalamineError, CalamineWorkbook

from dihub.regions.countries import iso_code
from dihub.regions.geo import parse_address

from . import read
from .record import HubRecord, TermRef, UnusableInput

COLUMNS = [
    "EDIH Name",
    "EDIH Title",
    "Description (indexed field)",
    "Country",
    "Contact name",
    "Contact Location",
    "EDIH/SoE",
    "Website",
    "Formatted sectors",
    "Formatted services",
    "Formatted technologies",
]
HUB_TYPES = {"edih": "edih", "seal of excellence": "seal", "soe": "seal", "dih": "dih"}
TERM_COLUMNS = {
    "Formatted sectors": "sector",
    "Formatted services": "service",
    "Formatted technologies": "technology",
}


def read_rows(data: bytes) -> list[list]:
    """The first sheet's rows, header first. UnusableInput when it is no workbook."""
    if not data:
        raise UnusableInput("the file is empty")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, zipfile.BadZipFile, ValueError, IndexError) as exc:
        raise UnusableInput(f"not a readable spreadsheet ({exc})") from exc


def is_edih_header(row) -> bool:
    return {str(c).strip() for c in row} >= {"EDIH Name", "EDIH/SoE", "Formatted technologies"}


def parse(data: bytes, parsers) -> "list[HubRecord]":
    """HubRecords from the export's rows; `parsers[(kind)]` parses taxonomy cells."""
    rows = read_rows(data)
    if not rows or not is_edih_header(rows[0]):
        raise UnusableInput("not the EDIH catalogue export: the header row lacks its columns")
    header = [str(c).strip() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise UnusableInput(f"EDIH export without column(s) {', '.join(missing)}")
    at = {name: header.index(name) for name in COLUMNS}
    records = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: row[i] if i < len(row) else "" for name, i in at.items()}
        if not any(str(v).strip() for v in cells.values() if v is not None):
            continue
        records.append(parse_row(number, cells, parsers))
    return records


EDIH_COLUMNS = {
    "key": "EDIH Name",
    "name": "EDIH Name", "title": "EDIH Title", "description": "Description (indexed field)",
    "address.country": "Country", "address": "Contact Location", "contacts": "Contact name",
    "contacts.name": "Contact name", "type": "EDIH/SoE", "website": "Website",
    "sectors": "Formatted sectors", "services": "Formatted services",
    "technologies": "Formatted technologies",
}


def parse_row(number: int, cells: dict, parsers) -> HubRecord:
    rec = HubRecord(source="edih", source_id="", row=number, columns=EDIH_COLUMNS)
    name = read.text(rec, "EDIH Name", cells["EDIH Name"], required=True)
    if not name and not rec.problems:
        rec.problem("EDIH Name", "empty: a hub needs a name (row rejected)")
    title = read.text(rec, "EDIH Title", cells["EDIH Title"])
    rec.source_id = f"{name} | {title}"
    rec.name, rec.title = name, title
    rec.description = read.rich(rec, "Description (indexed field)",
                                cells["Description (indexed field)"])

    country_text = read.text(rec, "Country", cells["Country"])
    rec.country = iso_code(country_text) or ""
    if not rec.country:
        rec.problem("Country", "unknown country", country_text)

    rec.address_text = read.text(rec, "Contact Location", cells["Contact Location"])
    if rec.address_text:
        address = parse_address(rec.address_text, rec.country)
        rec.street, rec.postcode, rec.city = address.street, address.postcode, address.city

    contact = read.text(rec, "Contact name", cells["Contact name"])
    if contact:
        rec.contacts.append({"name": contact, "role": "contact", "publish": False})

    type_text = read.text(rec, "EDIH/SoE", cells["EDIH/SoE"])
    rec.hub_type = HUB_TYPES.get(type_text.lower(), "")
    if not rec.hub_type:
        rec.hub_type = "other"
        rec.problem("EDIH/SoE", "expected EDIH, Seal of Excellence or DIH: kept as other",
                    type_text)

    rec.website = read.website(rec, "Website", cells["Website"])

    rec.described = [("edih", kind) for kind in TERM_COLUMNS.values()]
    for column, kind in TERM_COLUMNS.items():
        cell = read.text(rec, column, cells[column])
        if not cell:
            continue
        parsed = parsers[kind].parse(cell)
        for term_name, level, _known in parsed.terms:
            rec.terms.append(TermRef("edih", kind, term_name, level))
        for reason in parsed.problems:
            rec.problem(column, reason)
    return rec
