"""People in each role, and the edit page's form data made from a fact-sheet document."""

import re

from dihub.accounts.models import Membership
from dihub.accounts.permissions import COORDINATOR
from dihub.accounts.tests.helpers import PASSWORD, person  # noqa: F401 (re-exported)
from dihub.catalogue import sheet as sheets
from dihub.editing.forms import COMMON_LANGUAGES
from dihub.taxonomy.models import Term

LIST_FIELDS = {
    "contacts": ("name", "role", "email", "phone", "publish"),
    "organisations": ("name", "role", "country", "website"),
    "examples": ("title", "client_profile", "need", "solution", "result"),
    "funding": ("programme", "description"),
}


def manager(hub, email="manager@hub.example.org"):
    user = person(email)
    Membership.objects.create(user=user, hub=hub)
    return user


def coordinator(email="coordinator@network.example.eu"):
    return person(email, group=COORDINATOR)


def form_data(sheet: dict, **changes) -> dict:
    """What the edit page posts for this sheet (with `changes` applied to it first)."""
    sheet = {**sheet, **changes}
    address = sheet.get("address") or {}
    region = sheet.get("region")
    data = {
        "seen": "", "action": "save",
        "name": sheet.get("name", ""), "local_name": sheet.get("local_name", ""),
        "title": sheet.get("title", ""), "type": sheet.get("type", "dih"),
        "status": sheet.get("status", "unknown"),
        "description": sheet.get("description", ""),
        "local_description": sheet.get("local_description", ""),
        "initiative": sheet.get("initiative", ""),
        "street": address.get("street", ""), "postcode": address.get("postcode", ""),
        "city": address.get("city", ""), "country": address.get("country", ""),
        "address_text": address.get("text", ""),
        "lat": "" if sheet.get("lat") is None else str(sheet["lat"]),
        "lon": "" if sheet.get("lon") is None else str(sheet["lon"]),
        "region": (region.get("code") if isinstance(region, dict) else region) or "",
        "website": sheet.get("website", ""),
    }
    codes = sheet.get("languages") or []
    data["languages"] = [c for c in codes if c in COMMON_LANGUAGES]
    data["other"] = ", ".join(c for c in codes if c not in COMMON_LANGUAGES)
    for lang, fields in (sheet.get("translations") or {}).items():
        for field, value in fields.items():
            data[f"translation-{lang}-{field}"] = value
    social = list((sheet.get("social") or {}).items())
    _management(data, "social", len(social))
    for n, (network, url) in enumerate(social):
        data[f"social-{n}-network"], data[f"social-{n}-url"] = network, url
    for key, fields in LIST_FIELDS.items():
        items = sheet.get(key) or []
        _management(data, key, len(items))
        for n, item in enumerate(items):
            for field in fields:
                value = item.get(field, "")
                if field == "publish":
                    if value:
                        data[f"{key}-{n}-publish"] = "on"
                else:
                    data[f"{key}-{n}-{field}"] = value or ""
            for lang, texts in (item.get("translations") or {}).items():
                for field, value in texts.items():
                    data[f"{key}-{n}-{lang}_{field}"] = value
    for key, kind in sheets.TERM_LISTS.items():
        ids = []
        for item in sheet.get(key) or []:
            term = Term.objects.get(kind=kind, vocabulary=item.get("vocabulary", "edih"),
                                    name=item["name"])
            ids.append(str(term.pk))
            data[f"{key}-level-{term.pk}"] = str(item.get("level") or "")
        data[key] = ids
    return data


def _management(data, prefix, count):
    data[f"{prefix}-TOTAL_FORMS"] = str(count)
    data[f"{prefix}-INITIAL_FORMS"] = str(count)
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = "300"


def seen(html: str) -> str:
    """The edit page's hidden `seen` stamp (the draft's last save it was made from)."""
    return re.search(r'name="seen" value="([^"]*)"', html).group(1)


def save(client, hub, sheet, action="save", **changes):
    """Post the edit form as the page would, with the stamp of the page just opened."""
    url = f"/hubs/{hub.slug}/edit/"
    data = form_data(sheet, **changes)
    data["seen"], data["action"] = seen(client.get(url).content.decode()), action
    return client.post(url, data)
