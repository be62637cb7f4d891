from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "dihub.editing"
    verbose_name = "Editing and review of fact-sheets"
