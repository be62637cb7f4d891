"""The JRC DIH Tool's formats: FIWARE NGSI-LD entities and the portal's GeoJSON. No Django."""

import re

from dihub.regions.countries import iso_code

from . import read
from .record import HubRecord, TermRef

ID_PATTERN = re.compile(r"urn:ngsi-ld:DigitalInnovationHub:(?:s3jrc:)?(.+)$")
HUB_TYPES = {"DIH": "dih", "EDIH": "edih", "SOE": "seal", "CC": "competence-centre"}
SOCIAL = ("linkedin", "facebook", "twitter", "instagram", "youtube")


def prop(entity: dict, key: str, default=None):
    """A property's value, in NGSI-LD normalized form ({"type", "value"}) or key-values form."""
    value = entity.get(key, default)
    if isinstance(value, dict) and value.get("type") in ("Property", "GeoProperty",
                                                         "Relationship"):
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
    for i, raw in enumerate(read.items(rec, column, names)):
        name = read.text(rec, f"{column}[{i}]", raw)
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


def _name(rec: HubRecord, column: str, value):
    before = len(rec.problems)
    rec.name = read.text(rec, column, value, required=True)
    if not rec.name and len(rec.problems) == before:
        rec.problem(column, "empty: a hub needs a name (row rejected)")


NGSI_COLUMNS = {
    "key": "id",
    "name": "title", "address": "address", "address.street": "address.streetAddress",
    "address.postcode": "address.postalCode", "address.city": "address.addressLocality",
    "address.country": "address.addressCountry", "address.text": "address", "lat": "location",
    "lon": "location", "contacts": "representatives", "social": "socialAccounts",
    "sectors": "domain", "technologies": "competences", "funding": "domain",
}
PORTAL_COLUMNS = {
    "key": "hubId",
    "name": "name", "local_name": "nameLocal", "local_description": "descriptionLocal",
    "address.street": "location", "address.city": "locationCity", "address.country": "country",
    "address.text": "location", "lat": "latitude", "lon": "longitude",
    "initiative": "digitizationLink", "contacts": "contact", "contacts.name": "contactName",
    "contacts.email": "contactEmail", "contacts.phone": "contactPhone",
    "technologies": "digitTechsFocus", "services": "servicesProvided",
}


def parse_ngsi_entity(number: int, entity: dict, parsers) -> HubRecord:
    raw_id = entity.get("id")
    match = ID_PATTERN.match(raw_id) if isinstance(raw_id, str) else None
    rec = HubRecord(source="jrc", source_id=match.group(1) if match else "", row=number,
                    columns=NGSI_COLUMNS)
    if not match:
        rec.problem("id", "expected urn:ngsi-ld:DigitalInnovationHub:s3jrc:<id> (row rejected)",
                    read.shown(raw_id))
    title = prop(entity, "title")
    if title in (None, ""):
        _name(rec, "name", prop(entity, "name"))
    else:
        _name(rec, "title", title)
    rec.description = read.rich(rec, "description", prop(entity, "description"))
    rec.website = read.website(rec, "website", prop(entity, "website"))
    address = read.obj(rec, "address", prop(entity, "address"),
                       "an object with streetAddress, postalCode, addressLocality, "
                       "addressCountry")
    if address:
        rec.street = read.text(rec, "address.streetAddress", address.get("streetAddress"))
        rec.postcode = read.text(rec, "address.postalCode", address.get("postalCode"))
        rec.city = read.text(rec, "address.addressLocality", address.get("addressLocality"))
        country = read.text(rec, "address.addressCountry", address.get("addressCountry"))
        _country(rec, "address.addressCountry", country)
        parts = [rec.street, f"{rec.postcode} {rec.city}".strip(), country]
        rec.address_text = ", ".join(p for p in parts if p)
    read.point(rec, "location", prop(entity, "location"))
    people = read.items(rec, "representatives", prop(entity, "representatives"))
    for i, person in enumerate(people):
        column = f"representatives[{i}]"
        if not isinstance(person, dict):
            rec.problem(column, f"expected an object, found {read.kind_of(person)}: "
                        f"{read.LEFT_OUT}", read.shown(person))
            continue
        values = {k: read.text(rec, f"{column}.{k}", person.get(k))
                  for k in ("name", "surname", "role", "email")}
        full = f"{values['name']} {values['surname']}".strip()
        if full or values["email"]:
            rec.contacts.append({"name": full, "role": values["role"],
                                 "email": values["email"], "publish": False})
    _terms(rec, "sector", "domain", prop(entity, "domain"), parsers.get("jrc-sector"))
    _terms(rec, "technology", "competences", prop(entity, "competences"),
           parsers.get("jrc-technology"))
    social = read.obj(rec, "socialAccounts", prop(entity, "socialAccounts"))
    for network in SOCIAL:
        if social.get(network) not in (None, ""):
            url = read.website(rec, f"socialAccounts.{network}", social[network])
            if url:
                rec.social[network] = url
    rec.hub_type = "dih"
    rec.described = [("jrc", "sector")] + ([("jrc", "technology")] if any(
        t.kind == "technology" for t in rec.terms) else [])
    rec.same_as = [("jrc-portal", rec.source_id)]
    return rec


def parse_portal_feature(number: int, feature: dict, parsers) -> HubRecord:
    rec = HubRecord(source="jrc-portal", source_id="", row=number, columns=PORTAL_COLUMNS)
    props = read.obj(rec, "properties", feature.get("properties"))
    hub_id = props.get("hubId")
    if hub_id in (None, ""):
        hub_id = props.get("hubResourceId")
    rec.source_id = read.text(rec, "hubId", hub_id, required=True)
    rec.same_as = [("jrc", rec.source_id)]
    rec.described = [("jrc", "technology"), ("jrc", "service")]
    if not rec.source_id and hub_id in (None, ""):
        rec.problem("hubId", "missing: the portal's hub id is the record's key (row rejected)")
    _name(rec, "name", props.get("name"))
    rec.local_name = read.text(rec, "nameLocal", props.get("nameLocal"))
    rec.description = read.rich(rec, "description", props.get("description"))
    rec.local_description = read.rich(rec, "descriptionLocal", props.get("descriptionLocal"))
    country = props.get("country")
    country = country.get("name") if isinstance(country, dict) else country
    _country(rec, "country", read.text(rec, "country", country))
    rec.street = read.text(rec, "location", props.get("location")).rstrip(",").strip()
    rec.city = read.text(rec, "locationCity", props.get("locationCity"))
    rec.address_text = ", ".join(p for p in (rec.street, rec.city) if p)
    lat, lon = props.get("latitude"), props.get("longitude")
    if lat in (None, "") and lon in (None, ""):
        read.point(rec, "geometry", feature.get("geometry"))
    else:
        read.coordinates(rec, "latitude", lat, lon)
    rec.website = read.website(rec, "website", props.get("website"))
    types = [
        HUB_TYPES.get(str(t.get("shortCode", "")).upper())
        for t in read.items(rec, "hubTypes", props.get("hubTypes"))
        if isinstance(t, dict) and isinstance(t.get("shortCode"), str)
    ]
    rec.hub_type = next((t for t in types if t), "dih")
    rec.status = status_of(props.get("evolutionaryStage"))
    rec.initiative = read.rich(rec, "digitizationLink", props.get("digitizationLink"))
    name = read.text(rec, "contactName", props.get("contactName"))
    email = read.text(rec, "contactEmail", props.get("contactEmail"))
    if name or email:
        rec.contacts.append({
            "name": name,
            "role": "contact",
            "email": email,
            "phone": read.text(rec, "contactPhone", props.get("contactPhone")),
            "publish": False,
        })
    for kind, key in (("technology", "digitTechsFocus"), ("service", "servicesProvided")):
        names = [t.get("name") for t in read.items(rec, key, props.get(key))
                 if isinstance(t, dict)]
        _terms(rec, kind, key, names, parsers.get(f"jrc-{kind}"))
    return rec
