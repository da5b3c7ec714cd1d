from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passerelles.accounts"
    verbose_name = "comptes et rôles"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from . import throttling

        user_login_failed.connect(throttling.count_failure, dispatch_uid="passerelles_sign_in_client_failure")
