from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Partnerregister"

    def ready(self):
        from .account_recovery import register_message_kinds

        register_message_kinds()
