from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dihub.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
