from django.apps import AppConfig


class RegionPagesConfig(AppConfig):
    name = "dihub.regionpages"
