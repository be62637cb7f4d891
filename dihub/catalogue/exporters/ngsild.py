"""A hub as the FIWARE Smart Data Models `DigitalInnovationHub` entity, NGSI-LD normalized
form, like the JRC's own conversion, plus a `location` GeoProperty. No Django."""

from .text import plain_text

CONTEXT = [
    "https://schema.lab.fiware.org/ld/context",
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld",
]
SOCIAL = ("linkedin", "facebook", "twitter", "instagram")


def entity_id(slug: str) -> str:
    return f"urn:ngsi-ld:DigitalInnovationHub:dihub:{slug}"


def prop(value) -> dict:
    return {"type": "Property", "value": value}


def entity(hub: dict, country_name) -> dict:
    address, region = hub["address"], hub.get("region") or {}
    social = {network: hub["social"].get(network, "") for network in SOCIAL}
    social.update({k: v for k, v in hub["social"].items() if k not in social})
    data = {
        "id": entity_id(hub["slug"]),
        "type": "DigitalInnovationHub",
        "title": prop(hub["name"]),
        "description": prop(plain_text(hub["description"])),
        "website": prop(hub["website"]),
        "address": prop({
            "streetAddress": address["street"],
            "addressRegion": region.get("name", ""),
            "postalCode": address["postcode"],
            "addressCountry": country_name(address["country"]),
            "addressLocality": address["city"],
        }),
        "representatives": prop([
            {"name": c["name"], "surname": "", "email": c["email"], "role": c["role"],
             "responsibilities": ""}
            for c in hub["contacts"] if c.get("publish")
        ]),
        "domain": prop([t["name"] for t in hub["sectors"]]),
        "competences": prop([t["name"] for t in hub["technologies"]]),
        "socialAccounts": prop(social),
    }
    if hub["lat"] is not None and hub["lon"] is not None:
        data["location"] = {
            "type": "GeoProperty",
            "value": {"type": "Point", "coordinates": [hub["lon"], hub["lat"]]},
        }
    data["@context"] = CONTEXT
    return data
