from django.urls import path

from .views import documents as document_views
from .views import escalation as views
from .views import escalation_completion
from .views import triage_table as table_views

app_name = "escalations"

urlpatterns = [
    path("", views.my_escalations, name="mine"),
    path("nieuw/", views.escalation_create, name="create"),
    path("triage/", views.triage_queue, name="triage"),
    path("<str:reference>/", views.escalation_detail, name="detail"),
    path("<str:reference>/beoordelen/", views.triage_decide, name="decide"),
    path("<str:reference>/aanvullen/", escalation_completion.escalation_complete, name="complete"),
    path("<str:reference>/intrekken/", escalation_completion.escalation_withdraw, name="withdraw"),
    path(
        "<str:reference>/bijlagen/<int:attachment_id>/download/",
        document_views.escalation_document_download,
        name="document_download",
    ),
]
# The triage table (issue 16): two path segments, so they never match "<reference>/" above.
urlpatterns += [
    path("triage/tafel/", table_views.table_list, name="table"),
    path("triage/tafel/<str:reference>/", table_views.table_escalation, name="table_escalation"),
    path("triage/agenda/", table_views.triage_agenda, name="triage_agenda"),
]
