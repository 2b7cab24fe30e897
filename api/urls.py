"""/api/v1/: the versioned REST API (issue 19). A new version gets its own module and prefix."""

from django.urls import path, re_path
from oauth2_provider import views as oauth2_views

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    # OAuth2 token endpoint of the partner applications (client credentials only).
    path("oauth/token/", oauth2_views.TokenView.as_view(), name="token"),
    path("aanmeldingen/", views.EscalationListView.as_view(), name="escalations"),
    path("aanmeldingen/<str:reference>/", views.EscalationDetailView.as_view(), name="escalation"),
    path("casussen/", views.CaseListView.as_view(), name="cases"),
    path("casussen/<str:reference>/", views.CaseDetailView.as_view(), name="case"),
    path("casussen/<str:reference>/acties/", views.CaseActionsView.as_view(), name="case_actions"),
    path(
        "casussen/<str:reference>/acties/<int:action_id>/status/",
        views.ActionStatusView.as_view(),
        name="action_status",
    ),
    path("casussen/<str:reference>/overleggen/", views.CaseMeetingsView.as_view(), name="case_meetings"),
    path("casussen/<str:reference>/plan/", views.CasePlanView.as_view(), name="case_plan"),
    path("casussen/<str:reference>/zgw/", views.CaseZgwExportView.as_view(), name="case_zgw"),
    path("stuurinformatie/", views.FiguresView.as_view(), name="figures"),
    re_path(r"^(?P<path>.*)$", views.unknown_path),  # last: a problem document, not the HTML 404
]
