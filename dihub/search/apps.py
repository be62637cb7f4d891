from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dihub.search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .index import connect

        connect()
