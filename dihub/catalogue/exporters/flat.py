"""A hub as one flat row: dihub's CSV columns and the EDIH export's columns. No Django.

Cells that hold several terms list one term a line (`Name - level`): term names may contain
commas and semicolons, never a line break; so do sources and languages of service. Lists of
objects, and the hub's texts in other languages, are JSON in their cell.
"""

import json

from .text import plain_text

VOCABULARIES = ("edih", "jrc")
TERM_KINDS = (("technologies", "technology"), ("sectors", "sector"), ("services", "service"))
LIST_COLUMNS = ("contacts", "organisations", "examples", "funding")

# dihub's own columns, in order: the CSV export, and the xlsx export after the EDIH ones
COLUMNS = (
    ["slug", "name", "local_name", "title", "type", "status", "validation",
     "street", "postcode", "city", "country", "address_text", "lat", "lon",
     "region_code", "region_name", "website", "social", "initiative",
     "description", "local_description"]
    + [f"{key} ({vocab})" for vocab in VOCABULARIES for key, _ in TERM_KINDS]
    + list(LIST_COLUMNS)
    + ["sources", "languages", "translations"]
)

EDIH_TYPES = {"edih": "EDIH", "seal": "Seal of Excellence", "dih": "DIH",
              "competence-centre": "Competence centre", "other": "Other"}


def term_label(term: dict) -> str:
    return f"{term['name']} - {term['level']}" if term.get("level") else term["name"]


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def number(value) -> str:
    return "" if value is None else repr(float(value))


def row(hub: dict) -> dict:
    """dihub's flat row of a hub_dict, every value a string."""
    address, region = hub["address"], hub.get("region") or {}
    cells = {
        "slug": hub["slug"], "name": hub["name"], "local_name": hub["local_name"],
        "title": hub["title"], "type": hub["type"], "status": hub["status"],
        "validation": hub["validation"], "street": address["street"],
        "postcode": address["postcode"], "city": address["city"],
        "country": address["country"], "address_text": address.get("text", ""),
        "lat": number(hub["lat"]), "lon": number(hub["lon"]),
        "region_code": region.get("code", ""), "region_name": region.get("name", ""),
        "website": hub["website"],
        "social": compact_json(hub["social"]) if hub["social"] else "",
        "initiative": hub["initiative"], "description": hub["description"],
        "local_description": hub["local_description"],
    }
    for vocab in VOCABULARIES:
        for key, _ in TERM_KINDS:
            cells[f"{key} ({vocab})"] = "\n".join(
                term_label(t) for t in hub[key] if t["vocabulary"] == vocab
            )
    for key in LIST_COLUMNS:
        cells[key] = compact_json(hub[key]) if hub[key] else ""
    cells["sources"] = "\n".join(f"{s['source']}:{s['source_id']}" for s in hub["sources"])
    # serialize.languages_dict's keys, which hub_dict alone does not have
    cells["languages"] = "\n".join(hub.get("languages", []))
    translations = hub.get("translations")
    cells["translations"] = compact_json(translations) if translations else ""
    return cells


def edih_row(hub: dict, country_name) -> dict:
    """The EDIH export's columns of a hub_dict, formatted like the portal's own file."""
    address = hub["address"]
    location = address.get("text") or ", ".join(
        p for p in (address["street"], f"{address['postcode']} {address['city']}".strip(),
                    country_name(address["country"])) if p
    )
    contact = next((c["name"] for c in hub["contacts"] if c.get("publish") and c["name"]), "")

    def formatted(key):
        return ", ".join(term_label(t) for t in hub[key] if t["vocabulary"] == "edih")

    return {
        "EDIH Name": hub["name"],
        "EDIH Title": hub["title"],
        "Description (indexed field)": plain_text(hub["description"]),
        "Country": country_name(address["country"]),
        "Contact name": contact,
        "Contact Location": location,
        "EDIH/SoE": EDIH_TYPES.get(hub["type"], hub["type"]),
        "Website": hub["website"],
        "Formatted sectors": formatted("sectors"),
        "Formatted services": formatted("services"),
        "Formatted technologies": formatted("technologies"),
    }
