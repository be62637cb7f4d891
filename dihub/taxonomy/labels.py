"""Term names in the reader's language: English is Term.name, the others Term.i18n
(django-modeltrans, filled from data/labels.csv by the loader). Values in URLs, filters and
API payloads stay the canonical names and slugs; only what a page shows is a label."""

from django.conf import settings
from django.utils.translation import get_language

from .vocab import LABEL_LANGUAGES

LANGUAGES = (settings.LANGUAGE_CODE, *LABEL_LANGUAGES)


def language(code=None) -> str:
    """One of LANGUAGES for a language code ("de-at" -> "de"); English otherwise."""
    code = (code or get_language() or settings.LANGUAGE_CODE).lower().split("-")[0]
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def label(term, lang=None) -> str:
    """The term's name in this language (default: the active one), else its English name."""
    lang = language(lang)
    if lang == settings.LANGUAGE_CODE:
        return term.name
    return (term.i18n or {}).get(f"name_{lang}") or term.name


def labels(term) -> dict[str, str]:
    """{language: label} for every language (the English name where one is missing)."""
    return {lang: label(term, lang) for lang in LANGUAGES}


def i18n_of(translations: dict[str, str]) -> dict[str, str]:
    """The i18n field's value for {language: label}: {"name_de": ...}, empty ones left out."""
    return {f"name_{lang}": text for lang, text in sorted(translations.items()) if text}


def label_map(terms, lang=None) -> dict[tuple[str, str, str], str]:
    """(vocabulary, kind, name) -> label, for terms already fetched."""
    return {(t.vocabulary, t.kind, t.name): label(t, lang) for t in terms}


def labels_by_slug(kind_slugs, lang=None) -> dict[tuple[str, str], str]:
    """(kind, slug) -> label for these (kind, slug) pairs, in one query. A slug both
    vocabularies use (the search counts them as one) takes the EDIH term's label."""
    from .models import Term

    pairs = set(kind_slugs)
    if not pairs:
        return {}
    found = {}
    rows = (Term.objects.filter(kind__in={k for k, _ in pairs}, slug__in={s for _, s in pairs})
            .order_by("vocabulary", "-known", "id").only("kind", "slug", "name", "i18n"))
    for term in rows:  # edih before jrc
        found.setdefault((term.kind, term.slug), label(term, lang))
    return {pair: text for pair, text in found.items() if pair in pairs}


def labels_by_name(kind_names, lang=None) -> dict[tuple[str, str], str]:
    """(kind, name) -> label for these (kind, canonical name) pairs, in one query; a name both
    vocabularies use takes the EDIH term's label. Names are matched exactly."""
    from .models import Term

    pairs = set(kind_names)
    if not pairs:
        return {}
    found = {}
    rows = (Term.objects.filter(kind__in={k for k, _ in pairs}, name__in={n for _, n in pairs})
            .order_by("vocabulary", "-known", "id").only("kind", "name", "i18n"))
    for term in rows:
        found.setdefault((term.kind, term.name), label(term, lang))
    return {pair: text for pair, text in found.items() if pair in pairs}
