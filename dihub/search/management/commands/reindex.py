from time import perf_counter

from django.core.management.base import BaseCommand

from dihub.catalogue.models import Hub
from dihub.search import changes
from dihub.search.index import reindex


class Command(BaseCommand):
    help = ("Rebuild the full-text index of every hub, and make every server process rebuild "
            "its search index. Imports, the admin and edits keep both up to date; this is for "
            "data written to the database by other means.")

    def handle(self, *args, **options):
        count = Hub.objects.count()
        self.stdout.write(f"indexing {count} hubs…")
        start = perf_counter()
        reindex()
        changes.bump(Hub.objects.values_list("id", flat=True))
        self.stdout.write(f"indexed {count} hubs in {perf_counter() - start:.1f} s")
