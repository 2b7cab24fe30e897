from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("jaarverslag/", views.annual_report, name="annual_report"),
    path("levensloopaanpak/", views.lla, name="lla"),
    path("levensloopaanpak/export.<str:fmt>", views.lla_export, name="lla_export"),
]
