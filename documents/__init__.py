"""The documents kernel: checking, scanning and storing uploaded files, for any app that keeps
documents (cases now; escalations, meetings and plans later). It imports no domain app (like
`notifications`): the case side (which document belongs to whom, who may see it) lives in
`cases` and `privacy.policy`.

- `validation.inspect_upload`: size limit (`DOCUMENT_MAX_BYTES`), type by content sniffing
  (libmagic), the name matching that type, zip-based formats without encryption or zip bomb, no
  empty file, the name cleaned; SHA-256 of the content.
- `scanning.scan`: ClamAV's clamd over its unix socket (INSTREAM).
- `storage`: the named storage "documents" (STORAGES), private: S3 (django-storages) in
  production and tests, a directory outside the web roots on the embedded default; downloads are
  streamed from it, never served by a public or presigned URL.
- `models.StoredFile`: the abstract fields of one stored file (object key, checksum, sniffed type,
  scan status quarantine -> clean / infected).
"""
