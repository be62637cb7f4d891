"""Country names as the sources write them, ISO 3166 codes and NUTS country codes.

No Django here.
"""

import unicodedata
from functools import lru_cache

import pycountry

# Names pycountry does not know, or knows by another spelling; keys are folded (see _key).
EXCEPTIONS = {
    "kosovo": "XK",
    "turkey": "TR",
    "turkiye": "TR",
    "republic of turkiye": "TR",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "el": "GR",
    "macedonia": "MK",
    "former yugoslav republic of macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "fyrom": "MK",
    "republic of north macedonia": "MK",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "holland": "NL",
    "republic of ireland": "IE",
    "eire": "IE",
    "moldova": "MD",
    "republic of moldova": "MD",
    "russia": "RU",
    "vatican": "VA",
    "bosnia herzegovina": "BA",
    "bosnia": "BA",
}
# ISO code -> NUTS country code, where they differ.
NUTS_COUNTRY = {"GR": "EL", "GB": "UK"}
ISO_FROM_NUTS = {v: k for k, v in NUTS_COUNTRY.items()}
# Short names where pycountry's differ from the ones the EU portals use.
NAMES = {
    "XK": "Kosovo",
    "MD": "Moldova",
    "TR": "Türkiye",
    "RU": "Russia",
    "VA": "Vatican",
    "KR": "South Korea",
    "TW": "Taiwan",
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = "".join(c if c.isalnum() else " " for c in text)
    words = text.split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(w for w in words if w != "and") if len(words) > 2 else " ".join(words)


@lru_cache(maxsize=1)
def _names() -> dict:
    names = {}
    for country in pycountry.countries:
        for attr in ("official_name", "name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                names[_key(value)] = country.alpha_2
    names.update(EXCEPTIONS)
    return names


@lru_cache(maxsize=4096)
def iso_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country name or code (Kosovo is XK), or None."""
    if not name or not name.strip():
        return None
    key = _key(name)
    if not key:
        return None
    if len(key) == 2 and key.isalpha():
        code = key.upper()
        if code in ISO_FROM_NUTS:
            return ISO_FROM_NUTS[code]
        if code == "XK":
            return code
        return code if pycountry.countries.get(alpha_2=code) else None
    return _names().get(key)


def nuts_country(iso2: str) -> str:
    """The NUTS country code of an ISO code: EL for Greece, UK for the United Kingdom."""
    code = (iso2 or "").upper()
    return NUTS_COUNTRY.get(code, code)


def iso_from_nuts(nuts: str) -> str:
    """The ISO code of a NUTS country code (EL -> GR, UK -> GB)."""
    code = (nuts or "").upper()[:2]
    return ISO_FROM_NUTS.get(code, code)


@lru_cache(maxsize=512)
def country_name(iso2: str) -> str:
    """The English short name of a country (ISO or NUTS code), or "" when unknown."""
    code = iso_from_nuts(iso2)
    if code in NAMES:
        return NAMES[code]
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        return ""
    return getattr(country, "common_name", None) or country.name
