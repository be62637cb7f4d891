"""`dihub regions boundaries FILE`: load Eurostat GISCO NUTS boundaries and place the hubs.
`dihub regions place`: place the hubs again in the boundaries already loaded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dihub.regions import boundaries, shapes


class Command(BaseCommand):
    help = ("Region boundaries: `regions boundaries FILE` loads a Eurostat GISCO NUTS GeoJSON "
            "(EPSG:4326) and places every hub with coordinates in the deepest region that "
            "holds it; `regions place` places them again (after an import).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = sub.add_parser("boundaries", help="load a GISCO NUTS GeoJSON file")
        load.add_argument("file", help="e.g. NUTS_RG_20M_2024_4326.geojson, downloaded from "
                                       "Eurostat GISCO")
        load.add_argument("--replace", action="store_true",
                          help="delete the boundaries loaded before (default: keep those the "
                               "file lacks, so files of single levels add up)")
        sub.add_parser("place", help="place the hubs in the boundaries already loaded")

    def handle(self, *args, action, **options):
        if action == "place":
            lines = boundaries.place_all()
        else:
            path = Path(options["file"])
            try:
                found = shapes.read(path)
            except shapes.BadBoundaryFile as exc:
                raise CommandError(str(exc), returncode=2) from None
            report = boundaries.load(found, path.name, replace=options["replace"])
            if not report.loaded:
                raise CommandError(f"{path.name}: no feature names a known region "
                                   f"({', '.join(report.unknown[:10])})", returncode=2)
            lines = report.lines()
        for line in lines:
            self.stdout.write(line)
