import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from dihub.catalogue.importers import formats
from dihub.catalogue.imports import UnusableInput, import_file

SHOWN = 30


class Command(BaseCommand):
    help = (
        "Import hubs from a file: the EDIH export (xlsx, even named .xls), the JRC NGSI-LD or "
        "portal GeoJSON, or dihub's own CSV or JSON; or a region's S3 priorities or indicator "
        "values (CSV, docs/s3.md). The format is detected from the content. "
        "Exit code 0: all rows imported; 1: some rows rejected, the others imported; "
        "2: unusable input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--format", choices=formats(),
                            help="skip detection: read as this format")
        parser.add_argument("--dry-run", action="store_true",
                            help="check and report, keep nothing in the database")
        parser.add_argument("--report", metavar="REPORT.json",
                            help="also write the whole report as JSON to this file")

    def handle(self, *args, **opts):
        bar = None
        if sys.stderr.isatty() and opts["verbosity"] > 0:
            bar = tqdm(unit=" hubs", desc="importing", file=sys.stderr)

        def total(n):
            if bar is not None:
                bar.total = n
                bar.refresh()

        try:
            report = import_file(opts["file"], opts["format"], dry_run=opts["dry_run"],
                                 progress=bar.update if bar else None, progress_total=total)
        except UnusableInput as exc:
            raise CommandError(str(exc), returncode=2) from exc
        finally:
            if bar is not None:
                bar.close()
        data = report.as_dict()
        if opts["report"]:
            with open(opts["report"], "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
        self.print_report(data, opts)
        if report.rejected:
            raise CommandError(
                f"{report.rejected} row(s) rejected; the other rows were imported", returncode=1
            )

    def print_report(self, data, opts):
        dry = " (dry run: nothing kept)" if opts["dry_run"] else ""
        self.stdout.write(
            f"created {data['created']}, updated {data['updated']}, "
            f"unchanged {data['unchanged']}, rejected {data['rejected']}{dry}"
        )
        if data["merged"] or data["doubtful"] or data["unplaced"]:  # hub files only
            self.stdout.write(
                f"{len(data['merged'])} merged with a hub from another source, "
                f"{len(data['doubtful'])} doubtful pair(s) left for a person to decide, "
                f"{len(data['unplaced'])} hub(s) not fully placed"
            )
        if data["problems"]:
            self.stdout.write(f"{len(data['problems'])} problem(s)")
        if opts["verbosity"] < 1:
            return
        limit = None if opts["verbosity"] > 1 else SHOWN
        for label, items, fmt in (
            ("problems", data["problems"], "row {row}, {column}: {reason}"),
            ("doubtful pairs", data["doubtful"], "row {row}, {name}: maybe hub {maybe_same_as}"),
            ("not placed", data["unplaced"], "row {row}, {name}: {reason}"),
        ):
            if not items:
                continue
            self.stdout.write(f"{label}:")
            for item in items[:limit]:
                self.stdout.write("  " + fmt.format(**item))
            if limit and len(items) > limit:
                self.stdout.write(f"  ... and {len(items) - limit} more (--report or -v 2)")
