import os
import sys

from django.core.management.base import BaseCommand, CommandError

from dihub.catalogue.exporters import FORMATS, writers
from dihub.catalogue.exporters.source import export_hubs
from dihub.catalogue.models import HubType
from dihub.catalogue.serialize import clean_filters, country_name
from dihub.params import BadParameter


class Command(BaseCommand):
    help = (
        "Export the published hubs of the catalogue. Contact persons appear only when they "
        "agreed to be published. The JSON and CSV files can be imported again (dihub import); "
        "an export imported into an empty database and exported again gives the same JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", "-f", choices=FORMATS, default="json",
            help="csv: dihub's columns, one hub a row; json: dihub's own file (the default); "
                 "geojson: a FeatureCollection of points; xlsx: the EDIH export's columns "
                 "first, then dihub's; ngsi-ld: FIWARE DigitalInnovationHub entities",
        )
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="write to FILE instead of standard output")
        parser.add_argument("--country", metavar="CC", default="",
                            help="only hubs of this country, an ISO 3166 code such as DE")
        parser.add_argument("--type", dest="hub_type", default="", metavar="TYPE",
                            help=f"only hubs of this type: {', '.join(HubType.values)}")

    def handle(self, *args, **opts):
        try:
            clean_filters(opts["country"], opts["hub_type"])
        except BadParameter as exc:
            raise CommandError(str(exc), returncode=2) from exc
        hubs = export_hubs(country=opts["country"], hub_type=opts["hub_type"])
        fmt, path = opts["format"], opts["output"]
        if path:
            with open(path, "wb") as out:
                writers.write(fmt, hubs, out, country_name)
            return
        if fmt == "xlsx" and sys.stdout.isatty():
            raise CommandError("xlsx is a binary file: give -o FILE or redirect the output")
        stream = self.stdout._out
        binary = getattr(stream, "buffer", None)
        if binary is not None:
            try:
                writers.write(fmt, hubs, binary, country_name)
                binary.flush()
            except BrokenPipeError:  # the reader went away (`dihub export | head`)
                os.dup2(os.open(os.devnull, os.O_WRONLY), binary.fileno())
        elif fmt == "xlsx":
            raise CommandError("xlsx is a binary file: give -o FILE")
        else:  # a text stream, as in call_command(stdout=StringIO())
            for chunk in writers.text_chunks(fmt, hubs, country_name):
                stream.write(chunk)
