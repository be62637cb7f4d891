from time import perf_counter

from django.core.management.base import BaseCommand
from django.db import DatabaseError


class Command(BaseCommand):
    help = "Serve dihub over HTTP with waitress (static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--threads", type=int, default=8, help="worker threads")

    def handle(self, *args, **opts):
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        from dihub.search import state

        application = get_wsgi_application()
        start = perf_counter()
        try:
            index = state.current()  # built now rather than by the first search
        except DatabaseError as exc:
            self.stderr.write(f"no search index yet ({exc}): has `dihub migrate` run?")
        else:
            self.stdout.write(f"search index of {len(index.published)} hubs built in "
                              f"{perf_counter() - start:.1f} s")
        self.stdout.write(f"dihub serving on http://{opts['host']}:{opts['port']}/")
        serve(application, host=opts["host"], port=opts["port"], threads=opts["threads"])
