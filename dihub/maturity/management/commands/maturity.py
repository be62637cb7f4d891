"""`dihub maturity import FILE --hub SLUG`: a CSV of assessments for a hub.
`dihub maturity export [--hub SLUG]`: a hub's assessments, or everything anonymised."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dihub.catalogue.models import Hub
from dihub.maturity import csvio, loader


class Command(BaseCommand):
    help = ("Digital maturity assessments as CSV, in the columns of the DMA tool's exports "
            "(docs/maturity.md). `maturity import FILE --hub SLUG` imports a file for a hub "
            "(each bad row reported with row, column and reason; importing again changes "
            "nothing); `maturity export --hub SLUG` writes the hub's completed assessments, "
            "`maturity export` every completed one, anonymised.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = sub.add_parser("import", help="import a CSV file for a hub")
        load.add_argument("file", help="a CSV file, UTF-8")
        load.add_argument("--hub", required=True, metavar="SLUG",
                          help="the hub the assessments are shared with")
        load.add_argument("--user", metavar="EMAIL", default="",
                          help="recorded as the person who imported (default: nobody)")
        out = sub.add_parser("export", help="write completed assessments as CSV")
        out.add_argument("--hub", metavar="SLUG", default="",
                         help="the assessments shared with this hub, with the companies' "
                              "names (default: every one, anonymised)")
        out.add_argument("--questionnaire", default="sme", help="sme (default) or public")
        out.add_argument("--version", type=int, default=None,
                         help="the questionnaire's version (default: the current one)")
        out.add_argument("-o", "--output", metavar="FILE",
                         help="write to FILE instead of standard output")

    def _hub(self, slug):
        hub = Hub.objects.filter(slug=slug).first()
        if hub is None:
            raise CommandError(f"no hub with the slug {slug!r}", returncode=2)
        return hub

    def handle(self, *args, action, **opts):
        if action == "import":
            hub = self._hub(opts["hub"])
            user = None
            if opts["user"]:
                user = get_user_model().objects.filter(email__iexact=opts["user"]).first()
                if user is None:
                    raise CommandError(f"no person with the address {opts['user']!r}",
                                       returncode=2)
            path = Path(opts["file"])
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror or exc}", returncode=2) from None
            report = csvio.import_csv(data, hub, user)
            for line in report.lines():
                self.stdout.write(line)
            if report.problems and not (report.created or report.updated or report.unchanged):
                raise CommandError(f"{path.name}: nothing imported", returncode=1)
            return
        try:
            loader.get(opts["questionnaire"], opts["version"])
        except loader.UnknownQuestionnaire as exc:
            raise CommandError(str(exc), returncode=2) from None
        hub = self._hub(opts["hub"]) if opts["hub"] else None
        path = opts["output"]
        stream = open(path, "w", encoding="utf-8", newline="") if path else sys.stdout
        try:
            if hub is not None:
                n = csvio.export_hub(stream, hub, opts["questionnaire"], opts["version"])
            else:
                n = csvio.export_all(stream, opts["questionnaire"], opts["version"])
        finally:
            if path:
                stream.close()
        if path:
            self.stderr.write(f"{n} assessment(s) written to {path}")
