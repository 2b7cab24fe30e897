"""The S3 bucket of this test run (SeaweedFS, docker/test-services.sh): what is in it, and
removing it at the end of the session (tests/conftest.py)."""

from django.conf import settings

from documents.storage import document_storage


def client():
    return document_storage().connection.meta.client


def keys() -> set[str]:
    """Every object key in the bucket now (the storage creates the bucket on first use)."""
    storage = document_storage()
    storage.ensure_bucket()
    found = set()
    for page in client().get_paginator("list_objects_v2").paginate(Bucket=storage.bucket_name):
        found |= {item["Key"] for item in page.get("Contents", [])}
    return found


def read(key: str) -> bytes:
    return client().get_object(Bucket=document_storage().bucket_name, Key=key)["Body"].read()


def drop() -> None:
    """Empty and remove the bucket, when this process chose it (a child process shares it)."""
    if not getattr(settings, "DOCUMENTS_S3_BUCKET_OWNED", False):
        return
    storage = document_storage()
    try:
        s3 = client()
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=storage.bucket_name):
            for item in page.get("Contents", []):
                s3.delete_object(Bucket=storage.bucket_name, Key=item["Key"])
        s3.delete_bucket(Bucket=storage.bucket_name)
    except Exception:  # noqa: S110 - no bucket (never used) or no server: nothing to clean
        pass
