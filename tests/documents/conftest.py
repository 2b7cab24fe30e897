import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def eicar() -> bytes:
    """The EICAR test file, built from the hex in our ClamAV signature (never committed as text)."""
    line = (ROOT / "docker" / "clamav-test" / "zvh-test.ndb").read_text().strip()
    return bytes.fromhex(line.rsplit(":", 1)[1])


def pdf(text: str = "Rapportage") -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% " + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def docx(extra: list[tuple[str, bytes]] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def partner(ggz):
    """A GGZ professional, seated at the table of `case` beside the police."""
    return UserFactory(username="ggz_prof", organisation=ggz)


@pytest.fixture
def seated_case(case, regisseur, ggz, partner):
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[partner])
    case.refresh_from_db()
    return case
