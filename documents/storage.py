"""The private document storage (STORAGES["documents"]) and streaming out of it.

Objects are named by the caller with a random key (never the user's file name, which may hold
personal data). Downloads are streamed through the application (`chunks`), so access is decided
and logged by the view for every read: no public or presigned URL exists."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

CHUNK_SIZE = 256 * 1024


def document_storage():
    """The named storage "documents" (a callable, so the FileField follows the settings)."""
    return storages["documents"]


class PrivateFileSystemStorage(FileSystemStorage):
    """The embedded default: files under a directory outside static/media roots, without a URL."""

    def url(self, name):  # pragma: no cover - a document never has a URL
        raise NotImplementedError("Documenten hebben geen publieke URL; ze worden via de applicatie gestreamd.")


try:  # django-storages is a dependency; the import stays optional for tooling without it
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name
except ImportError:  # pragma: no cover
    S3Storage = None


if S3Storage is not None:

    class PrivateS3Storage(S3Storage):
        """S3 (SeaweedFS in tests, any S3-compatible store in production), a private bucket.
        `create_bucket=True` (tests only) creates the bucket on first use."""

        def __init__(self, **settings_):
            self.create_bucket = settings_.pop("create_bucket", False)
            self._bucket_checked = False
            super().__init__(**settings_)

        def url(self, name, parameters=None, expire=None, http_method=None):  # pragma: no cover
            raise NotImplementedError("Documenten hebben geen publieke URL; ze worden via de applicatie gestreamd.")

        def ensure_bucket(self) -> None:
            if self._bucket_checked or not self.create_bucket:
                return
            client = self.connection.meta.client
            try:
                client.head_bucket(Bucket=self.bucket_name)
            except Exception:  # noqa: BLE001 - any answer but "exists" means: create it
                client.create_bucket(Bucket=self.bucket_name)
            self._bucket_checked = True

        def _save(self, name, content):
            self.ensure_bucket()
            return super()._save(name, content)

        def object_chunks(self, name: str) -> Iterator[bytes]:
            key = self._normalize_name(clean_name(name))
            body = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)["Body"]
            try:
                yield from body.iter_chunks(CHUNK_SIZE)
            finally:
                body.close()


def save(name: str, content) -> str:
    """Store `content` (a File) under `name`; returns the stored name."""
    return document_storage().save(name, content)


def delete(name: str) -> None:
    if name:
        document_storage().delete(name)


def chunks(name: str) -> Iterator[bytes]:
    """The stored object, streamed in chunks (S3: straight from the GET response, not spooled)."""
    storage = document_storage()
    if hasattr(storage, "object_chunks"):
        yield from storage.object_chunks(name)
        return
    with storage.open(name, "rb") as stored:
        while True:
            block = stored.read(CHUNK_SIZE)
            if not block:
                return
            yield block


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))
