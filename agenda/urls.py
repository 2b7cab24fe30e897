"""Collaboration agenda (stuurgroep view, PDF, upkeep)."""

from django.urls import path

from . import views

app_name = "agenda"

PRIORITY = "agenda/<int:year>/prioriteiten/<int:priority_id>/"

urlpatterns = [
    path("agenda/", views.agenda_index, name="agendas"),
    path("agenda/nieuw/", views.agenda_new, name="agenda_new"),
    path("agenda/<int:year>/", views.agenda_detail, name="agenda"),
    path("agenda/<int:year>/bewerken/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:year>/voortgang.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("agenda/<int:year>/prioriteiten/nieuw/", views.priority_new, name="priority_new"),
    path(PRIORITY, views.priority_detail, name="priority"),
    path(PRIORITY + "bewerken/", views.priority_edit, name="priority_edit"),
    path(PRIORITY + "voortgang/", views.progress_add, name="progress_add"),
    path(PRIORITY + "acties/nieuw/", views.action_new, name="action_new"),
    path(PRIORITY + "acties/<int:agenda_action_id>/", views.action_edit, name="action_edit"),
]
