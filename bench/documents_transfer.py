"""Upload and download time of one 20 MB document through the real views, storage (SeaweedFS S3)
and virus scanner (clamd): a measurement, not a test. Uses the test settings and a database of
its own (created and dropped by Django's test runner machinery):

    eval "$(docker/test-services.sh)"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zvh .venv/bin/python -m bench.documents_transfer

Prints the median of five runs of each: the POST of the upload form (sniffing, SHA-256, store,
scan) and the GET of the download (logged, streamed from S3, read to the end)."""

import os
import statistics
import time
import uuid


def main(size_mb: int = 20, runs: int = 5) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.test")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from cases.models import DocumentCategory, DocumentVersion
    from tests.auth import login
    from tests.document_bucket import drop
    from tests.factories import UserFactory, make_case

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        regisseur = UserFactory(username="bench_regisseur", regisseur=True)
        case = make_case(regisseur=regisseur)
        client = Client()
        login(client, regisseur)
        category = DocumentCategory.objects.first()
        # A PDF of incompressible content (a scanned report is mostly image data).
        body = os.urandom(size_mb * 1024 * 1024 - 64)
        content = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>stream\n" + body + b"\nendstream\n%%EOF\n"
        uploads, downloads = [], []
        for run in range(runs):
            started = time.perf_counter()
            response = client.post(
                reverse("cases:document_add", args=[case.reference]),
                {"title": f"Meting {run}", "category": category.pk, "submission_key": uuid.uuid4(),
                 "file": SimpleUploadedFile("meting.pdf", content, content_type="application/pdf")},
            )  # fmt: skip
            uploads.append(time.perf_counter() - started)
            assert response.status_code == 302, response.context["form"].errors
            version = DocumentVersion.objects.order_by("-pk").first()
            url = reverse("cases:document_download", args=[case.reference, version.document_id, version.number])
            started = time.perf_counter()
            response = client.get(url)
            received = sum(len(chunk) for chunk in response.streaming_content)
            downloads.append(time.perf_counter() - started)
            assert received == len(content)
        from django.core.files.base import ContentFile

        from documents import scanning, storage

        scans, stores = [], []
        for _ in range(runs):
            started = time.perf_counter()
            assert scanning.scan([content[i : i + (1 << 20)] for i in range(0, len(content), 1 << 20)]).clean
            scans.append(time.perf_counter() - started)
            started = time.perf_counter()
            name = storage.save(f"meting/{uuid.uuid4().hex}", ContentFile(content))
            stores.append(time.perf_counter() - started)
            storage.delete(name)
        scan, store = statistics.median(scans), statistics.median(stores)
        print(f"of which: clamd scan median {scan:.2f} s, S3 put median {store:.2f} s")
        print(
            f"{size_mb} MB, {runs} runs: upload median {statistics.median(uploads):.2f} s "
            f"(min {min(uploads):.2f}, max {max(uploads):.2f}); download median {statistics.median(downloads):.2f} s "
            f"(min {min(downloads):.2f}, max {max(downloads):.2f})"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        drop()


if __name__ == "__main__":
    main()
