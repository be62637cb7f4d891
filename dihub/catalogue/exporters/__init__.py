"""Writing hubs to files: CSV, JSON, GeoJSON, xlsx and NGSI-LD, all from `hub_dict`.

The writers (`writers.py`) and the shapes (`flat.py`, `ngsild.py`, `jsonld.py`) are
plain Python on plain dicts; `source.py` reads the hubs from the database in chunks.
"""

FORMATS = ("csv", "json", "geojson", "xlsx", "ngsi-ld")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ngsi-ld": "application/ld+json",
}
