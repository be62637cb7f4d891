"""Reading the hubs to export from the database, in chunks."""

from collections.abc import Iterator

from ..serialize import hub_dict, hubs_queryset, languages_dict

CHUNK = 500


def export_hubs(*, public=True, country="", hub_type="", chunk=CHUNK) -> Iterator[dict]:
    """hub_dicts by slug, with the hub's languages and translations (as the API gives
    them), fetched `chunk` hubs at a time with their related rows.

    BadParameter (dihub.params) for a bad filter value.
    """
    hubs = hubs_queryset(public=public, country=country, hub_type=hub_type).order_by("slug")
    for hub in hubs.iterator(chunk_size=chunk):
        yield {**hub_dict(hub, public=public), **languages_dict(hub)}
