"""Search: full text, filters, facets and places over the catalogue.

Public interface: `run(params)`, `geojson(params)`, `suggest(prefix)`,
`filters.SearchParams.from_query(querydict)`, `index.reindex(hub_ids=None)`.
"""


def run(params):
    from .engine import run as _run

    return _run(params)


def geojson(params):
    from .engine import geojson as _geojson

    return _geojson(params)


def suggest(prefix, limit=8):
    from .suggest import suggest as _suggest

    return _suggest(prefix, limit)
