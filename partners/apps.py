from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners en gebruikers"

    def ready(self):
        from . import auditlog_registry  # noqa: F401  (registers models with django-auditlog)
