"""URLs of the access-log viewer (included by privacy/urls.py under the `privacy` namespace)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("toegangslog/", views.access_log, name="access_log"),
    path("toegangslog/export/", views.access_log_export, name="access_log_export"),
]
