from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passerelles.accounts"
    verbose_name = "comptes et rôles"
