from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "dihub.catalogue"

    def ready(self):
        from dihub.regions.boundaries import boundaries_loaded

        from .placement import in_boundaries

        boundaries_loaded.connect(in_boundaries, dispatch_uid="catalogue-placement")
