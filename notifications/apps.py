from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Meldingen en achtergrondtaken"

    def ready(self):
        from .digest import register_digest_kind

        register_digest_kind()  # the daily digest is this app's own message kind
