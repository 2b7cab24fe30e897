"""Partner registry (functional admin): organisations, their WGS participation and contacts."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("register/", views.organisation_list, name="organisations"),
    path("register/nieuw/", views.organisation_new, name="organisation_new"),
    path("register/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("register/<int:organisation_id>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("register/<int:organisation_id>/contactpersonen/nieuw/", views.contact_new, name="contact_new"),
    path("register/<int:organisation_id>/contactpersonen/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path(
        "register/<int:organisation_id>/contactpersonen/<int:contact_id>/verwijderen/",
        views.contact_remove,
        name="contact_remove",
    ),
]
