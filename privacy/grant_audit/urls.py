"""URLs of the grant audit (included by privacy/urls.py under the `privacy` namespace)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("toegangsherstel/", views.grant_repairs, name="grant_repairs"),
]
