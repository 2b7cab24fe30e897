from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casussen"

    def ready(self):
        from . import auditlog_registry  # noqa: F401  (registers models with django-auditlog)
        from .emails import register_message_kinds

        register_message_kinds()  # the outbox sends this app's e-mails (cases/emails.py)
        user_logged_out.connect(_forget_last_search, dispatch_uid="cases-forget-last-search")


def _forget_last_search(sender, request, user, **kwargs):
    """A search term of the case list lives no longer than the session (cases/services/saved_filters.py)."""
    from .services.saved_filters import forget_last_search  # import here: models load after AppConfig

    if user is not None:
        forget_last_search(user=user)
