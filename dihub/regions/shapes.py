"""Eurostat GISCO NUTS boundaries: read a GeoJSON file, find the regions points lie in.

No Django here. A GISCO file (NUTS_RG_<scale>_<year>_4326[_LEVL_<n>].geojson) is a
FeatureCollection whose features have properties NUTS_ID, LEVL_CODE, CNTR_CODE and
NAME_LATN and a Polygon or MultiPolygon geometry in WGS 84 (EPSG:4326). Points are
placed with shapely's STRtree: the deepest region whose polygon covers the point.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import shapely

SIMPLIFY_DEGREES = 0.005  # about 500 m: enough for a map of a region
PRECISION_DEGREES = 0.0001
_CODE = re.compile(r"[A-Z]{2}[0-9A-Z]{0,3}")


class BadBoundaryFile(ValueError):
    """A file that is not a GISCO NUTS GeoJSON: the message says what is wrong."""


@dataclass(frozen=True)
class Shape:
    code: str
    level: int
    country: str
    name: str
    geometry: object  # a shapely Polygon or MultiPolygon


def read(path) -> list[Shape]:
    """The shapes of a GISCO NUTS GeoJSON file. BadBoundaryFile for anything else."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = json.load(f)
    except OSError as exc:
        raise BadBoundaryFile(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadBoundaryFile(f"{path.name} is not JSON: {exc}") from None
    return parse(data, path.name)


def parse(data, name="the file") -> list[Shape]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BadBoundaryFile(f"{name}: expected a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BadBoundaryFile(f"{name}: the FeatureCollection has no features")
    crs = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    if crs and not crs.endswith(("4326", "CRS84")):
        raise BadBoundaryFile(f"{name}: coordinates in {crs}; download the EPSG:4326 file "
                              "(its name ends in _4326.geojson)")
    shapes = [feature_shape(f, i, name) for i, f in enumerate(features, 1)]
    return shapes


def feature_shape(feature, i, name) -> Shape:
    where = f"{name}, feature {i}"
    if not isinstance(feature, dict):
        raise BadBoundaryFile(f"{where}: expected a GeoJSON Feature")
    props = feature.get("properties") or {}
    code = str(props.get("NUTS_ID") or "").strip().upper()
    if not _CODE.fullmatch(code):
        raise BadBoundaryFile(f"{where}: expected a NUTS_ID such as DE11, got {code[:20]!r}"
                              " (is this a GISCO NUTS file?)")
    try:
        level = int(props.get("LEVL_CODE", len(code) - 2))
    except (TypeError, ValueError):
        raise BadBoundaryFile(f"{where} ({code}): LEVL_CODE is not a number") from None
    if level != len(code) - 2:
        raise BadBoundaryFile(f"{where} ({code}): LEVL_CODE {level} does not match the code")
    geometry = feature.get("geometry") or {}
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise BadBoundaryFile(f"{where} ({code}): expected a Polygon or MultiPolygon, got "
                              f"{str(geometry.get('type'))[:30]!r}")
    try:
        shape = shapely.geometry.shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise BadBoundaryFile(f"{where} ({code}): bad coordinates: {exc}") from None
    w, s, e, n = shape.bounds
    if shape.is_empty or not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise BadBoundaryFile(f"{where} ({code}): coordinates are not longitude, latitude "
                              "in degrees")
    if not shape.is_valid:
        shape = shapely.make_valid(shape)
    return Shape(code, level, str(props.get("CNTR_CODE") or code[:2]).upper(),
                 str(props.get("NAME_LATN") or props.get("NUTS_NAME") or ""), shape)


def to_geojson(geometry, simplify=False) -> str:
    if simplify:
        geometry = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        geometry = shapely.set_precision(geometry, PRECISION_DEGREES)
    return shapely.to_geojson(geometry)


def from_geojson(text: str):
    return shapely.from_geojson(text)


def place(shapes, points) -> list[str]:
    """For each (lat, lon), the code of the deepest shape that covers it, or ""."""
    if not shapes or not points:
        return [""] * len(points)
    tree = shapely.STRtree([s.geometry for s in shapes])
    xy = shapely.points([(lon, lat) for lat, lon in points])
    found = [""] * len(points)
    best = [(-1, "")] * len(points)
    point_ix, shape_ix = tree.query(xy, predicate="intersects")
    for p, s in zip(point_ix.tolist(), shape_ix.tolist(), strict=True):
        key = (shapes[s].level, shapes[s].code)
        if best[p][0] < key[0] or (best[p][0] == key[0] and key[1] < best[p][1]):
            best[p] = key
            found[p] = shapes[s].code
    return found
