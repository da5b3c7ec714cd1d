from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passerelles.accounts"
    verbose_name = "comptes et rôles"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from passerelles.core import access

        from . import permissions, staff_sessions, throttling

        access.answer_with(permissions.can)  # the directory and core's admin ask it from below

        user_login_failed.connect(throttling.count_failure, dispatch_uid="passerelles_sign_in_client_failure")
        user_logged_in.connect(staff_sessions.remember_sign_in, dispatch_uid="passerelles_staff_session_start")
