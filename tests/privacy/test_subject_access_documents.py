"""Documents in the subject-access report (issue 17): every document about the subject with its
versions (uploader's organisation, not the professional), who downloaded it, restricted ones
marked; and the ZIP with the report and the clean versions only, each logged as an export.
Against the real services (SeaweedFS, clamd: docker/test-services.sh)."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cases import services
from cases.models import DocumentCategory, DocumentVersion
from documents import storage as document_storage
from documents.models import ScanStatus
from privacy.models import AccessLogEntry, DataSubjectRequest
from tests.auth import login
from tests.documents.conftest import eicar, pdf, upload
from tests.factories import make_case
from zvh.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(case, regisseur, agent, politie):
    """On Jan's case: a report by the regisseur with a second version by the police officer, a
    restricted police document, a version found infected and one still in quarantine."""
    rapportage = DocumentCategory.objects.get(name="Rapportage")
    report = services.add_document(
        case=case,
        actor=regisseur,
        title="Rapportage huisbezoek",
        category=rapportage,
        upload=upload("r.pdf", pdf("v1")),
    )
    services.add_version(document=report, actor=agent, upload=upload("r2.pdf", pdf("v2")))
    restricted = services.add_document(
        case=case,
        actor=agent,
        title="Proces-verbaal",
        category=DocumentCategory.objects.get(name="Beschikking"),
        upload=upload("pv.pdf", pdf("pv")),
        restricted=True,
        restricted_to=[politie],
    )
    with pytest.raises(ServiceError):
        services.add_version(document=restricted, actor=agent, upload=upload("virus.txt", eicar()))
    key = document_storage.save(f"casussen/{case.pk}/wachtend", ContentFile(pdf("wacht")))
    DocumentVersion.objects.create(
        document=restricted, number=9, file=key, original_name="wacht.pdf", content_type="application/pdf",
        size=10, sha256="0" * 64, scan_status=ScanStatus.QUARANTINE, uploaded_by=agent,
    )  # fmt: skip
    return report, restricted


@pytest.fixture
def subject_request(case, privacy_officer):
    jan = case.persons.get(first_name="Jan")
    return DataSubjectRequest.objects.create(
        kind="inzage", subject_name="Jan Aalbers", handled_by=privacy_officer, person_ids=[jan.pk]
    )


def download(client, case, document, number):
    response = client.get(reverse("cases:document_download", args=[case.reference, document.pk, number]))
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_report_lists_documents_with_uploader_organisation_downloads_and_restriction(
    client, case, regisseur, agent, privacy_officer, documents, subject_request
):
    report, restricted = documents
    login(client, agent)
    download(client, case, report, 2)
    download(client, case, restricted, 1)
    other = make_case(regisseur=regisseur)
    other_doc = services.add_document(
        case=other, actor=regisseur, title="Ander dossier", category=report.category, upload=upload("x.pdf", pdf())
    )
    login(client, privacy_officer)
    data = json.loads(client.get(reverse("privacy:subject_request_report_json", args=[subject_request.pk])).content)
    [case_data] = data["casussen"]
    by_title = {d["titel"]: d for d in case_data["documenten"]}
    assert set(by_title) == {"Rapportage huisbezoek", "Proces-verbaal"}  # not the other case's document
    assert other_doc.title not in json.dumps(data)

    first = by_title["Rapportage huisbezoek"]
    assert first["categorie"] == "Rapportage" and first["afgeschermd"] is False
    assert [(v["versie"], v["organisatie"], v["bestandstype"]) for v in first["versies"]] == [
        (1, str(regisseur.organisation) if regisseur.organisation_id else "", "application/pdf"),
        (2, "Politie", "application/pdf"),
    ]
    assert all(v["grootte_bytes"] > 0 and v["geupload_op"] for v in first["versies"])
    text = json.dumps(case_data["documenten"])
    assert "agent" not in text and agent.get_full_name() not in text  # organisations, not professionals
    assert [(g["organisatie"], g["versie"]) for g in first["gedownload"]] == [("Politie", 2)]
    assert first["gedownload"][0]["rol"] and first["gedownload"][0]["tijdstip"]

    pv = by_title["Proces-verbaal"]
    assert pv["afgeschermd"] is True and pv["categorie"] == "Beschikking"
    assert [g["versie"] for g in pv["gedownload"]] == [1]
    assert {v["versie"]: v["beschikbaar"] for v in pv["versies"]} == {1: True, 2: False, 9: False}

    from pypdf import PdfReader

    pdf_bytes = client.get(reverse("privacy:subject_request_report_pdf", args=[subject_request.pk])).content
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages).split())
    for shown in ("Documenten", "Rapportage huisbezoek", "Proces-verbaal", "afgeschermd", "Versie 2", "Politie"):
        assert shown in pdf_text, shown


def test_zip_holds_the_report_and_the_clean_versions_only_each_logged(
    client, case, privacy_officer, documents, subject_request
):
    report, restricted = documents
    login(client, privacy_officer)
    page = client.get(reverse("privacy:subject_request_detail", args=[subject_request.pk])).content.decode()
    url = reverse("privacy:subject_request_report_zip", args=[subject_request.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f'filename="inzage-{subject_request.pk}-' in response["Content-Disposition"]
    assert "Aalbers" not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    [report_name] = [n for n in names if n.endswith(".pdf") and "/" not in n]
    assert archive.read(report_name).startswith(b"%PDF")
    files = {n: archive.read(n) for n in names if n.startswith("documenten/")}
    assert sorted(files.values()) == sorted([pdf("v1"), pdf("v2"), pdf("pv")])  # not infected, not quarantined
    assert all(n.startswith(f"documenten/{case.reference}/") for n in files)

    exports = AccessLogEntry.objects.filter(user=privacy_officer, action="export", object_type="document")
    assert sorted(exports.values_list("object_reference", flat=True)) == sorted(
        [f"D{report.pk}v1", f"D{report.pk}v2", f"D{restricted.pk}v1"]
    )
    assert all(e.allowed and e.case_id == case.pk and e.person_ids for e in exports)
    assert all(f"VERZOEK-{subject_request.pk}" in e.reason for e in exports)
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, action="export", object_type="inzagerapport", reason__contains="zip"
    ).exists()


def test_a_version_whose_stored_object_is_gone_is_named_in_a_note_and_not_logged(
    client, case, privacy_officer, documents, subject_request
):
    report, _ = documents
    gone = report.versions.get(number=1)
    document_storage.delete(gone.file.name)
    login(client, privacy_officer)
    response = client.get(reverse("privacy:subject_request_report_zip", args=[subject_request.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    note = archive.read("ontbrekende-bestanden.txt").decode()
    assert f"D{report.pk}v1" in note
    assert not any(n.startswith(f"documenten/{case.reference}/D{report.pk}v1-") for n in archive.namelist())
    exported = AccessLogEntry.objects.filter(user=privacy_officer, object_type="document").values_list(
        "object_reference", flat=True
    )
    assert f"D{report.pk}v1" not in exported and f"D{report.pk}v2" in exported


@pytest.mark.parametrize("who", ["regisseur", "agent"])
def test_only_the_privacy_officer_gets_the_zip(client, request, who, documents, subject_request):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("privacy:subject_request_report_zip", args=[subject_request.pk])).status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="document", action="export", allowed=True).exists()
