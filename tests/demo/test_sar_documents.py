"""demo/sar.py: seed_demo attaches fake PDFs to running demo cases through the real documents
service (scanned by the test clamd, stored in the bucket): different categories, one restricted,
one with two versions; seeding again adds nothing."""

from django.core.management import call_command

from cases.models import CaseDocument, DocumentVersion
from demo.sar import AFGESCHERMD, BESCHIKKING, TITLES, VERSLAG, seed_demo_documents
from documents import storage as document_storage
from documents.models import ScanStatus


def test_seed_demo_attaches_documents_idempotently(db):
    call_command("seed_demo", "--allow-without-debug", "--quiet-logins")
    documents = {d.title: d for d in CaseDocument.objects.filter(title__in=TITLES).select_related("case", "category")}
    assert set(documents) == set(TITLES)
    assert len({d.case_id for d in documents.values()}) == 3
    assert {d.category.name for d in documents.values()} == {"Beschikking", "Verslag", "Rapportage"}
    assert [d.title for d in documents.values() if d.restricted] == [AFGESCHERMD]
    restricted = documents[AFGESCHERMD]
    assert restricted.restricted_to.exists()
    versions = DocumentVersion.objects.filter(document__title__in=TITLES).select_related("document")
    assert sorted((v.document.title, v.number) for v in versions) == sorted(
        [(BESCHIKKING, 1), (VERSLAG, 1), (VERSLAG, 2), (AFGESCHERMD, 1)]
    )
    minutes = [v for v in versions if v.document.title == VERSLAG]
    assert len({v.uploaded_by_id for v in minutes}) == 2  # the partner added the second version
    for version in versions:
        assert version.scan_status == ScanStatus.CLEAN and version.content_type == "application/pdf"
        assert b"".join(document_storage.chunks(version.file.name)).startswith(b"%PDF-")

    count = DocumentVersion.objects.count()
    seed_demo_documents()
    call_command("seed_demo", "--allow-without-debug", "--quiet-logins")
    assert DocumentVersion.objects.count() == count
