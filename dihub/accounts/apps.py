from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dihub.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import checks, notify  # noqa: F401  (the deploy check; the workflow's e-mails)
