"""Demo data for documents on a case (issue 17, part 1), called by `manage.py seed_demo`: one
small fake PDF report on the first running demo case, uploaded by its regisseur through the real
service (checked, scanned when a clamd answers, stored in the documents storage). Idempotent.
More demo files (letters from templates, escalation attachments) come with part 2."""

from __future__ import annotations

from django.core.files.base import ContentFile

from cases import services
from cases.models import Case, CaseDocument, DocumentCategory, Phase

TITLE = "Rapportage wijkagent (voorbeeld)"


def demo_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF with one line of text (no personal data)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def seed_case_documents() -> None:
    if CaseDocument.objects.filter(title=TITLE).exists():
        return
    case = Case.objects.exclude(phase=Phase.AFGESLOTEN).order_by("reference").first()
    if case is None:
        return
    upload = ContentFile(demo_pdf("Voorbeeldrapportage - fictieve gegevens"), name="rapportage-wijkagent.pdf")
    services.add_document(
        case=case,
        actor=case.procesregisseur,
        title=TITLE,
        category=DocumentCategory.objects.get(name="Rapportage"),
        upload=upload,
    )
