from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casussen"

    def ready(self):
        from . import auditlog_registry  # noqa: F401  (registers models with django-auditlog)
        from .emails import register_message_kinds

        register_message_kinds()  # the outbox sends this app's e-mails (cases/emails.py)
