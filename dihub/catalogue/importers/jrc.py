"""The JRC DIH Tool's formats: FIWARE NGSI-LD entities and the portal's GeoJSON. No Django."""

import re

from dihub.regions.countries import iso_code

from . import clean
from .record import HubRecord, TermRef

ID_PATTERN = re.compile(r"urn:ngsi-ld:DigitalInnovationHub:(?:s3jrc:)?(.+)$")
HUB_TYPES = {"DIH": "dih", "EDIH": "edih", "SOE": "seal", "CC": "competence-centre"}
SOCIAL = ("linkedin", "facebook", "twitter", "instagram", "youtube")


def prop(entity: dict, key: str, default=None):
    """A property's value, in NGSI-LD normalized form ({"type", "value"}) or key-values form."""
    value = entity.get(key, default)
    if isinstance(value, dict) and value.get("type") in {"Property", "GeoProperty", "Relationship"}:
        return value.get("value", value.get("object", default))
    return value


def status_of(stage) -> str:
    code = str((stage or {}).get("shortCode", "") if isinstance(stage, dict) else stage).upper()
    if "PREPARATION" in code:
        return "in-preparation"
    if "OPERATIONAL" in code:
        return "operational"
    return ""


def _country(rec: HubRecord, column: str, text: str):
    rec.country = iso_code(text) or ""
    if not rec.country:
        rec.problem(column, "unknown country", text)


def _terms(rec: HubRecord, kind: str, column: str, names, parser):
    for raw in names:
        name = clean.plain(raw)
        if not name:
            continue
        parsed = parser.parse(name) if parser else None
        if parsed and len(parsed.terms) == 1 and parsed.terms[0][2]:
            rec.terms.append(TermRef("jrc", kind, parsed.terms[0][0]))
        elif kind == "sector" and ":" in name:
            programme, _, project = name.partition(":")
            rec.funding.append({"programme": programme.strip(), "description": project.strip()})
            rec.problem(column, "a funding programme, not a sector: kept as a funding source", name)
        else:
            rec.terms.append(TermRef("jrc", kind, name))
            rec.problem(column, f"unknown {kind} term, kept as such", name)


def parse_ngsi_entity(number: int, entity: dict, parsers) -> HubRecord:
    match = ID_PATTERN.match(str(entity.get("id", "")))
    rec = HubRecord(source="jrc", source_id=match.group(1) if match else "", row=number)
    if not match:
        rec.problem("id", "expected urn:ngsi-ld:DigitalInnovationHub:s3jrc:<id> (row rejected)")
    rec.name = clean.plain(prop(entity, "title") or prop(entity, "name"))
    if not rec.name:
        rec.problem("title", "empty: a hub needs a name (row rejected)")
    rec.description = clean.rich(prop(entity, "description"))
    rec.website, reason = clean.website(prop(entity, "website"))
    if reason:
        rec.problem("website", reason, prop(entity, "website"))
    address = prop(entity, "address") or {}
    if isinstance(address, dict):
        rec.street = clean.plain(address.get("streetAddress"))
        rec.postcode = clean.plain(address.get("postalCode"))
        rec.city = clean.plain(address.get("addressLocality"))
        _country(rec, "address.addressCountry", clean.plain(address.get("addressCountry")))
        parts = [rec.street, f"{rec.postcode} {rec.city}".strip(), address.get("addressCountry")]
        rec.address_text = ", ".join(clean.plain(p) for p in parts if p and clean.plain(p))
    location = prop(entity, "location")
    if isinstance(location, dict) and location.get("type") == "Point":
        rec.lon, rec.lat = (float(c) for c in location["coordinates"][:2])
    for person in prop(entity, "representatives") or []:
        if not isinstance(person, dict):
            continue
        full = " ".join(clean.plain(person.get(k)) for k in ("name", "surname")).strip()
        if full or person.get("email"):
            rec.contacts.append({
                "name": full,
                "role": clean.plain(person.get("role")),
                "email": clean.plain(person.get("email")),
                "publish": False,
            })
    _terms(rec, "sector", "domain", prop(entity, "domain") or [], parsers.get("jrc-sector"))
    _terms(rec, "technology", "competences", prop(entity, "competences") or [],
           parsers.get("jrc-technology"))
    social = prop(entity, "socialAccounts") or {}
    if isinstance(social, dict):
        for network in SOCIAL:
            url, _ = clean.website(social.get(network))
            if url:
                rec.social[network] = url
    rec.hub_type = "dih"
    rec.described = [("jrc", "sector")] + ([("jrc", "technology")] if any(
        t.kind == "technology" for t in rec.terms) else [])
    rec.same_as = [("jrc-portal", rec.source_id)]
    return rec


def parse_portal_feature(number: int, feature: dict, parsers) -> HubRecord:
    props = feature.get("properties") or {}
    hub_id = props.get("hubId") or props.get("hubResourceId")
    rec = HubRecord(source="jrc-portal", source_id=str(hub_id or ""), row=number)
    rec.same_as = [("jrc", rec.source_id)]
    rec.described = [("jrc", "technology"), ("jrc", "service")]
    if not hub_id:
        rec.problem("hubId", "missing: the portal's hub id is the record's key (row rejected)")
    rec.name = clean.plain(props.get("name"))
    if not rec.name:
        rec.problem("name", "empty: a hub needs a name (row rejected)")
    rec.local_name = clean.plain(props.get("nameLocal"))
    rec.description = clean.rich(props.get("description"))
    rec.local_description = clean.rich(props.get("descriptionLocal"))
    country = props.get("country") or {}
    country = country.get("name") if isinstance(country, dict) else country
    _country(rec, "country", clean.plain(country))
    rec.street = clean.plain(props.get("location")).rstrip(",").strip()
    rec.city = clean.plain(props.get("locationCity"))
    rec.address_text = ", ".join(p for p in (rec.street, rec.city) if p)
    lat, lon = props.get("latitude"), props.get("longitude")
    geometry = feature.get("geometry") or {}
    if (lat is None or lon is None) and geometry.get("type") == "Point":
        lon, lat = geometry.get("coordinates", [None, None])[:2]
    try:
        rec.lat, rec.lon = float(lat), float(lon)
        if not (-90 <= rec.lat <= 90 and -180 <= rec.lon <= 180):
            raise ValueError
    except (TypeError, ValueError):
        rec.lat = rec.lon = None
        if lat is not None or lon is not None:
            rec.problem("latitude", "coordinates out of range or not numbers", f"{lat},{lon}")
    rec.website, reason = clean.website(props.get("website"))
    if reason:
        rec.problem("website", reason, props.get("website"))
    types = [
        HUB_TYPES.get(str(t.get("shortCode", "")).upper())
        for t in props.get("hubTypes") or []
        if isinstance(t, dict)
    ]
    rec.hub_type = next((t for t in types if t), "dih")
    rec.status = status_of(props.get("evolutionaryStage"))
    rec.initiative = clean.rich(props.get("digitizationLink"))
    name = clean.plain(props.get("contactName"))
    if name or props.get("contactEmail"):
        rec.contacts.append({
            "name": name,
            "role": "contact",
            "email": clean.plain(props.get("contactEmail")),
            "phone": clean.plain(props.get("contactPhone")),
            "publish": False,
        })
    for kind, key in (("technology", "digitTechsFocus"), ("service", "servicesProvided")):
        names = [t.get("name") for t in props.get(key) or [] if isinstance(t, dict)]
        _terms(rec, kind, key, names, parsers.get(f"jrc-{kind}"))
    return rec
