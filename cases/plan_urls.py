"""URLs of the case plan screens (included in cases/urls.py under /casussen/)."""

from django.urls import path

from .views import plan as views

urlpatterns: list = [
    path("<str:reference>/plan/", views.plan, name="plan"),
    path("<str:reference>/plan/nieuw/", views.plan_start, name="plan_start"),
    path("<str:reference>/plan/<int:plan_id>/bewerken/", views.plan_edit, name="plan_edit"),
    path("<str:reference>/plan/<int:plan_id>/analyse/", views.plan_assessment, name="plan_assessment"),
    path("<str:reference>/plan/<int:plan_id>/doelen/", views.plan_goal_add, name="plan_goal_add"),
    path("<str:reference>/plan/<int:plan_id>/acties/", views.plan_action_add, name="plan_action_add"),
    path("<str:reference>/plan/<int:plan_id>/vaststellen/", views.plan_agree, name="plan_agree"),
    path(
        "<str:reference>/plan/<int:plan_id>/akkoord-vragen/",
        views.plan_request_agreement,
        name="plan_request_agreement",
    ),
    path("<str:reference>/plan/<int:plan_id>/akkoord/", views.plan_partner_agree, name="plan_partner_agree"),
    path("<str:reference>/plan/<int:plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<str:reference>/plan/acties/<int:action_id>/status/", views.plan_action_status, name="plan_action_status"),
    path("<str:reference>/casusoverzicht/pdf/", views.case_summary_pdf, name="case_summary_pdf"),
]
