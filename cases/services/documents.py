"""Documents on a case: a new document, a new version of one (issue 17, part 1).

Every upload goes through the documents kernel: `inspect_upload` (size, sniffed type, name, zip
checks, SHA-256) refuses bad files before anything is stored; the file is then stored under a
random key and its version row written "in quarantaine"; clamd scans it synchronously, in the
request (part 1: a 20 MB file takes well under a second); a clean file becomes downloadable, an
infected one is refused: its object is deleted at once, the row keeps the status and the
signature's name, and the event goes into the access log (refused, for the privacy officer).
When the scanner cannot be reached the upload is refused and nothing stays stored.

Who may add: `privacy.policy.may_add_documents`; a new version of a restricted document also
needs `restricted_reader`. A repeated `submission_key` (double click, resubmitted form) returns
what the first submission stored."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from cases.models import Case, CaseDocument, DocumentCategory, DocumentVersion
from documents import scanning
from documents import storage as document_storage
from documents.models import ScanStatus
from documents.validation import Inspected, inspect_upload
from partners.models import Organisation, User
from privacy import policy
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.errors import ServiceError

SCANNER_DOWN = (
    "De virusscanner is nu niet bereikbaar; het bestand is niet opgeslagen. Probeer het over enkele minuten opnieuw."
)
NOT_SCANNED = "niet gescand: virusscan uitgeschakeld (alleen demo)"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _existing(submission_key) -> DocumentVersion | None:
    if submission_key is None:
        return None
    return DocumentVersion.objects.select_related("document").filter(submission_key=submission_key).first()


def _restriction(case: Case, actor: User, restricted: bool, restricted_to: Iterable[Organisation]) -> set[int]:
    """As for a restricted note: only organisations seated now, the uploader's own always in."""
    organisations = {o.pk for o in restricted_to} if restricted else set()
    seated = set(case.participants.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    if organisations - seated:
        raise ServiceError("U kunt een document alleen afschermen voor organisaties aan tafel.", field="restricted_to")
    if restricted and actor.organisation_id and actor.pk != case.procesregisseur_id:
        organisations.add(actor.organisation_id)
    return organisations


def _store(case: Case, upload) -> str:
    upload.seek(0)
    return document_storage.save(f"casussen/{case.pk}/{uuid.uuid4().hex}", upload)


def _version(document: CaseDocument, number: int, actor: User, inspected: Inspected, key: str, submission_key):
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=key,
        original_name=inspected.name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        scan_status=ScanStatus.QUARANTINE,
        uploaded_by=actor,
        uploaded_by_organisation_id=actor.organisation_id,
        submission_key=submission_key,
    )


def add_document(
    *,
    case: Case,
    actor: User,
    title: str,
    category: DocumentCategory | None,
    upload,
    restricted: bool = False,
    restricted_to: Iterable[Organisation] = (),
    submission_key: uuid.UUID | None = None,
    meeting=None,
    plan=None,
) -> CaseDocument:
    """A new document with its first version (see the module docstring); optionally an annex of
    one meeting or one plan version of this case (issue 17)."""
    existing = _existing(submission_key)
    if existing is not None and existing.document.case_id == case.pk:
        return existing.document
    _require(policy.may_add_documents(actor, case), "U kunt in deze casus geen documenten toevoegen.")
    title = (title or "").strip()
    if not title:
        raise ServiceError("Geef het document een titel.", field="title")
    if category is None or not category.is_active:
        raise ServiceError("Kies een categorie uit de lijst.", field="category")
    if (meeting is not None and meeting.case_id != case.pk) or (plan is not None and plan.case_id != case.pk):
        raise ServiceError("Dit overleg of plan hoort niet bij deze casus.")
    organisations = _restriction(case, actor, restricted, restricted_to)
    inspected = inspect_upload(upload)
    key = _store(case, upload)
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)  # a closing in progress finishes first
            _require(policy.may_add_documents(actor, locked), "U kunt in deze casus geen documenten toevoegen.")
            document = CaseDocument.objects.create(
                case=locked,
                title=title,
                category=category,
                created_by=actor,
                restricted=restricted,
                author_organisation_id=actor.organisation_id,
                meeting=meeting,
                plan=plan,
            )
            if organisations:
                document.restricted_to.set(organisations)
            version = _version(document, 1, actor, inspected, key, submission_key)
    except IntegrityError:
        document_storage.delete(key)
        existing = _existing(submission_key)  # two concurrent posts with one key: the other won
        if existing is not None:
            return existing.document
        raise
    except BaseException:
        document_storage.delete(key)
        raise
    _scan(version, upload, actor, case)
    return document


def add_version(*, document: CaseDocument, actor: User, upload, submission_key: uuid.UUID | None = None):
    """A new version of a document; the earlier versions stay."""
    existing = _existing(submission_key)
    if existing is not None and existing.document_id == document.pk:
        return existing
    case = document.case
    _require(policy.may_add_documents(actor, case), "U kunt in deze casus geen documenten toevoegen.")
    _require(policy.restricted_reader(actor, case)(document), "Dit document is afgeschermd.")
    inspected = inspect_upload(upload)
    key = _store(case, upload)
    try:
        with transaction.atomic():
            CaseDocument.objects.select_for_update().get(pk=document.pk)  # numbers one after another
            number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
            version = _version(document, number, actor, inspected, key, submission_key)
    except IntegrityError:
        document_storage.delete(key)
        existing = _existing(submission_key)
        if existing is not None:
            return existing
        raise
    except BaseException:
        document_storage.delete(key)
        raise
    _scan(version, upload, actor, case)
    return version


def _scan(version: DocumentVersion, upload, actor: User, case: Case) -> None:
    """Out of quarantine: clean (downloadable) or infected (object deleted, event logged, refused)."""
    if not scanning.scanning_enabled():
        _mark(version, ScanStatus.CLEAN, NOT_SCANNED)
        return
    upload.seek(0)
    try:
        result = scanning.scan(upload.chunks())
    except scanning.ScannerUnavailable:
        document_storage.delete(version.file.name)
        with transaction.atomic():
            document = version.document
            version.delete()
            if not document.versions.exists():
                document.delete()
        raise ServiceError(SCANNER_DOWN, field="file") from None
    if result.clean:
        _mark(version, ScanStatus.CLEAN, "")
        return
    document_storage.delete(version.file.name)
    with transaction.atomic():
        _mark(version, ScanStatus.INFECTED, result.signature, file="", submission_key=None)
        log_access(
            user=actor,
            action=AccessAction.CREATE,
            allowed=False,
            case=case,
            object_type="document",
            object_reference=f"D{version.document_id}v{version.number}",
            reason=f"virus gevonden bij upload ({result.signature}); bestand geweigerd en verwijderd, "
            f"sha256 {version.sha256[:16]}",
        )
    raise ServiceError(
        f"Het bestand bevat een virus ({result.signature}) en is geweigerd. Het is verwijderd en niet "
        "opgeslagen; de melding is vastgelegd. Neem contact op met uw eigen ICT-afdeling.",
        field="file",
    )


def _mark(version: DocumentVersion, status: str, result: str, **fields) -> None:
    version.scan_status = status
    version.scan_result = result[:200]
    version.scanned_at = timezone.now()
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=["scan_status", "scan_result", "scanned_at", *fields])


# Attachments of an escalation (issue 17) --------------------------------------------------------
# The referrer attaches files on the escalation form. Each file goes through the same kernel as a
# case document (`inspect_upload`, then clamd), but BEFORE anything is stored: a refused file (bad
# type, too large, a virus, the scanner down) stops the whole submission with the message beside
# that file's row, and no object and no row exists. The objects are stored and the rows written
# inside `submit_escalation`'s transaction; when it fails, the stored objects are deleted again.


@dataclass(frozen=True)
class Attachment:
    title: str
    category: DocumentCategory | None
    upload: object


class AttachmentRefused(ServiceError):
    """One attachment was refused; `index` is its row on the form (0-based)."""

    def __init__(self, index: int, error: ServiceError):
        super().__init__(error.message, field=error.field or "file")
        self.index = index


def check_attachments(actor: User, attachments: list[Attachment]) -> list[Inspected]:
    """Validate and scan every attachment; nothing is stored. Raises `AttachmentRefused`."""
    checked = []
    for index, attachment in enumerate(attachments):
        try:
            if not (attachment.title or "").strip():
                raise ServiceError("Geef de bijlage een titel.", field="title")
            if attachment.category is None or not attachment.category.is_active:
                raise ServiceError("Kies een categorie uit de lijst.", field="category")
            inspected = inspect_upload(attachment.upload)
            _scan_before_storing(attachment.upload, inspected, actor)
        except ServiceError as error:
            raise AttachmentRefused(index, error) from None
        checked.append(inspected)
    return checked


def _scan_before_storing(upload, inspected: Inspected, actor: User) -> None:
    if not scanning.scanning_enabled():
        return
    upload.seek(0)
    try:
        result = scanning.scan(upload.chunks())
    except scanning.ScannerUnavailable:
        raise ServiceError(SCANNER_DOWN, field="file") from None
    if result.clean:
        return
    log_access(
        user=actor,
        action=AccessAction.CREATE,
        allowed=False,
        object_type="aanmelding",
        object_reference="bijlage",
        reason=f"virus gevonden in bijlage bij aanmelden ({result.signature}); bestand geweigerd, niet opgeslagen, "
        f"sha256 {inspected.sha256[:16]}",
    )
    raise ServiceError(
        f"Het bestand bevat een virus ({result.signature}) en is geweigerd. Het is niet opgeslagen; de melding "
        "is vastgelegd. Neem contact op met uw eigen ICT-afdeling.",
        field="file",
    )


def store_attachments(escalation, actor: User, attachments: list[Attachment], checked: list[Inspected]) -> list[str]:
    """Store the checked attachments of a new escalation, in the caller's transaction. Returns the
    stored keys; the caller deletes them when its transaction fails (`delete_stored`)."""
    keys: list[str] = []
    try:
        for attachment, inspected in zip(attachments, checked, strict=True):
            attachment.upload.seek(0)
            key = document_storage.save(f"aanmeldingen/{escalation.pk}/{uuid.uuid4().hex}", attachment.upload)
            keys.append(key)
            document = CaseDocument.objects.create(
                escalation=escalation,
                title=attachment.title.strip(),
                category=attachment.category,
                created_by=actor,
                author_organisation_id=actor.organisation_id,
            )
            version = _version(document, 1, actor, inspected, key, None)
            _mark(version, ScanStatus.CLEAN, "" if scanning.scanning_enabled() else NOT_SCANNED)
    except BaseException:
        delete_stored(keys)
        raise
    return keys


def delete_stored(keys: list[str]) -> None:
    for key in keys:
        document_storage.delete(key)


def link_escalation_documents(escalation, case: Case) -> int:
    """On acceptance the escalation's attachments become documents of the new case as well."""
    return CaseDocument.objects.filter(escalation=escalation, case__isnull=True).update(case=case)
