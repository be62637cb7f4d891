"""Reading the two CSV formats of region data (no Django): S3 priorities and indicators.

Each data row becomes a PriorityRow or an IndicatorRow carrying its own problems; a row
with a problem marked `rejected` is not imported, the others are. Rows are numbered as a
spreadsheet shows them: the header is row 1.
"""

import csv
import io
import math
import re
from dataclasses import dataclass, field

from dihub.catalogue.importers.record import Problem, UnusableInput

from . import nace, nutscodes

PRIORITIES = "s3-priorities"
INDICATORS = "region-indicators"
FORMATS = (PRIORITIES, INDICATORS)

COLUMNS = {
    PRIORITIES: ("nuts_code", "period", "title", "description", "nace_codes",
                 "scientific_domains", "policy_objectives", "source"),
    INDICATORS: ("nuts_code", "indicator", "year", "value", "unit", "source"),
}
REQUIRED = {
    PRIORITIES: ("nuts_code", "period", "title"),
    INDICATORS: ("nuts_code", "indicator", "year", "value"),
}
# other spellings of a column, after lower-casing and turning spaces and dashes into "_"
ALIASES = {
    "nuts": "nuts_code", "nuts_id": "nuts_code", "geo": "nuts_code",
    "priority": "title", "priority_title": "title", "programming_period": "period",
    "economic_domains": "nace_codes", "nace": "nace_codes",
    "indicator_name": "indicator", "time_period": "year", "obs_value": "value",
}
LIST_SEPARATORS = re.compile(r"[;|\n]")
_PERIOD = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")
FIRST_YEAR, LAST_YEAR = 1950, 2100
LIMITS = {"title": 500, "indicator": 200, "unit": 50, "source": 300}


def column_key(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", (name or "").strip().lower().lstrip("\ufeff"))
    return ALIASES.get(key, key)


def _delimiter(line: str) -> str:
    return max((",", ";", "\t"), key=line.count)


def format_of_header(first_line: str) -> str | None:
    """The region format a CSV header line announces, or None (then it is not one)."""
    try:
        header = next(csv.reader([first_line], delimiter=_delimiter(first_line)))
    except (csv.Error, StopIteration):
        return None
    keys = {column_key(c) for c in header}
    for fmt in FORMATS:
        if set(REQUIRED[fmt]) <= keys:
            return fmt
    return None


@dataclass
class Table:
    keys: list[str]  # the column keys, in file order ("" for an ignored column)
    columns: dict[str, str]  # key -> the column's name as the file writes it
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem] = field(default_factory=list)


def read_table(data: bytes, fmt: str) -> Table:
    """The rows of a CSV file of the format; UnusableInput when it cannot be one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableInput(f"{fmt}: not UTF-8 text (save the CSV as UTF-8)") from exc
    lines = text.splitlines()
    if not text.strip() or not lines:
        raise UnusableInput("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        header = next(reader)
        records = list(reader)
    except csv.Error as exc:
        raise UnusableInput(f"{fmt}: not a readable CSV file: {exc}") from exc
    keys = [column_key(c) for c in header]
    missing = [c for c in REQUIRED[fmt] if c not in keys]
    if missing:
        raise UnusableInput(
            f"{fmt}: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(COLUMNS[fmt])} (see docs/s3.md)"
        )
    table = Table(keys=[], columns={}, rows=[])
    for name, key in zip(header, keys, strict=True):
        if key not in COLUMNS[fmt] or key in table.columns:
            table.problems.append(Problem(1, name, "unknown or repeated column, ignored"))
            key = ""
        else:
            table.columns[key] = name.strip()
        table.keys.append(key)
    for number, cells in enumerate(records, start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        row = {k: (cells[i].strip() if i < len(cells) else "")
               for i, k in enumerate(table.keys) if k}
        table.rows.append((number, row))
    if not table.rows:
        raise UnusableInput(f"{fmt}: a header and no rows")
    return table


@dataclass
class Row:
    row: int
    region: str = ""
    source: str = ""
    problems: list[Problem] = field(default_factory=list)
    rejected: bool = False

    def problem(self, column, reason, value="", reject=False):
        self.problems.append(Problem(self.row, column, reason, str(value)))
        self.rejected = self.rejected or reject


@dataclass
class PriorityRow(Row):
    period: str = ""
    title: str = ""
    description: str = ""
    nace_codes: list[str] = field(default_factory=list)
    scientific_domains: list[str] = field(default_factory=list)
    policy_objectives: list[str] = field(default_factory=list)

    @property
    def key(self):
        return self.region, self.period, title_key(self.title)


@dataclass
class IndicatorRow(Row):
    indicator: str = ""
    year: int | None = None
    value: float | None = None
    unit: str = ""

    @property
    def key(self):
        return self.region, self.indicator, self.year


def title_key(title: str) -> str:
    """A title folded for the natural key: case and spacing do not make a new priority."""
    return " ".join(title.split()).casefold()


def text_list(cell: str) -> list[str]:
    """Items of a list cell separated by ";", "|" or new lines, each once."""
    items = [" ".join(p.split()) for p in LIST_SEPARATORS.split(cell or "")]
    return list(dict.fromkeys(i for i in items if i))


def parse_period(cell: str) -> tuple[str, str]:
    match = _PERIOD.match(cell.strip())
    if not match:
        return "", "expected a programming period as YYYY-YYYY, e.g. 2021-2027"
    start, end = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= start < end <= LAST_YEAR):
        return "", f"expected start < end, both between {FIRST_YEAR} and {LAST_YEAR}"
    return f"{start}-{end}", ""


def parse_year(cell: str, last: int) -> tuple[int | None, str]:
    text = cell.strip()
    if text.endswith(".0"):
        text = text[:-2]  # 2023.0 from a spreadsheet
    if not text.isdigit() or len(text) != 4:
        return None, "expected a year such as 2023"
    year = int(text)
    if not FIRST_YEAR <= year <= last:
        return None, f"year out of range: expected {FIRST_YEAR} to {last}"
    return year, ""


def parse_number(cell: str) -> tuple[float | None, str]:
    """A decimal number: 1234.5, 1234,5 (a decimal comma alone), -0.25, 1e6."""
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None, "not a number (use a decimal point, no thousands separator)"
    if not math.isfinite(number):
        return None, "not a finite number"
    return number, ""


def _common(rec: Row, row: dict, columns: dict, regions) -> None:
    code, reason = nutscodes.check(row.get("nuts_code", ""), regions)
    rec.region = code
    if reason:
        rec.problem(columns["nuts_code"], reason + " (row rejected)", row.get("nuts_code"), True)
    rec.source = _short(rec, row, columns, "source")


def _short(rec: Row, row: dict, columns: dict, key: str) -> str:
    text = " ".join((row.get(key) or "").split())
    limit = LIMITS[key]
    if len(text) > limit:
        rec.problem(columns[key], f"longer than {limit} characters: cut", text[:40] + "…")
        text = text[:limit]
    return text


def parse_priorities(table: Table, regions) -> list[PriorityRow]:
    """`regions`: the known NUTS codes, code -> (name, level)."""
    out, cols = [], table.columns
    for number, row in table.rows:
        rec = PriorityRow(row=number)
        _common(rec, row, cols, regions)
        rec.title = _short(rec, row, cols, "title")
        if not rec.title:
            rec.problem(cols["title"], "empty: a priority needs a title (row rejected)", "", True)
        rec.period, reason = parse_period(row.get("period", ""))
        if reason:
            rec.problem(cols["period"], reason + " (row rejected)", row.get("period"), True)
        rec.description = (row.get("description") or "").strip()
        codes, problems = nace.parse_codes(row.get("nace_codes", ""))
        rec.nace_codes = codes
        for reason, item in problems:
            rec.problem(cols["nace_codes"], f"{reason}: not stored", item)
        rec.scientific_domains = text_list(row.get("scientific_domains", ""))
        rec.policy_objectives = text_list(row.get("policy_objectives", ""))
        out.append(rec)
    _reject_repeats(out, cols["title"], "the same region, period and title")
    return out


def parse_indicators(table: Table, regions, last_year: int) -> list[IndicatorRow]:
    out, cols = [], table.columns
    for number, row in table.rows:
        rec = IndicatorRow(row=number)
        _common(rec, row, cols, regions)
        rec.indicator = _short(rec, row, cols, "indicator")
        if not rec.indicator:
            rec.problem(cols["indicator"], "empty: an indicator needs a name (row rejected)",
                        "", True)
        rec.year, reason = parse_year(row.get("year", ""), last_year)
        if reason:
            rec.problem(cols["year"], reason + " (row rejected)", row.get("year"), True)
        rec.value, reason = parse_number(row.get("value", ""))
        if reason:
            rec.problem(cols["value"], reason + " (row rejected)", row.get("value"), True)
        rec.unit = _short(rec, row, cols, "unit")
        out.append(rec)
    _reject_repeats(out, cols["indicator"], "the same region, indicator and year")
    return out


def _reject_repeats(records: list[Row], column: str, what: str) -> None:
    """A key given twice in one file: the later row is rejected, naming the first."""
    first = {}
    for rec in records:
        if rec.rejected:
            continue
        if rec.key in first:
            rec.problem(column, f"{what} as row {first[rec.key]} (row rejected)", "", True)
        else:
            first[rec.key] = rec.row
