"""A hub's languages: those it serves customers in (ISO 639-1), and its texts per language
(django-modeltrans keeps them in Hub.i18n as name_de, description_fr...)."""

import gettext
from functools import cache

import pycountry
from django.conf import settings
from django.utils.translation import get_language, pgettext

from dihub.regions import countries

TRANSLATED = ("name", "title", "description")
EXAMPLE_TRANSLATED = ("title", "client_profile", "need", "solution", "result")


def is_language(code: str) -> bool:
    return len(code or "") == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None


@cache
def _pycountry(domain, lang):
    """pycountry's translations of its names (iso639-3, iso3166-1) into lang."""
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def language_name(code: str, lang: str | None = None) -> str:
    """The name of a language in the reader's language: "hu" -> "Ungarisch" in German."""
    found = pycountry.languages.get(alpha_2=(code or "").lower())
    if found is None:
        return code
    lang = lang or get_language() or settings.LANGUAGE_CODE
    name = _pycountry("iso639-3", lang).gettext(found.name)
    return name[:1].upper() + name[1:]  # Polish writes "ukraiński": a list item starts high


def country_label(code: str, lang: str | None = None) -> str:
    """A country's name in the reader's language (pycountry's ISO 3166 translations), the
    English short name of the EU portals where there is none; the code when no country has
    it."""
    english = countries.country_name(code or "") or (code or "").upper()
    lang = (lang or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if lang == settings.LANGUAGE_CODE or not english:
        return english
    if (code or "").upper() == "XK":
        return pgettext("country", "Kosovo")
    country = pycountry.countries.get(alpha_2=code.upper())
    names = _pycountry("iso3166-1", lang)
    for name in (getattr(country, "common_name", None), getattr(country, "name", None)):
        if name and names.gettext(name) != name:
            return names.gettext(name)
    return english


def translations(i18n: dict | None, fields=TRANSLATED) -> dict[str, dict[str, str]]:
    """{language: {field: text}} of an i18n value, empty texts left out."""
    out = {}
    for key, text in sorted((i18n or {}).items()):
        field, _, lang = key.rpartition("_")
        if field in fields and text:
            out.setdefault(lang, {})[field] = text
    return out


def i18n_of(given: dict[str, dict[str, str]]) -> dict[str, str]:
    """The i18n value of {language: {field: text}}: the reverse of translations()."""
    return {f"{field}_{lang}": text for lang, fields in given.items()
            for field, text in fields.items()}


def in_language(data: dict, own: dict, lang: str, fields=TRANSLATED) -> bool:
    """Put the texts the hub wrote in lang into data; True when some text stays in the
    original because the hub has not written it in lang."""
    if lang == settings.LANGUAGE_CODE:
        return False
    mine = own.get(lang, {})
    for field in fields:
        if mine.get(field):
            data[field] = mine[field]
    return any(data.get(field) and not mine.get(field) for field in fields)
