"""Keeping the full-text index in step with the hubs.

`reindex(hub_ids=None)`: rebuild the documents of these hubs (all when None). It runs when a
hub is saved or deleted through the ORM, and on the catalogue's `hubs_changed` signal, which
the importer and the admin send after writing a hub's terms and organisations; each of them
also starts a new generation (changes.bump), which brings every process's bitmap index
(state.py) up to date before its next search.
"""

from collections import defaultdict

from django.db import connection, transaction

from dihub.catalogue.models import Hub, HubTerm, Organisation
from dihub.regions.countries import country_name

from . import changes, fts, languages
from .text import fold, plain

CHUNK = 2000


def documents(hub_ids):
    """(hub_id, names, terms, body, stems) of these hubs, folded. Terms carry their labels in
    every language; stems are {language: [stem]} of the hub's text in each language but
    English: its own translations, and its texts written in that language."""
    hub_ids = list(hub_ids)
    terms, term_stems, orgs = defaultdict(list), defaultdict(list), defaultdict(list)
    for hub_id, name, labels in HubTerm.objects.filter(hub_id__in=hub_ids).values_list(
            "hub_id", "term__name", "term__i18n"):
        terms[hub_id] += [name, *(labels or {}).values()]
        term_stems[hub_id] += [(key.rsplit("_", 1)[-1], text)
                               for key, text in (labels or {}).items()]
    for hub_id, name in Organisation.objects.filter(hub_id__in=hub_ids).values_list(
            "hub_id", "name"):
        orgs[hub_id].append(name)
    rows = Hub.objects.filter(id__in=hub_ids).values_list(
        "id", "name", "local_name", "title", "description", "local_description", "city",
        "country", "region__name", "i18n")
    for hid, name, local_name, title, desc, local_desc, city, country, region, i18n in rows:
        body = [plain(desc), plain(local_desc), city, country_name(country or "") or "",
                region or "", *orgs[hid]]
        texts = [*term_stems[hid], *_translations(i18n)]
        for text in (plain(local_desc) or local_name, plain(desc)):
            lang = languages.detect(text, country) if text else ""
            if lang in languages.STEMMED:
                texts.append((lang, f"{local_name} {text}" if text != local_name else text))
        stems = defaultdict(list)
        for lang, text in texts:
            stems[lang] += languages.stems(text, lang)
        yield (hid, fold(" ".join([name, local_name, title])), fold(" ".join(terms[hid])),
               fold(" ".join(body)), dict(stems))


def _translations(i18n):
    """(language, text) of a hub's own translations (name_de, description_fr...)."""
    for key, text in (i18n or {}).items():
        lang = key.rsplit("_", 1)[-1]
        yield lang, plain(text)


def reindex(hub_ids=None):
    """Rebuild the full-text documents of these hubs, or of every hub."""
    engine = fts.backend()
    with transaction.atomic(), connection.cursor() as cursor:
        if hub_ids is None:
            engine.clear(cursor)
            hub_ids = list(Hub.objects.values_list("id", flat=True))
        hub_ids = list(hub_ids)
        for i in range(0, len(hub_ids), CHUNK):
            chunk = hub_ids[i : i + CHUNK]
            found = list(documents(chunk))
            engine.write(cursor, found)
            gone = set(chunk) - {d[0] for d in found}
            if gone:
                engine.delete(cursor, gone)


def _hub_saved(sender, instance, **kwargs):
    reindex([instance.pk])
    changes.bump([instance.pk])


def _hub_deleted(sender, instance, **kwargs):
    with connection.cursor() as cursor:
        fts.backend().delete(cursor, [instance.pk])
    changes.bump([instance.pk])


def _hubs_changed(sender, hub_ids, **kwargs):
    reindex(hub_ids)
    changes.bump(hub_ids)


def _terms_changed(sender, **kwargs):
    changes.bump([])  # the term names the searches resolve (terms.py) are read again


def connect():
    from django.db.models.signals import post_delete, post_save

    from dihub.catalogue.signals import hubs_changed
    from dihub.taxonomy.models import Crosswalk, Term

    post_save.connect(_hub_saved, sender=Hub, dispatch_uid="search-hub-saved")
    post_delete.connect(_hub_deleted, sender=Hub, dispatch_uid="search-hub-deleted")
    hubs_changed.connect(_hubs_changed, dispatch_uid="search-hubs-changed")
    for model in (Term, Crosswalk):
        for signal in (post_save, post_delete):
            signal.connect(_terms_changed, sender=model,
                           dispatch_uid=f"search-{model.__name__}-{signal is post_save}")
