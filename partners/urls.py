"""Partner registry (functional admin) and the collaboration agenda (stuurgroep view, PDF, upkeep)."""

from django.urls import path

from . import agenda_views, registry_views

app_name = "partners"

PRIORITY = "agenda/<int:year>/prioriteiten/<int:priority_id>/"

urlpatterns = [
    path("register/", registry_views.organisation_list, name="organisations"),
    path("register/nieuw/", registry_views.organisation_new, name="organisation_new"),
    path("register/<int:organisation_id>/", registry_views.organisation_detail, name="organisation"),
    path("register/<int:organisation_id>/bewerken/", registry_views.organisation_edit, name="organisation_edit"),
    path("register/<int:organisation_id>/contactpersonen/nieuw/", registry_views.contact_new, name="contact_new"),
    path(
        "register/<int:organisation_id>/contactpersonen/<int:contact_id>/",
        registry_views.contact_edit,
        name="contact_edit",
    ),
    path(
        "register/<int:organisation_id>/contactpersonen/<int:contact_id>/verwijderen/",
        registry_views.contact_remove,
        name="contact_remove",
    ),
    path("agenda/", agenda_views.agenda_index, name="agendas"),
    path("agenda/nieuw/", agenda_views.agenda_new, name="agenda_new"),
    path("agenda/<int:year>/", agenda_views.agenda_detail, name="agenda"),
    path("agenda/<int:year>/bewerken/", agenda_views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:year>/voortgang.pdf", agenda_views.agenda_pdf, name="agenda_pdf"),
    path("agenda/<int:year>/prioriteiten/nieuw/", agenda_views.priority_new, name="priority_new"),
    path(PRIORITY, agenda_views.priority_detail, name="priority"),
    path(PRIORITY + "bewerken/", agenda_views.priority_edit, name="priority_edit"),
    path(PRIORITY + "voortgang/", agenda_views.progress_add, name="progress_add"),
    path(PRIORITY + "acties/nieuw/", agenda_views.action_new, name="action_new"),
    path(PRIORITY + "acties/<int:agenda_action_id>/", agenda_views.action_edit, name="action_edit"),
]
