"""The DMA in the reader's language.

The questionnaires' own words (titles, module and dimension names, questions, items, options,
scale labels, help texts) are data, not code: each file questionnaires/<key>-v<version>.yaml
has, beside it, questionnaires/translations/<key>-v<version>.<lang>.yaml for de, fr, es, it
and pl, keyed by the ids of the file:

    title: ...
    description: ...
    modules: {m1: {title: ..., description: ...}}
    dimensions: {digital_readiness: {name: ..., description: ...}}
    questions:
      q4: {text: ..., help: ..., labels: [six words, 0 to 5], items: {cad_cam: ...}}
      size_class: {text: ..., options: {micro: ...}}

The report's words for each dimension (data/help_dimensions.yaml) have theirs in
data/translations/help_dimensions.<lang>.yaml, keyed by dimension key. English is the source
file itself, and the fallback of any text a translation lacks. Only the words change: keys,
columns, stored answers and scores are the same in every language.

    localize(definition)       the definition in the active language (a copy, kept)
    available()                loader.available() with the titles in the active language
    dimension_help()           report.dimension_help() in the active language

The words of the code around them (level names, phases, the reasons an answer is refused, the
cells of a matrix, no/partially/yes) are in the maturity catalogue (gettext).
"""

from dataclasses import replace
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import loader, scoring

TRANSLATIONS = loader.FOLDER / "translations"
HELP_TRANSLATIONS = Path(__file__).resolve().parent / "data" / "translations"

LEVEL_NAMES = {
    "basic": pgettext_lazy("maturity level", "Basic"),
    "average": pgettext_lazy("maturity level", "Average"),
    "moderately_advanced": pgettext_lazy("maturity level", "Moderately advanced"),
    "advanced": pgettext_lazy("maturity level", "Advanced"),
}
assert set(LEVEL_NAMES) == set(scoring.LEVEL_NAMES)

PHASES = {"": _("Self-assessment"), "t0": _("T0 (before the hub's support)"),
          "t1": _("T1 (after the hub's support)")}

REASONS = {
    "wrong_type": _("the answer is not of the question's type"),
    "unknown_question": _("no such question in this questionnaire and version"),
    "unknown_item": _("no such item in the question"),
    "unknown_value": _("not one of the values the question or item allows"),
    "duplicate_item": _("the same item or cell is given twice"),
    "not_an_integer": _("a scale item is answered with a whole number"),
    "out_of_range": _("a scale item is answered 0 to 5"),
    "exclusive_with_others": _("an exclusive item is ticked together with another item"),
    "too_long": _("the text is longer than the question allows"),
    "bad_format": _("the text does not have the form the question asks for"),
    "missing": _("a required question is not answered"),
}

CELLS = {"invested": pgettext_lazy("matrix cell", "Invested"),
         "planned": pgettext_lazy("matrix cell", "Planned")}
TERNARY = {"no": pgettext_lazy("ternary answer", "No"),
           "partially": pgettext_lazy("ternary answer", "Partially"),
           "yes": pgettext_lazy("ternary answer", "Yes")}
assert tuple(TERNARY) == loader.TERNARY


def level_name(key) -> str:
    """A level's name in the active language; "" for no level."""
    return str(LEVEL_NAMES[key]) if key in LEVEL_NAMES else ""


def phase_name(phase) -> str:
    return str(PHASES[phase]) if phase in PHASES else str(phase)


def reason(key) -> str:
    """Why an answer is refused (scoring.AnswerError.reason), in words."""
    return str(REASONS[key]) if key in REASONS else str(key)


def invalid_answers(errors, shown: int) -> str:
    """The detail of refused answers: how many (`shown` of them listed), and the first."""
    n = len(errors)
    if n > shown:
        return _("%(n)s invalid answer(s) (the first %(max)s listed): %(first)s") % {
            "n": n, "max": shown, "first": errors[0].message}
    return _("%(n)s invalid answer(s): %(first)s") % {"n": n, "first": errors[0].message}


def cell_label(cell) -> str:
    return str(CELLS[cell]) if cell in CELLS else cell.replace("_", " ").capitalize()


def ternary_label(value) -> str:
    return str(TERNARY[value]) if value in TERNARY else value.capitalize()


def languages() -> list[str]:
    """The languages with translations: every one of LANGUAGES but English."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language(code=None) -> str:
    """One of LANGUAGES for a code ("de-at" -> "de"), default the active one."""
    code = (code or get_language() or settings.LANGUAGE_CODE).lower().split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping")
    return data


@cache
def translations(key: str, version: int, lang: str, folder: Path = TRANSLATIONS) -> dict:
    """The translation file of one questionnaire version ({} when there is none)."""
    return _read(folder / f"{key}-v{version}.{lang}.yaml")


def _text(value, english: str) -> str:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else english


def _part(data, *path) -> dict:
    for name in path:
        data = data.get(name) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def localize(definition: loader.Questionnaire, lang=None) -> loader.Questionnaire:
    """The definition with its words in `lang` (default: the active language), English
    where a translation lacks one; the same object in English."""
    lang = language(lang)
    if lang == settings.LANGUAGE_CODE:
        return definition
    return _localized(definition, lang)


@cache
def _localized(d: loader.Questionnaire, lang: str) -> loader.Questionnaire:
    t = translations(d.key, d.version, lang)
    if not t:
        return d
    questions = tuple(_question(q, _part(t, "questions", q.key)) for q in d.questions)
    modules = tuple(replace(m, title=_text(_part(t, "modules", m.key).get("title"), m.title),
                            description=_text(_part(t, "modules", m.key).get("description"),
                                              m.description))
                    for m in d.modules)
    dimensions = tuple(
        replace(x, name=_text(_part(t, "dimensions", x.key).get("name"), x.name),
                description=_text(_part(t, "dimensions", x.key).get("description"),
                                  x.description))
        for x in d.dimensions)
    return replace(d, title=_text(t.get("title"), d.title),
                   description=_text(t.get("description"), d.description), language=lang,
                   modules=modules, dimensions=dimensions, questions=questions,
                   _questions={})


def _question(q: loader.Question, t: dict) -> loader.Question:
    items, options = _part(t, "items"), _part(t, "options")
    labels = t.get("labels")
    if not (isinstance(labels, list) and len(labels) == len(q.labels)):
        labels = q.labels
    return replace(
        q, text=_text(t.get("text"), q.text), help=_text(t.get("help"), q.help),
        items=tuple(replace(i, label=_text(items.get(i.key), i.label)) for i in q.items),
        options=tuple(replace(o, label=_text(options.get(o.key), o.label))
                      for o in q.options),
        labels=tuple(_text(new, old) for new, old in zip(labels, q.labels, strict=True)),
        _items={})


def available(lang=None) -> list[dict]:
    """loader.available(), each title in the language."""
    out = []
    for entry in loader.available():
        q = localize(loader.get(entry["key"], entry["version"]), lang)
        out.append({**entry, "title": q.title})
    return out


def dimension_help(lang=None) -> dict[str, dict[str, str]]:
    """{dimension key: {measures, low, first_steps}} in the language, English where a
    translation lacks a text."""
    from .report import dimension_help as english

    lang = language(lang)
    if lang == settings.LANGUAGE_CODE:
        return english()
    return _help(lang)


@cache
def _help(lang: str) -> dict[str, dict[str, str]]:
    from .report import dimension_help as english

    t = _read(HELP_TRANSLATIONS / f"help_dimensions.{lang}.yaml")
    return {key: {f: _text(_part(t, key).get(f), text) for f, text in entry.items()}
            for key, entry in english().items()}
