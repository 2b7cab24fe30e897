from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API voor partnersystemen"
    default_auto_field = "django.db.models.BigAutoField"
