import gzip
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dihub.catalogue.importers.apply import run
from dihub.catalogue.imports import UnusableInput, import_records
from dihub.catalogue.models import Hub

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "catalogue.json.gz"


class Command(BaseCommand):
    help = (
        "Load the bundled demo catalogue: the hubs of the EDIH (2025) and JRC (2022) "
        "catalogues, facts only (names, types, places, websites, taxonomy terms), "
        "built by scripts/build_demo.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the catalogue already has hubs")

    def handle(self, *args, **opts):
        if opts["if_empty"] and Hub.objects.exists():
            self.stdout.write("the catalogue has hubs already: demo not loaded")
            return
        try:
            data = gzip.decompress(DEMO_FILE.read_bytes())
            fmt, records = import_records(data, "json")
        except (OSError, UnusableInput) as exc:
            raise CommandError(f"cannot read the demo catalogue {DEMO_FILE}: {exc}") from exc
        report = run(records, file_name=DEMO_FILE.name, fmt=fmt)
        self.stdout.write(
            f"demo catalogue: {report.created} hubs created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
