from django.core.management.base import BaseCommand

from dihub.accounts.notify import REMIND_EVERY, remind


class Command(BaseCommand):
    help = ("E-mail the managers of every hub whose fact-sheet has neither changed nor been "
            f"confirmed for 12 months, at most once every {REMIND_EVERY.days} days per hub. "
            "Meant to run daily from cron.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say who would be told")

    def handle(self, *args, dry_run=False, **options):
        report = remind(dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(f"{verb} the managers of {len(report['reminded'])} stale hubs; "
                          f"{report['skipped']} were reminded in the last {REMIND_EVERY.days} "
                          f"days; {len(report['unmanaged'])} stale hubs have no manager")
        for name in report["unmanaged"][:20]:
            self.stdout.write(f"  no manager: {name}")
