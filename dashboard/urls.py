"""Mounted under programmas/ (zvh/urls.py): the paths are the ones managers have bookmarked since the
figures lived in the programmes app, which now holds only the reference data."""

from django.urls import path

from . import programme_views, views

app_name = "dashboard"

urlpatterns = [
    path("", programme_views.overview, name="programmes"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("jaarverslag/", views.annual_report, name="annual_report"),
    path("levensloopaanpak/", views.lla, name="lla"),
    path("levensloopaanpak/export.<str:fmt>", views.lla_export, name="lla_export"),
]
