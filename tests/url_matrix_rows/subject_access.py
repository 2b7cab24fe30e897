"""Rows of the URL × role matrix for the privacy officer's subject_access screens.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, PRIVACY_OFFICER_ONLY, row  # noqa: F401

# Every page holds a data subject's personal data or the register: the privacy officer only.
# POSTs with an empty body answer 200 for the officer (the form is shown again with messages).
ROWS: dict = {
    ("privacy:subject_requests", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_new", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_new", "POST"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_detail", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_search", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_search", "POST"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_report_pdf", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_report_json", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_report_zip", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_decide", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:subject_request_decide", "POST"): PRIVACY_OFFICER_ONLY,
    ("privacy:processing_register", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:processing_activity_new", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:processing_activity_new", "POST"): PRIVACY_OFFICER_ONLY,
    ("privacy:processing_activity_edit", "GET"): PRIVACY_OFFICER_ONLY,
    ("privacy:processing_activity_edit", "POST"): PRIVACY_OFFICER_ONLY,
}


def make_kwargs(case, escalation, users) -> dict:
    from privacy.models import DataSubjectRequest, ProcessingActivity

    subject_request = DataSubjectRequest.objects.create(
        kind="inzage",
        subject_name="Jan Aalbers",
        person_ids=[case.persons.first().pk],
        escalation_person_ids=[escalation.persons.first().pk],
        handled_by=users["privacy_officer"],
    )
    activity, _ = ProcessingActivity.objects.get_or_create(
        name="Casusoverleg (matrix)",
        defaults={
            field: "x"
            for field in (
                "purpose",
                "legal_basis",
                "data_subjects",
                "data_categories",
                "recipients",
                "retention",
                "security_measures",
                "controllers",
            )
        },
    )
    return {"subject_request_id": subject_request.pk, "processing_activity_id": activity.pk}
