from django.apps import AppConfig


class S3Config(AppConfig):
    name = "dihub.s3"
    label = "s3"
    verbose_name = "Smart specialisation and indicators"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dihub.catalogue import importers

        from . import csvfiles
        from .imports import import_data

        for fmt in csvfiles.FORMATS:  # `dihub import` reads them too (docs/s3.md)
            importers.register(fmt, import_data,
                               lambda line, fmt=fmt: csvfiles.format_of_header(line) == fmt)
