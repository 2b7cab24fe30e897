"""Rows of the URL × role matrix for the attachments of an escalation (issue 17).

The fixture escalation is pending and submitted by `agent`: its referrer and the triage team
(both regisseurs) download its attachment; everyone else gets the 404 of an escalation they may
not see (open_escalation), logged."""

from .common import LOGIN, row

ROWS: dict = {
    ("escalations:document_download", "GET"): row(404, anonymous=LOGIN, regisseur=200, other_regisseur=200, agent=200),
}

ESCALATION_SPECIFIC = {"escalations:document_download"}


def make_kwargs(case, escalation, users) -> dict:
    """An attachment with one clean version; the rows only (the streamed body is not read)."""
    from cases.models import CaseDocument, DocumentCategory, DocumentVersion
    from documents.models import ScanStatus

    document = CaseDocument.objects.filter(escalation=escalation).first()
    if document is None:
        agent = users["agent"]
        document = CaseDocument.objects.create(
            escalation=escalation, title="Matrixbijlage", category=DocumentCategory.objects.first(), created_by=agent
        )
        DocumentVersion.objects.create(
            document=document,
            number=1,
            file=f"aanmeldingen/{escalation.pk}/matrix",
            original_name="matrix.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            scan_status=ScanStatus.CLEAN,
            uploaded_by=agent,
        )
    return {"attachment_id": document.pk}
