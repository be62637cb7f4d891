from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "dihub.maturity"
    verbose_name = "Digital maturity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dihub.accounts.personal import register

        from . import personal

        register("maturity", personal.export, personal.erase)
