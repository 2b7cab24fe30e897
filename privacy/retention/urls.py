"""URLs of the privacy officer's retention screens."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("bewaartermijnen/", views.retention_overview, name="retention"),
    path("bewaartermijnen/termijn/", views.retention_term, name="retention_term"),
    path("bewaartermijnen/verlengen/", views.retention_extend, name="retention_extend"),
]
