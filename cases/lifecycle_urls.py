"""URLs of a case's life (included in cases/urls.py under /casussen/): programme change,
reopening, follow-up case, links between cases."""

from django.urls import path

from .views import lifecycle as views

urlpatterns: list = [
    path("<str:reference>/programma/", views.programme_change, name="programme_change"),
    path("<str:reference>/heropenen/", views.reopen, name="reopen"),
    path("<str:reference>/vervolgcasus/", views.follow_up, name="follow_up"),
    path("<str:reference>/koppelingen/nieuw/", views.link_add, name="link_add"),
    path("<str:reference>/koppelingen/<int:link_id>/verwijderen/", views.link_remove, name="link_remove"),
]
