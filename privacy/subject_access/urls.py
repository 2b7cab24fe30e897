"""URLs of the privacy officer's subject_access screens: data subjects' requests (inzage,
correctie, verwijdering) and the register of processing activities (AVG art. 30). No URL carries
a name or a BSN: requests are addressed by their number only."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("verzoeken/", views.subject_requests, name="subject_requests"),
    path("verzoeken/nieuw/", views.subject_request_new, name="subject_request_new"),
    path("verzoeken/<int:subject_request_id>/", views.subject_request_detail, name="subject_request_detail"),
    path("verzoeken/<int:subject_request_id>/zoeken/", views.subject_request_search, name="subject_request_search"),
    path(
        "verzoeken/<int:subject_request_id>/inzagerapport.pdf",
        views.subject_request_report_pdf,
        name="subject_request_report_pdf",
    ),
    path(
        "verzoeken/<int:subject_request_id>/inzagerapport-met-documenten.zip",
        views.subject_request_report_zip,
        name="subject_request_report_zip",
    ),
    path(
        "verzoeken/<int:subject_request_id>/inzagerapport.json",
        views.subject_request_report_json,
        name="subject_request_report_json",
    ),
    path("verzoeken/<int:subject_request_id>/afhandelen/", views.subject_request_decide, name="subject_request_decide"),
    path("verwerkingsregister/", views.processing_register, name="processing_register"),
    path("verwerkingsregister/nieuw/", views.processing_activity_new, name="processing_activity_new"),
    path(
        "verwerkingsregister/<int:processing_activity_id>/",
        views.processing_activity_edit,
        name="processing_activity_edit",
    ),
]
