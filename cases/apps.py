from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casussen"

    def ready(self):
        from . import auditlog_registry  # noqa: F401  (registers models with django-auditlog)
