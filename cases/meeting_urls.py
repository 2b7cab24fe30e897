"""URLs of the case meeting screens (included in cases/urls.py under /casussen/).

"Mijn week" has no case reference: its path has two fixed segments so that no "<str:reference>/…"
pattern listed before it in cases/urls.py can match it (tests/cases/test_meeting_views.py checks)."""

from django.urls import path

from .views import meeting as views

urlpatterns: list = [
    path("mijn-week/overleggen/", views.my_week, name="my_week"),
    path("<str:reference>/overleg/", views.meeting_list, name="meetings"),
    path("<str:reference>/overleg/nieuw/", views.meeting_create, name="meeting_new"),
    path("<str:reference>/overleg/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<str:reference>/overleg/<int:meeting_id>/verslag/", views.meeting_record, name="meeting_record"),
    path("<str:reference>/overleg/<int:meeting_id>/annuleren/", views.meeting_cancel, name="meeting_cancel"),
    path("<str:reference>/overleg/<int:meeting_id>/verplaatsen/", views.meeting_reschedule, name="meeting_reschedule"),
    path("<str:reference>/overleg/<int:meeting_id>/besluit/", views.meeting_decision, name="meeting_decision"),
    path("<str:reference>/overleg/<int:meeting_id>/pdf/", views.meeting_minutes_pdf, name="meeting_pdf"),
]
