from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Stuurinformatie"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .aggregates import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="dashboard_sqlite_percentile")
