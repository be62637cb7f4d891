from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve dihub over HTTP with waitress (static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--threads", type=int, default=8, help="worker threads")

    def handle(self, *args, **opts):
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        self.stdout.write(f"dihub serving on http://{opts['host']}:{opts['port']}/")
        serve(get_wsgi_application(), host=opts["host"], port=opts["port"], threads=opts["threads"])
