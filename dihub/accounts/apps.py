from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dihub.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from allauth.account.signals import password_reset

        from . import checks, notify  # noqa: F401  (the deploy check; the workflow's e-mails)
        from .adapter import lift_locks_after_reset

        password_reset.connect(lift_locks_after_reset, dispatch_uid="dihub-lift-login-locks")
