"""Places by name in any country, for `near=`: the gazetteer's names, across countries."""

import bisect
import threading

from dihub.regions import gazetteer
from dihub.regions.countries import iso_code

_lock = threading.Lock()
_index = None  # (sorted folded names, {folded name: [country codes]})


def _names():
    global _index
    with _lock:
        if _index is None:
            by_name = {}
            for key in gazetteer.load()._names:
                cc, _, name = key.partition("|")
                if name and not name.startswith("~"):
                    by_name.setdefault(name, []).append(cc)
            _index = (sorted(by_name), by_name)
    return _index


def find(text: str, countries=()):
    """The most populous place named `text` ("Logroño", "Logroño, ES", "Paris, France"),
    in one of `countries` when given; None when unknown."""
    name, _, country = text.rpartition(",")
    if name.strip() and country.strip() and iso_code(country.strip()):
        text, countries = name, [iso_code(country.strip())]
    g = gazetteer.load()
    if not countries:
        countries = _names()[1].get(gazetteer.fold(text), [])
    found = [p for cc in countries for p in g.find(cc, text)]
    return max(found, key=lambda p: p.population) if found else None


def starting_with(prefix: str, limit: int = 8, min_population: int = 0) -> list[str]:
    """Place labels "Name, CC" whose folded name starts with prefix, most populous first."""
    key = gazetteer.fold(prefix)
    if len(key) < 2:
        return []
    names, by_name = _names()
    i = bisect.bisect_left(names, key)
    g = gazetteer.load()
    found = []
    while i < len(names) and names[i].startswith(key) and len(found) < 200:
        for cc in by_name[names[i]]:
            found += g.find(cc, names[i])[:1]
        i += 1
    found.sort(key=lambda p: (not gazetteer.fold(p.name).startswith(key), -p.population))
    labels = []
    for p in found:
        if p.population < min_population:
            continue
        label = f"{p.name}, {p.country}"
        if label not in labels:
            labels.append(label)
    return labels[:limit]
