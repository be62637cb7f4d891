"""The export formats: each turns an iterable of hub_dicts into a file. No Django.

Text formats are generators of str chunks, one hub at a time, so a large catalogue is never
held in memory whole (and a web view can stream them); xlsx is written to a binary file.
Output is deterministic: keys sorted, hubs in the order given.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from ..importers.edih import COLUMNS as EDIH_COLUMNS
from . import flat, ngsild
from .content import content

JSON_FORMAT = "dihub-hubs"
JSON_VERSION = 1
XLSX_CELL_LIMIT = 32767


def dumps(value, indent=None) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent)


def _array(items: Iterable[str], head: str, tail: str) -> Iterator[str]:
    yield head
    first = True
    for item in items:
        yield item if first else ",\n" + item
        first = False
    yield tail


def json_chunks(hubs: Iterable[dict]) -> Iterator[str]:
    """dihub's JSON: {"format": "dihub-hubs", "version": 1, "hubs": [...]}, a hub a line."""
    head = f'{{"format": "{JSON_FORMAT}", "version": {JSON_VERSION}, "hubs": [\n'
    return _array((dumps(content(h)) for h in hubs), head, "\n]}\n")


def geojson_chunks(hubs: Iterable[dict]) -> Iterator[str]:
    """A FeatureCollection: a Point per hub with coordinates, null geometry otherwise."""

    def feature(hub):
        props = content(hub)
        lat, lon = props.pop("lat"), props.pop("lon")
        geometry = None if lat is None or lon is None else {
            "type": "Point", "coordinates": [lon, lat]}
        return dumps({"type": "Feature", "id": hub["slug"], "geometry": geometry,
                      "properties": props})

    return _array((feature(h) for h in hubs), '{"type": "FeatureCollection", "features": [\n',
                  "\n]}\n")


def ngsild_chunks(hubs: Iterable[dict], country_name: Callable[[str], str]) -> Iterator[str]:
    """A JSON array of DigitalInnovationHub entities, like the JRC's NGSI-LD file."""
    return _array((dumps(ngsild.entity(h, country_name)) for h in hubs), "[\n", "\n]\n")


def csv_chunks(hubs: Iterable[dict]) -> Iterator[str]:
    """dihub's CSV: a header row of flat.COLUMNS, then a row per hub."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=flat.COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for hub in hubs:
        writer.writerow(flat.row(content(hub)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if len(value) <= XLSX_CELL_LIMIT else value[: XLSX_CELL_LIMIT - 1] + "…"


def write_xlsx(hubs: Iterable[dict], out, country_name: Callable[[str], str]) -> None:
    """One sheet: the EDIH export's columns first (same names and cell formats), then
    dihub's own columns (those of the CSV)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hubs")
    sheet.freeze_panes = "B2"
    header = []
    for name in EDIH_COLUMNS + flat.COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for hub in hubs:
        data = content(hub)
        cells = flat.row(data)
        for key in ("lat", "lon"):
            cells[key] = data[key]
        edih = flat.edih_row(data, country_name)
        sheet.append([_cell(edih[c]) for c in EDIH_COLUMNS]
                     + [_cell(cells[c]) for c in flat.COLUMNS])
    book.save(out)


def write(fmt: str, hubs: Iterable[dict], out, country_name: Callable[[str], str]) -> None:
    """Write hubs in a format to a binary file object."""
    if fmt == "xlsx":
        write_xlsx(hubs, out, country_name)
        return
    for chunk in text_chunks(fmt, hubs, country_name):
        out.write(chunk.encode("utf-8"))


def text_chunks(fmt: str, hubs: Iterable[dict], country_name) -> Iterator[str]:
    if fmt == "json":
        return json_chunks(hubs)
    if fmt == "geojson":
        return geojson_chunks(hubs)
    if fmt == "ngsi-ld":
        return ngsild_chunks(hubs, country_name)
    if fmt == "csv":
        return csv_chunks(hubs)
    raise ValueError(f"unknown export format {fmt!r}")
