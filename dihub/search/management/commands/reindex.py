from time import perf_counter

from django.core.management.base import BaseCommand

from dihub.catalogue.models import Hub
from dihub.search.index import reindex


class Command(BaseCommand):
    help = ("Rebuild the full-text index of every hub. Imports, the admin and edits keep it "
            "up to date; this is for data written to the database by other means.")

    def handle(self, *args, **options):
        count = Hub.objects.count()
        self.stdout.write(f"indexing {count} hubs…")
        start = perf_counter()
        reindex()
        self.stdout.write(f"indexed {count} hubs in {perf_counter() - start:.1f} s")
