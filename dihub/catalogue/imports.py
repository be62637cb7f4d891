"""Importing a file into the catalogue: the one entry point for commands, tests and benchmarks."""

from pathlib import Path

from dihub.taxonomy.vocab import parser_for

from .importers import OTHER_FORMATS, detect_format, parse_file
from .importers.apply import Report, run
from .importers.record import UnusableInput

__all__ = ["UnusableInput", "import_file", "import_records", "read_file", "term_parsers"]


def term_parsers() -> dict:
    """Taxonomy cell parsers: `kind` for the EDIH vocabulary, `jrc-kind` for the JRC one."""
    parsers = {}
    for kind in ("technology", "sector", "service"):
        parsers[kind] = parser_for("edih", kind)
        parsers[f"jrc-{kind}"] = parser_for("jrc", kind)
    return parsers


def read_file(path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UnusableInput(f"cannot read {path}: {exc.strerror or exc}") from exc


def import_records(data: bytes, fmt: str | None = None):
    """(format, records) of a file's content; UnusableInput when it cannot be read at all."""
    fmt = fmt or detect_format(data)
    return fmt, parse_file(data, fmt, term_parsers())


def import_file(path, fmt=None, *, dry_run=False, progress=None, progress_total=None) -> Report:
    data = read_file(path)
    fmt = fmt or detect_format(data)
    if fmt in OTHER_FORMATS:  # rows about something else than hubs (regions' S3 data)
        return OTHER_FORMATS[fmt].run(data, fmt, file_name=Path(path).name, dry_run=dry_run)
    fmt, records = import_records(data, fmt)
    if progress_total:
        progress_total(len(records))
    return run(records, file_name=Path(path).name, fmt=fmt, dry_run=dry_run, progress=progress)
