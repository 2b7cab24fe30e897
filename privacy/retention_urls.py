"""URLs of the privacy officer's retention screens."""

from django.urls import path

from . import retention_views

urlpatterns: list = [
    path("bewaartermijnen/", retention_views.retention_overview, name="retention"),
    path("bewaartermijnen/termijn/", retention_views.retention_term, name="retention_term"),
    path("bewaartermijnen/verlengen/", retention_views.retention_extend, name="retention_extend"),
]
