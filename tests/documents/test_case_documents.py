"""Documents on a case against the real services: SeaweedFS (S3) for storage and clamd for the
virus scan (docker/test-services.sh). Upload, versions, need-to-know, refusals, download."""

import hashlib
import uuid

import pytest
from django.test import override_settings
from django.urls import reverse

from cases.models import CaseDocument, DocumentCategory, DocumentVersion
from documents.models import ScanStatus
from privacy.models import AccessAction, AccessLogEntry
from tests import document_bucket
from tests.auth import login
from tests.documents.conftest import docx, eicar, pdf, upload

pytestmark = pytest.mark.django_db


def post_document(client, case, file, *, title="Rapportage politie", category=None, key=None, **extra):
    category = category or DocumentCategory.objects.get(name="Rapportage")
    data = {"title": title, "category": category.pk, "file": file, "submission_key": key or uuid.uuid4(), **extra}
    return client.post(reverse("cases:document_add", args=[case.reference]), data)


def download(client, case, version):
    return client.get(reverse("cases:document_download", args=[case.reference, version.document_id, version.number]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_default_categories_are_the_managed_list():
    assert list(DocumentCategory.objects.values_list("name", flat=True)) == [
        "Rapportage", "Beschikking", "Verslag", "Brief", "Overig",
    ]  # fmt: skip


def test_regisseur_uploads_a_pdf_stored_in_the_bucket_with_its_checksum(client, case, regisseur):
    content = pdf("verslag")
    before = document_bucket.keys()
    login(client, regisseur)
    response = post_document(client, case, upload("../../etc/Verslag\x07 mei.pdf", content, "text/html"))
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document__case=case)
    assert version.scan_status == ScanStatus.CLEAN and version.scanned_at is not None
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.content_type == "application/pdf"  # sniffed, not the client's "text/html"
    assert version.original_name == "Verslag mei.pdf"  # no path, no control character
    assert version.uploaded_by == regisseur and version.document.category.name == "Rapportage"
    new = document_bucket.keys() - before
    assert new == {version.file.name} and "Verslag" not in version.file.name  # a random key, not the name
    assert document_bucket.read(version.file.name) == content
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert "Rapportage politie" in page.content.decode()


def test_seated_partner_uploads_and_a_colleague_not_at_the_table_cannot(client, case, agent, colleague):
    login(client, agent)
    assert post_document(client, case, upload("a.pdf", pdf())).status_code == 302
    assert DocumentVersion.objects.get().uploaded_by_organisation == agent.organisation
    client.logout()
    login(client, colleague)
    assert post_document(client, case, upload("b.pdf", pdf())).status_code == 404
    assert CaseDocument.objects.count() == 1


def test_a_new_version_keeps_the_earlier_one_and_both_download(client, case, regisseur, agent):
    login(client, regisseur)
    original = docx()  # once: a zip's headers carry the time it was made (2 s resolution)
    post_document(client, case, upload("plan.docx", original))
    document = CaseDocument.objects.get()
    client.logout()
    login(client, agent)
    url = reverse("cases:document_version_add", args=[case.reference, document.pk])
    second = pdf("tweede versie")
    assert client.post(url, {"file": upload("plan-v2.pdf", second), "submission_key": uuid.uuid4()}).status_code == 302
    first, latest = document.versions.order_by("number")
    assert (first.number, latest.number) == (1, 2)
    assert body(download(client, case, first)) == original
    assert body(download(client, case, latest)) == second
    detail = client.get(reverse("cases:document_detail", args=[case.reference, document.pk])).content.decode()
    assert "plan.docx" in detail and "plan-v2.pdf" in detail


def test_download_is_an_attachment_with_the_sniffed_type_nosniff_and_logged_as_export(client, case, regisseur):
    login(client, regisseur)
    post_document(client, case, upload("Brief aan ouders.pdf", pdf(), "application/x-evil"))
    version = DocumentVersion.objects.get()
    response = download(client, case, version)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Brief aan ouders.pdf" in response["Content-Disposition"].replace("%20", " ")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == pdf()
    exported = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, case_id=case.pk, allowed=True)
    reference = f"D{version.document_id}v1"
    assert exported.filter(user=regisseur, object_type="document", object_reference=reference).exists()
    assert set(exported.get().person_ids) == set(case.persons.values_list("pk", flat=True))


def test_restricted_document_is_invisible_to_another_partner_at_the_table(
    client, seated_case, regisseur, agent, partner, ggz
):
    case = seated_case
    login(client, partner)
    response = post_document(
        client, case, upload("medisch.pdf", pdf("diagnose")), title="Medische verklaring", restricted="on",
        restricted_to=[ggz.pk],
    )  # fmt: skip
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    client.logout()

    login(client, agent)  # the police sit at the table too, but were not named
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Medische verklaring" not in page and "Afgeschermd document" in page
    assert download(client, case, version).status_code == 403
    detail = client.get(reverse("cases:document_detail", args=[case.reference, version.document_id]))
    assert detail.status_code == 403
    refused = AccessLogEntry.objects.filter(user=agent, allowed=False, reason="afgeschermd document")
    assert refused.count() == 2
    client.logout()

    login(client, regisseur)
    assert body(download(client, case, version)) == pdf("diagnose")


def test_eicar_is_refused_deleted_and_logged_and_the_form_kept(client, case, regisseur):
    before = document_bucket.keys()
    login(client, regisseur)
    response = post_document(client, case, upload("notitie.txt", eicar()), title="Verslag huisbezoek")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("virus" in e and "Zvh.Test.EICAR" in e for e in errors)
    assert 'value="Verslag huisbezoek"' in response.content.decode()  # what was typed stays
    version = DocumentVersion.objects.get()
    assert version.scan_status == ScanStatus.INFECTED and version.file.name == ""
    assert "Zvh.Test.EICAR" in version.scan_result
    assert document_bucket.keys() == before  # the object is gone
    logged = AccessLogEntry.objects.get(user=regisseur, allowed=False, object_type="document")
    assert "virus gevonden" in logged.reason and logged.case_id == case.pk
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Verslag huisbezoek" not in page  # no clean version: not listed
    assert download(client, case, version).status_code == 404


def renamed_exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 200 + b"PE\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", renamed_exe(), "niet geaccepteerd"),
        ("leeg.pdf", b"", "leeg"),
        ("pagina.html", b"<html><body><script>alert(1)</script></body></html>", "niet geaccepteerd"),
        ("archief.zip", None, "niet geaccepteerd"),
        ("verslag.exe", pdf(), "past niet bij de inhoud"),
        ("groot.pdf", pdf() + b"0" * 3000, "te groot"),
    ],
    ids=["renamed-exe", "zero-bytes", "html", "zip", "pdf-named-exe", "oversize"],
)
@override_settings(DOCUMENT_MAX_BYTES=2000)
def test_bad_files_are_refused_next_to_the_field_and_the_form_kept(client, case, regisseur, name, content, message):
    if content is None:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.txt", "x")
        content = buffer.getvalue()
    before = document_bucket.keys()
    login(client, regisseur)
    response = post_document(client, case, upload(name, content), title="Beschikking rechtbank")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    html = response.content.decode()
    assert 'value="Beschikking rechtbank"' in html
    assert f'<option value="{DocumentCategory.objects.get(name="Rapportage").pk}" selected>' in html
    assert not CaseDocument.objects.exists() and document_bucket.keys() == before


def test_encrypted_and_zip_bomb_office_files_are_refused(client, case, regisseur):
    from documents.validation import inspect_upload
    from zvh.errors import ServiceError

    bomb = docx([("word/media/bom.xml", b"0" * (30 * 1024 * 1024))])
    with pytest.raises(ServiceError, match="zipbom"):
        inspect_upload(upload("bom.docx", bomb))
    encrypted = bytearray(docx())
    # Set the "encrypted" flag (bit 0) of every local and central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := encrypted.find(signature, start)) != -1:
            encrypted[start + offset] |= 0x1
            start += 4
    with pytest.raises(ServiceError, match="versleuteld"):
        inspect_upload(upload("geheim.docx", bytes(encrypted)))
    assert inspect_upload(upload("gewoon.docx", docx())).content_type.endswith("wordprocessingml.document")


def test_a_double_submit_stores_one_document(client, case, regisseur):
    login(client, regisseur)
    key = uuid.uuid4()
    assert post_document(client, case, upload("a.pdf", pdf()), key=key).status_code == 302
    assert post_document(client, case, upload("a.pdf", pdf()), key=key).status_code == 302
    assert CaseDocument.objects.count() == 1 and DocumentVersion.objects.count() == 1


def test_a_version_in_quarantine_is_never_downloadable(client, case, regisseur):
    login(client, regisseur)
    post_document(client, case, upload("a.pdf", pdf()))
    version = DocumentVersion.objects.get()
    DocumentVersion.objects.filter(pk=version.pk).update(scan_status=ScanStatus.QUARANTINE)
    assert download(client, case, version).status_code == 404
    assert AccessLogEntry.objects.filter(user=regisseur, allowed=False, action=AccessAction.EXPORT).exists()


def test_without_a_scanner_nothing_is_stored(client, case, regisseur, tmp_path):
    before = document_bucket.keys()
    login(client, regisseur)
    with override_settings(CLAMD_SOCKET=str(tmp_path / "geen.sock")):
        response = post_document(client, case, upload("a.pdf", pdf()), title="Brief")
    assert "virusscanner is nu niet bereikbaar" in " ".join(response.context["form"].errors["file"])
    assert not CaseDocument.objects.exists() and document_bucket.keys() == before


def test_break_glass_reader_may_download_but_not_upload(client, case, regisseur, other_regisseur):
    from privacy.break_glass.services import start_break_glass

    login(client, regisseur)
    post_document(client, case, upload("a.pdf", pdf()))
    version = DocumentVersion.objects.get()
    client.logout()
    start_break_glass(user=other_regisseur, case=case, reason="Acute situatie, regisseur afwezig.")
    login(client, other_regisseur)
    assert download(client, case, version).status_code == 200
    assert AccessLogEntry.objects.filter(user=other_regisseur, action=AccessAction.EXPORT, is_break_glass=True).exists()
    assert post_document(client, case, upload("b.pdf", pdf())).status_code == 403


def test_retention_deletes_every_version_object_from_the_bucket(
    client, regisseur, privacy_officer, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from cases import services
    from privacy.models import RetentionCategory
    from privacy.retention import services as retention
    from tests.factories import closing_evaluation, make_case

    case = make_case(regisseur=regisseur)
    login(client, regisseur)
    post_document(client, case, upload("a.pdf", pdf("een")), title="Verslag eerste gesprek")
    document = CaseDocument.objects.get()
    url = reverse("cases:document_version_add", args=[case.reference, document.pk])
    client.post(url, {"file": upload("b.pdf", pdf("twee")), "submission_key": uuid.uuid4()})
    stored = set(document.versions.values_list("file", flat=True))
    assert len(stored) == 2 and stored <= document_bucket.keys()

    case.refresh_from_db()
    services.change_phase(
        case=case, actor=regisseur, to_phase="afgesloten", expected_version=case.version,
        closure_reason="doelen_bereikt", closure_result="Afgerond.", **closing_evaluation(case),
    )  # fmt: skip
    type(case).objects.filter(pk=case.pk).update(closed_on=timezone.localdate() - timedelta(days=800))
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=24
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = retention.run_retention()
    assert summary.cases == 1
    assert not stored & document_bucket.keys()  # the objects, not just the rows
    assert not DocumentVersion.objects.exists()
    assert CaseDocument.objects.get().title == "[vernietigd]"


def test_a_document_of_another_case_does_not_work_under_my_reference(client, case, regisseur, other_regisseur):
    from tests.factories import make_case

    foreign = make_case(regisseur=other_regisseur)
    login(client, other_regisseur)
    post_document(client, foreign, upload("vreemd.pdf", pdf("vreemd")))
    version = DocumentVersion.objects.get()
    client.logout()
    login(client, regisseur)
    own = case.reference
    document_id = version.document_id
    assert client.get(reverse("cases:document_detail", args=[own, document_id])).status_code == 404
    assert client.get(reverse("cases:document_download", args=[own, document_id, 1])).status_code == 404
    url = reverse("cases:document_version_add", args=[own, document_id])
    assert client.post(url, {"file": upload("x.pdf", pdf()), "submission_key": uuid.uuid4()}).status_code == 404
    assert DocumentVersion.objects.count() == 1
    assert (
        AccessLogEntry.objects.filter(user=regisseur, allowed=False, reason="onbekend document in deze casus").count()
        == 3
    )


def test_a_partner_not_named_cannot_add_a_version_of_a_restricted_document(client, seated_case, agent, partner, ggz):
    login(client, partner)
    post_document(client, seated_case, upload("m.pdf", pdf()), title="Medisch", restricted="on", restricted_to=[ggz.pk])
    document = CaseDocument.objects.get()
    client.logout()
    login(client, agent)
    url = reverse("cases:document_version_add", args=[seated_case.reference, document.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload("x.pdf", pdf()), "submission_key": uuid.uuid4()}).status_code == 403
    assert document.versions.count() == 1
