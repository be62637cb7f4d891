"""The content of a hub in dihub's own files: hub_dict without what only one database knows.

The numeric id and the time of the last change belong to a database, not to the hub: an
export imported elsewhere and exported again gives the same bytes. A hub's own dihub key is
its slug, so that source is not listed again. No Django.
"""

DATABASE_ONLY = ("id", "updated_at")


def content(hub: dict) -> dict:
    data = {k: v for k, v in hub.items() if k not in DATABASE_ONLY}
    data["sources"] = [
        s for s in hub["sources"] if not (s["source"] == "dihub" and s["source_id"] == hub["slug"])
    ]
    return data
