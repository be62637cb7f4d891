from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RegionsConfig(AppConfig):
    name = "dihub.regions"

    def ready(self):
        from .loader import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
