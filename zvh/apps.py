"""Django's staticfiles app, told to leave out what no page serves."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class ZvhStaticFilesConfig(StaticFilesConfig):
    # The API's documentation (api/views.py:DocsView) is Swagger UI; drf-spectacular-sidecar also
    # ships ReDoc (5 MB), which collectstatic would otherwise copy, hash and compress at every build.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]
