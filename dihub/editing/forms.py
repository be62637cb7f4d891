"""The edit page's forms, and the way between them and the fact-sheet document.

`Editor` holds every form of the page at once: built from a sheet to show it, or from a
POST to save it. `Editor.document()` is the sheet sent to `steps.edit`, which checks it
(dihub.catalogue.sheet); `Editor.add_sheet_errors()` puts each of a SheetError's errors
next to the field it names ("contacts.2.email" on the right row). The forms themselves
check little: the sheet is the one place that says what is valid.
"""

import copy
import html
import re
import unicodedata
from functools import lru_cache

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext_lazy,
    ngettext,
    pgettext_lazy,
)
from django.utils.translation import gettext as _

from dihub.catalogue.languages import EXAMPLE_TRANSLATED, country_label, is_language, language_name
from dihub.catalogue.models import HubType, Organisation, Status
from dihub.catalogue.sheet import LABELS, MAX_LENGTH, TERM_LISTS, TRANSLATION_LANGUAGES
from dihub.params import ascii_int
from dihub.taxonomy.labels import label as term_label
from dihub.taxonomy.models import Term, Vocabulary

LEVELS = [("", pgettext_lazy("engagement", "level –")), ("1", "1"), ("2", "2"), ("3", "3"),
          ("4", "4"), ("5", "5")]
RICH_HELP = gettext_lazy("Plain text (leave a blank line between paragraphs) or simple HTML: "
                  "&lt;p&gt;, &lt;strong&gt;, &lt;em&gt;, &lt;ul&gt;/&lt;li&gt;, &lt;a href&gt;. "
                  "Anything else is removed.")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def country_choices():
    """("", "–") and every country, by its name in the active language."""
    return _country_choices(get_language() or "en")


@lru_cache(maxsize=8)
def _country_choices(lang):
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    named = sorted(((code, country_label(code, lang) or code) for code in codes),
                   key=lambda c: unicodedata.normalize("NFKD", c[1]).casefold())
    return [("", "–")] + named


def paragraphs(text: str) -> str:
    """Text typed without HTML as paragraphs (a blank line between them); HTML as typed:
    the sheet sanitizes it."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text or _TAG.search(text):
        return text
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>".replace("\n", "<br>")
                   for p in parts)


def _text(label, *, required=False, help_text="", widget=None, **attrs):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           strip=True, widget=widget(attrs=attrs) if widget else
                           forms.TextInput(attrs=attrs or None))


def _area(label, path, rows=3, help_text=""):
    return forms.CharField(label=label, required=False, help_text=help_text, strip=True,
                           widget=forms.Textarea(attrs={"rows": rows,
                                                        "maxlength": MAX_LENGTH[path]}))


class Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SheetForm(Form):
    """The fact-sheet's single fields."""

    name = _text(gettext_lazy("Name"), required=True, maxlength=MAX_LENGTH["name"])
    local_name = _text(gettext_lazy("Name in the local language"),
                       maxlength=MAX_LENGTH["local_name"])
    title = _text(gettext_lazy("Title"),
                  help_text=gettext_lazy("A short line under the name, e.g. what the hub is for."),
                  maxlength=MAX_LENGTH["title"])
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=HubType.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Status.choices)
    description = _area(gettext_lazy("Description"), "description", rows=10, help_text=RICH_HELP)
    local_description = _area(gettext_lazy("Description in the local language"),
                              "local_description", rows=6, help_text=RICH_HELP)
    initiative = _area(gettext_lazy("Digitisation initiative"), "initiative", rows=4,
                       help_text=format_lazy(
                           "{} {}", gettext_lazy("The national or regional initiative the hub "
                                          "belongs to."), RICH_HELP))
    street = _text(gettext_lazy("Street and number"), maxlength=MAX_LENGTH["address.street"],
                   autocomplete="street-address")
    postcode = _text(gettext_lazy("Postcode"), maxlength=MAX_LENGTH["address.postcode"],
                     autocomplete="postal-code")
    city = _text(gettext_lazy("Town or city"), maxlength=MAX_LENGTH["address.city"],
                 autocomplete="address-level2")
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=country_choices,
                                required=False)
    address_text = _text(gettext_lazy("Address as one line"), maxlength=MAX_LENGTH["address.text"],
                         help_text=gettext_lazy("As a source wrote it; optional."))
    lat = forms.FloatField(label=gettext_lazy("Latitude"), required=False, min_value=-90,
                           max_value=90, localize=False,
                           widget=forms.NumberInput(attrs={"step": "any"}))
    lon = forms.FloatField(label=gettext_lazy("Longitude"), required=False, min_value=-180,
                           max_value=180, localize=False,
                           widget=forms.NumberInput(attrs={"step": "any"}))
    region = _text(gettext_lazy("NUTS region"), maxlength=MAX_LENGTH["region"], list="region-codes",
                   help_text=gettext_lazy("A NUTS code such as DE111."))
    website = _text(gettext_lazy("Website"), widget=forms.URLInput, maxlength=MAX_LENGTH["website"],
                    placeholder="https://")

    ADDRESS = {"street": "street", "postcode": "postcode", "city": "city",
               "country": "country", "text": "address_text"}

    @classmethod
    def initial_from(cls, sheet):
        address = sheet.get("address") or {}
        region = sheet.get("region")
        initial = {k: sheet.get(k) for k in ("name", "local_name", "title", "description",
                                              "local_description", "initiative", "type",
                                              "status", "lat", "lon", "website")}
        initial.update({field: address.get(key, "") for key, field in cls.ADDRESS.items()})
        initial["region"] = (region.get("code") if isinstance(region, dict) else region) or ""
        return initial

    def document(self) -> dict:
        d = self.cleaned_data
        doc = {k: d[k] for k in ("name", "local_name", "title", "type", "status", "lat",
                                 "lon", "website")}
        for key in ("description", "local_description", "initiative"):
            doc[key] = paragraphs(d[key])
        doc["address"] = {key: d[field] for key, field in self.ADDRESS.items()}
        doc["region"] = d["region"] or None
        return doc


# -- languages -----------------------------------------------------------------------------

# offered as check boxes: the EU's official languages and the other languages of its regions
# and neighbours; any other ISO 639-1 code can be typed
COMMON_LANGUAGES = ("bg", "bs", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fi",
                    "fr", "ga", "gl", "hr", "hu", "is", "it", "lb", "lt", "lv", "mk", "mt",
                    "nl", "no", "pl", "pt", "ro", "sk", "sl", "sq", "sr", "sv", "tr", "uk")
_CODES = re.compile(r"[\s,;]+")


def _in_language(field, lang):
    """The field for a text in lang: its label says which language ("Title (French)")."""
    field.widget.attrs["lang"] = lang
    field.label = f"{field.label} ({get_language_info(lang)['name_translated']})"
    return field


class LanguagesForm(Form):
    """The languages the hub serves its customers in."""

    languages = forms.MultipleChoiceField(label=LABELS["languages"], required=False,
                                          widget=forms.CheckboxSelectMultiple)
    other = _text(gettext_lazy("Other languages"), maxlength=200,
                  help_text=gettext_lazy("Two-letter ISO 639-1 codes, separated by commas, "
                                         "e.g. ar, ru."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = get_language() or "en"
        self.fields["languages"].choices = sorted(
            ((code, language_name(code, lang)) for code in COMMON_LANGUAGES),
            key=lambda c: unicodedata.normalize("NFKD", c[1]).casefold())

    @classmethod
    def initial_from(cls, sheet):
        codes = sheet.get("languages") or []
        return {"languages": [c for c in codes if c in COMMON_LANGUAGES],
                "other": ", ".join(c for c in codes if c not in COMMON_LANGUAGES)}

    def clean_other(self):
        codes = [c.lower() for c in _CODES.split(self.cleaned_data["other"]) if c]
        unknown = [c for c in codes if not is_language(c)]
        if unknown:
            raise ValidationError(ngettext(
                "Not an ISO 639-1 language code: %(codes)s.",
                "Not ISO 639-1 language codes: %(codes)s.", len(unknown))
                % {"codes": ", ".join(unknown)})
        return codes

    def document(self) -> list[str]:
        return sorted({*self.cleaned_data["languages"], *self.cleaned_data["other"]})


class TranslationForm(Form):
    """The hub's name, title and description in one more language."""

    name = _text(gettext_lazy("Name"), maxlength=MAX_LENGTH["name"])
    title = _text(gettext_lazy("Title"), maxlength=MAX_LENGTH["title"])
    description = _area(gettext_lazy("Description"), "description", rows=6, help_text=RICH_HELP)

    def __init__(self, lang, *args, **kwargs):
        super().__init__(*args, prefix=f"translation-{lang}", **kwargs)
        self.lang, self.info = lang, get_language_info(lang)
        for field in self.fields.values():
            _in_language(field, lang)

    @property
    def filled(self):
        source = self.data if self.is_bound else self.initial
        return any((source.get(self.add_prefix(f) if self.is_bound else f) or "").strip()
                   for f in self.fields)

    def document(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "title": d["title"],
                "description": paragraphs(d["description"])}


# -- the lists -------------------------------------------------------------------------

class RowForm(Form):
    """One item of a list; a row whose TEXT fields are all blank is left out."""

    TEXT: tuple = ()

    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(f) or "").strip() for f in self.TEXT)

    def item(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.fields if f != "DELETE"}


class ContactForm(RowForm):
    TEXT = ("name", "role", "email", "phone")
    name = _text(pgettext_lazy("person", "Name"), maxlength=MAX_LENGTH["contacts.name"],
                 autocomplete="off")
    role = _text(pgettext_lazy("person", "Role"), maxlength=MAX_LENGTH["contacts.role"])
    email = _text(gettext_lazy("E-mail"), widget=forms.EmailInput,
                  maxlength=MAX_LENGTH["contacts.email"], autocomplete="off")
    phone = _text(gettext_lazy("Phone"), maxlength=MAX_LENGTH["contacts.phone"], autocomplete="off")
    publish = forms.BooleanField(label=gettext_lazy("This person agreed to be shown in public"),
                                 required=False)

    def item(self):
        item = super().item()
        item["publish"] = bool(item["publish"])
        return item


class OrganisationForm(RowForm):
    TEXT = ("name", "website")
    name = _text(gettext_lazy("Name"), maxlength=MAX_LENGTH["organisations.name"])
    role = forms.ChoiceField(label=pgettext_lazy("organisation", "Role"),
                             choices=Organisation.Role.choices,
                             initial=Organisation.Role.PARTNER)
    country = _text(gettext_lazy("Country code"), maxlength=MAX_LENGTH["organisations.country"],
                    list="country-codes", placeholder=gettext_lazy("e.g. DE"), size=4)
    website = _text(gettext_lazy("Website"), widget=forms.URLInput,
                    maxlength=MAX_LENGTH["organisations.website"], placeholder="https://")


class ExampleForm(RowForm):
    """A service example, and the same in each other language (`de_title`, ...)."""

    FIELDS = EXAMPLE_TRANSLATED
    TEXT = FIELDS + tuple(f"{lang}_{f}" for lang in TRANSLATION_LANGUAGES
                          for f in EXAMPLE_TRANSLATED)
    title = _text(gettext_lazy("Title"), maxlength=MAX_LENGTH["examples.title"])
    client_profile = _area(gettext_lazy("Client"), "examples.client_profile", rows=2)
    need = _area(gettext_lazy("Need"), "examples.need", rows=2)
    solution = _area(gettext_lazy("Solution"), "examples.solution", rows=2)
    result = _area(gettext_lazy("Result"), "examples.result", rows=2)

    def __init__(self, *args, initial=None, **kwargs):
        initial = dict(initial or {})
        for lang, fields in (initial.pop("translations", None) or {}).items():
            initial.update({f"{lang}_{f}": text for f, text in fields.items()})
        super().__init__(*args, initial=initial, **kwargs)
        for lang in TRANSLATION_LANGUAGES:
            for name in self.FIELDS:
                self.fields[f"{lang}_{name}"] = _in_language(
                    copy.deepcopy(self.base_fields[name]), lang)

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.TEXT[len(self.FIELDS):]]

    def translation_groups(self):
        """[(language info, bound fields, filled)] for the template."""
        out = []
        for lang in TRANSLATION_LANGUAGES:
            fields = [self[f"{lang}_{f}"] for f in self.FIELDS]
            filled = any((f.value() or "").strip() or f.errors for f in fields)
            out.append((get_language_info(lang), fields, filled))
        return out

    def item(self):
        d = self.cleaned_data
        item = {f: d.get(f) for f in self.FIELDS}
        item["translations"] = {lang: {f: d.get(f"{lang}_{f}") for f in self.FIELDS}
                                for lang in TRANSLATION_LANGUAGES}
        return item


class FundingForm(RowForm):
    TEXT = ("programme", "description")
    programme = _text(gettext_lazy("Programme"), maxlength=MAX_LENGTH["funding.programme"])
    description = _area(gettext_lazy("Description"), "funding.description", rows=2)


class SocialForm(RowForm):
    TEXT = ("network", "url")
    network = _text(gettext_lazy("Network"), maxlength=MAX_LENGTH["social.network"],
                    placeholder=gettext_lazy("e.g. LinkedIn"))
    url = _text(pgettext_lazy("web page", "Address"), widget=forms.URLInput,
                maxlength=MAX_LENGTH["social.url"], placeholder="https://")

    def clean(self):
        data = super().clean()
        network, url = (data.get("network") or "").strip(), (data.get("url") or "").strip()
        if network and not url:
            self.add_error("url", _("Give the page's address, or empty the row."))
        if url and not network:
            self.add_error("network", _("Name the network, e.g. LinkedIn."))
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                self.add_error("url", _("Expected a web address beginning with http:// or "
                                        "https://"))
        return data


class BaseRows(forms.BaseFormSet):
    @property
    def management_form(self):
        """Django reads the row counts with int(), which takes "٣" for 3: here only ASCII
        digits count, anything else makes the counts invalid (the page says so)."""
        form = super().management_form
        if self.is_bound and form.is_valid():
            for name in ("TOTAL_FORMS", "INITIAL_FORMS"):
                if ascii_int(self.data.get(self.add_prefix(name), "")) is None:
                    form.add_error(name, _("Expected a number of rows."))
                    form.cleaned_data[name] = 0
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")

    def rows(self):
        """(form index, form) of the rows that hold something and are not removed."""
        return [(i, f) for i, f in enumerate(self.forms)
                if not f.is_blank() and not f.cleaned_data.get("DELETE")]


class SocialRows(BaseRows):
    def clean(self):
        seen = set()
        for _i, form in self.rows():
            network = form.cleaned_data["network"].strip().casefold()
            if network in seen:
                form.add_error("network", _("This network is named twice."))
            seen.add(network)


def _rows(form, extra, formset=BaseRows):
    return forms.formset_factory(form, formset=formset, extra=extra, can_delete=True,
                                 can_delete_extra=False, max_num=300, absolute_max=400)


LISTS = {  # key in the sheet: (formset, heading, what one row is called)
    "contacts": (_rows(ContactForm, 2), LABELS["contacts"], gettext_lazy("Contact")),
    "organisations": (_rows(OrganisationForm, 2), LABELS["organisations"],
                      gettext_lazy("Organisation")),
    "examples": (_rows(ExampleForm, 1), LABELS["examples"], gettext_lazy("Example")),
    "funding": (_rows(FundingForm, 1), LABELS["funding"], gettext_lazy("Funding source")),
}
SocialFormSet = _rows(SocialForm, 2, SocialRows)


# -- the terms ---------------------------------------------------------------------------

class TermPicker:
    """The terms of one kind, from both vocabularies, each with a check box and a level.

    Posted as `<key>` (the ids of the terms checked) and `<key>-level-<id>` (1-5 or empty).
    """

    levels = LEVELS

    def __init__(self, key, terms, chosen: dict):
        self.key, self.label = key, LABELS[key]
        self.chosen = chosen  # term id -> level (None when not given)
        self.errors, self.row_errors = [], {}
        self.terms = [t for t in terms if t.known or t.pk in chosen]
        self.order = []  # term ids in the order of the document's list

    @classmethod
    def from_sheet(cls, key, terms, items):
        by_name = {(t.vocabulary, t.name.lower()): t.pk for t in terms}
        chosen = {}
        for item in items or []:
            pk = by_name.get((item.get("vocabulary", "edih"), str(item.get("name", "")).lower()))
            if pk is not None:
                chosen[pk] = item.get("level")
        return cls(key, terms, chosen)

    @classmethod
    def from_post(cls, key, terms, data):
        ids = {t.pk for t in terms}
        chosen = {}
        for value in data.getlist(key):
            pk = ascii_int(value)
            if pk in ids:
                level = data.get(f"{key}-level-{value}", "")
                chosen[pk] = ascii_int(level, 1, 5)
        return cls(key, terms, chosen)

    def document(self) -> list[dict]:
        by_id = {t.pk: t for t in self.terms}
        self.order = [pk for pk in self.chosen if pk in by_id]
        return [{"vocabulary": by_id[pk].vocabulary, "name": by_id[pk].name,
                 "level": self.chosen[pk]} for pk in self.order]

    def add_error(self, index, reason):
        if index is not None and 0 <= index < len(self.order):
            self.row_errors.setdefault(self.order[index], []).append(reason)
        else:
            self.errors.append(reason)

    @property
    def count(self):
        return len(self.chosen)

    def groups(self):
        """[{"vocabulary", "label", "rows", "count"}] for the template."""
        out = []
        for vocabulary, label in Vocabulary.choices:
            rows = [{"id": t.pk, "name": term_label(t), "known": t.known,
                     "checked": t.pk in self.chosen,
                     "level": str(self.chosen.get(t.pk) or ""),
                     "errors": self.row_errors.get(t.pk, [])}
                    for t in self.terms if t.vocabulary == vocabulary]
            if rows:
                out.append({"vocabulary": vocabulary, "label": label, "rows": rows,
                            "count": sum(r["checked"] for r in rows),
                            "open": any(r["checked"] or r["errors"] for r in rows)
                            or vocabulary == Vocabulary.EDIH})
        return out


def _terms_by_kind(sheet=None, ids=()):
    """Every known term, and the unknown ones a sheet holds or a form sent back (`ids`),
    by kind, in list order."""
    wanted = Q(known=True) | Q(pk__in=list(ids))
    for key in TERM_LISTS:
        for item in (sheet or {}).get(key) or []:
            wanted |= Q(vocabulary=item.get("vocabulary", "edih"),
                        name__iexact=str(item.get("name", "")))
    terms = {kind: [] for kind in TERM_LISTS.values()}
    for term in Term.objects.filter(wanted).order_by("vocabulary", "position", "name"):
        if term.kind in terms:
            terms[term.kind].append(term)
    return terms


# -- the whole page ------------------------------------------------------------------------

FRIENDLY = [  # pydantic's reasons (always in English), in the reader's words
    (re.compile(r"^(String should have at least 1 character|Field required)$"),
     lambda m: _("This field is required.")),
    (re.compile(r"^String should have at most (\d+) characters?$"),
     lambda m: ngettext("At most %(count)d character.", "At most %(count)d characters.",
                        int(m[1])) % {"count": int(m[1])}),
    (re.compile(r"^List should have at most (\d+) items.*$"),
     lambda m: ngettext("At most %(count)d row.", "At most %(count)d rows.",
                        int(m[1])) % {"count": int(m[1])}),
    (re.compile(r"^Input should be a valid (number|integer|boolean).*$"),
     lambda m: {"number": _("Expected a number."), "integer": _("Expected a whole number."),
                "boolean": _("Expected yes or no.")}[m[1]]),
    (re.compile(r"^Input should be less than or equal to (\S+)$"),
     lambda m: _("Expected at most %(limit)s.") % {"limit": m[1]}),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"),
     lambda m: _("Expected at least %(limit)s.") % {"limit": m[1]}),
    (re.compile(r"^Input should be (.*)$"), lambda m: _("This value is not allowed here.")),
]


def friendly(reason: str) -> str:
    for pattern, replacement in FRIENDLY:
        if found := pattern.match(reason):
            return replacement(found)
    return reason


class Editor:
    """All the forms of the edit page."""

    def __init__(self, sheet=None, data=None):
        bound = data is not None
        sheet = sheet or {}
        self.main = SheetForm(data, initial=None if bound else SheetForm.initial_from(sheet))
        self.lists = {}
        for key, (formset, heading, row_label) in LISTS.items():
            fs = formset(data, prefix=key, initial=None if bound else sheet.get(key) or [])
            self.lists[key] = {"key": key, "formset": fs, "heading": heading,
                               "row_label": row_label, "errors": []}
        social = [{"network": k, "url": v} for k, v in (sheet.get("social") or {}).items()]
        self.social = SocialFormSet(data, prefix="social", initial=None if bound else social)
        self.social_errors = []
        posted = {pk for key in TERM_LISTS for v in data.getlist(key)
                  if (pk := ascii_int(v)) is not None} if bound else ()
        terms = _terms_by_kind(None if bound else sheet, posted)
        self.terms = {key: (TermPicker.from_post(key, terms[kind], data) if bound else
                            TermPicker.from_sheet(key, terms[kind], sheet.get(key)))
                      for key, kind in TERM_LISTS.items()}
        self.languages = LanguagesForm(
            data, initial=None if bound else LanguagesForm.initial_from(sheet))
        given = sheet.get("translations") or {}
        self.translations = {lang: TranslationForm(lang, data, initial=None if bound
                                                   else given.get(lang) or {})
                             for lang in TRANSLATION_LANGUAGES}
        self.errors = []  # errors no field shows: [(label, reason)]
        self._rows = {}

    def forms(self):
        """The single forms of the page."""
        return [self.main, self.languages, *self.translations.values()]

    def is_valid(self) -> bool:
        valid = self.social.is_valid()
        for form in self.forms():
            valid &= form.is_valid()
        for entry in self.lists.values():
            valid &= entry["formset"].is_valid()
        return bool(valid)

    def document(self) -> dict:
        doc = self.main.document()
        doc["social"] = {f.cleaned_data["network"].strip(): f.cleaned_data["url"].strip()
                         for _i, f in self.social.rows()}
        for key, picker in self.terms.items():
            doc[key] = picker.document()
        doc["languages"] = self.languages.document()
        doc["translations"] = {lang: form.document()
                               for lang, form in self.translations.items()}
        for key, entry in self.lists.items():
            rows = entry["formset"].rows()
            self._rows[key] = [i for i, _ in rows]
            doc[key] = [form.item() for _i, form in rows]
        return doc

    def add_sheet_errors(self, errors):
        """Each {"field": "contacts.2.email", "reason": ...} next to its field."""
        for error in errors:
            path, reason = error.get("field") or "", friendly(error.get("reason", ""))
            if not self._place(path.split(".") if path else [], reason):
                label = LABELS.get(path.split(".")[0], path) if path else _("Fact-sheet")
                self.errors.append((f"{label} ({path})" if "." in path else label, reason))

    def _place(self, parts, reason) -> bool:
        if not parts:
            return False
        head, rest = parts[0], parts[1:]
        main = self.main
        if head == "address" and rest and rest[0] in SheetForm.ADDRESS:
            main.add_error(SheetForm.ADDRESS[rest[0]], reason)
            return True
        if head in main.fields:
            main.add_error(head, reason)
            return True
        if head == "social":
            self.social_errors.append(reason)
            return True
        if head == "languages":
            self.languages.add_error("other", reason)
            return True
        if head == "translations" and rest and rest[0] in self.translations:
            form = self.translations[rest[0]]
            form.add_error(rest[1] if len(rest) > 1 and rest[1] in form.fields else None,
                           reason)
            return True
        if head in self.terms:
            index = ascii_int(rest[0]) if rest else None
            self.terms[head].add_error(index, reason)
            return True
        if head in self.lists:
            entry = self.lists[head]
            rows = self._rows.get(head, [])
            index = ascii_int(rest[0], 0, len(rows) - 1) if rest and rows else None
            if index is not None:
                form = entry["formset"].forms[rows[index]]
                name = "_".join(rest[2:4][::-1]) if rest[1:2] == ["translations"] else (
                    rest[1] if len(rest) > 1 else "")
                field = name if name in form.fields else None
                form.add_error(field, reason)
            else:
                entry["errors"].append(reason)
            return True
        return False

    @property
    def has_errors(self):
        return bool(self.errors or self.social_errors or any(f.errors for f in self.forms())
                    or any(p.errors or p.row_errors for p in self.terms.values())
                    or any(e["errors"] or e["formset"].total_error_count()
                           for e in self.lists.values())
                    or self.social.total_error_count())

    def error_summary(self):
        """[(label, reason, anchor)] of every error on the page, for the summary on top."""
        out = [(label, reason, "") for label, reason in self.errors]
        for form in self.forms():
            for name, errs in form.errors.items():
                known = name in form.fields
                label = form.fields[name].label if known else _("Fact-sheet")
                out += [(label, e, form[name].auto_id if known else "") for e in errs]
        for reason in self.social_errors:
            out.append((LABELS["social"], reason, "social"))
        for n, form in enumerate(self.social.forms):
            for name, errs in form.errors.items():
                out += [(_("Social media, row %(number)d") % {"number": n + 1}, e,
                         f"id_social-{n}-{name}")
                        for e in errs]
        for key, picker in self.terms.items():
            out += [(picker.label, e, f"terms-{key}") for e in picker.errors]
            for pk, errs in picker.row_errors.items():
                out += [(picker.label, e, f"{key}-{pk}") for e in errs]
        for key, entry in self.lists.items():
            out += [(entry["heading"], e, f"list-{key}") for e in entry["errors"]]
            fs = entry["formset"]
            out += [(entry["heading"], e, f"list-{key}") for e in fs.non_form_errors()]
            for n, form in enumerate(fs.forms):
                for name, errs in form.errors.items():
                    anchor = f"id_{key}-{n}-{name}" if name in form.fields else f"{key}-{n}"
                    out += [(f"{entry['row_label']} {n + 1}", e, anchor) for e in errs]
        return out
