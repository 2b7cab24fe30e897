from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programma's"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .aggregates import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="programmes_sqlite_percentile")
