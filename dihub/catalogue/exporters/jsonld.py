"""A hub as a schema.org `Organization` for the fact-sheet's JSON-LD. No Django."""

from .text import plain_text


def organization(hub: dict, url: str, country_name) -> dict:
    address = hub["address"]
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "url": hub["website"] or url,
        "name": hub["name"],
    }
    if hub["local_name"]:
        data["alternateName"] = hub["local_name"]
    description = plain_text(hub["description"]) or hub["title"]
    if description:
        data["description"] = description
    postal = {
        "@type": "PostalAddress",
        "streetAddress": address["street"],
        "postalCode": address["postcode"],
        "addressLocality": address["city"],
        "addressCountry": address["country"],
    }
    data["address"] = {k: v for k, v in postal.items() if v}
    if hub["lat"] is not None and hub["lon"] is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": hub["lat"],
                       "longitude": hub["lon"]}
    if hub.get("region"):
        data["areaServed"] = {"@type": "AdministrativeArea", "name": hub["region"]["name"],
                              "identifier": hub["region"]["code"]}
    knows = [t["name"] for t in hub["technologies"]]
    if knows:
        data["knowsAbout"] = knows
    same_as = sorted(set(hub["social"].values()))
    if same_as:
        data["sameAs"] = same_as
    members = [o["name"] for o in hub["organisations"]]
    if members:
        data["member"] = [{"@type": "Organization", "name": n} for n in members]
    return data
