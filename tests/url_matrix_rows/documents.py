"""Rows of the URL × role matrix for the documents on a case (issue 17).

The regisseur and the professional seated at the table (agent) add documents and versions,
open and download them; everyone else gets the 404 of a case they may not see. POSTs with an
empty body show the form again with its errors (200)."""

from .common import LOGIN, row

AT_THE_TABLE = row(404, anonymous=LOGIN, regisseur=200, agent=200)

ROWS: dict = {
    ("cases:document_add", "GET"): AT_THE_TABLE,
    ("cases:document_add", "POST"): AT_THE_TABLE,
    ("cases:document_detail", "GET"): AT_THE_TABLE,
    ("cases:document_version_add", "GET"): AT_THE_TABLE,
    ("cases:document_version_add", "POST"): AT_THE_TABLE,
    ("cases:document_download", "GET"): AT_THE_TABLE,
}


def make_kwargs(case, escalation, users) -> dict:
    """A document with one clean version. The rows only: the matrix checks statuses, and the
    download's body (streamed from storage) is not read, so no object is needed."""
    from cases.models import CaseDocument, DocumentCategory, DocumentVersion
    from documents.models import ScanStatus

    document = CaseDocument.objects.filter(case=case).first()
    if document is None:
        regisseur = users["regisseur"]
        document = CaseDocument.objects.create(
            case=case, title="Matrixdocument", category=DocumentCategory.objects.first(), created_by=regisseur
        )
        DocumentVersion.objects.create(
            document=document,
            number=1,
            file=f"casussen/{case.pk}/matrix",
            original_name="matrix.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            scan_status=ScanStatus.CLEAN,
            uploaded_by=regisseur,
        )
    return {"document_id": document.pk, "number": 1}
