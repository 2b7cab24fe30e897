"""What an uploaded file must be before it is stored: not empty, within DOCUMENT_MAX_BYTES, a type
we accept by its content (libmagic; the client's claimed type and the extension prove nothing),
a name that fits that type, and for zip-based formats (Office, OpenDocument) no encryption and no
zip bomb. Every refusal is a `ServiceError` on the form field "file" with a Dutch message."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import magic

from zvh.errors import ServiceError

from .storage import max_bytes

SNIFF_BYTES = 256 * 1024
FIELD = "file"

# Sniffed type -> (what the user is told, the extensions that fit it).
OFFICE_WORD = ("Word-document", {"docx", "docm", "dotx"})
ALLOWED: dict[str, tuple[str, set[str]]] = {
    "application/pdf": ("PDF", {"pdf"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": OFFICE_WORD,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel-werkmap", {"xlsx", "xltx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("PowerPoint", {"pptx"}),
    "application/msword": ("Word-document", {"doc", "dot"}),
    "application/vnd.ms-excel": ("Excel-werkmap", {"xls"}),
    "application/vnd.ms-powerpoint": ("PowerPoint", {"ppt"}),
    "application/vnd.oasis.opendocument.text": ("OpenDocument-tekst", {"odt"}),
    "application/vnd.oasis.opendocument.spreadsheet": ("OpenDocument-rekenblad", {"ods"}),
    "application/vnd.oasis.opendocument.presentation": ("OpenDocument-presentatie", {"odp"}),
    "image/png": ("afbeelding (PNG)", {"png"}),
    "image/jpeg": ("afbeelding (JPEG)", {"jpg", "jpeg"}),
    "image/gif": ("afbeelding (GIF)", {"gif"}),
    "image/tiff": ("afbeelding (TIFF)", {"tif", "tiff"}),
    "image/webp": ("afbeelding (WebP)", {"webp"}),
    "text/plain": ("tekstbestand", {"txt", "text", "csv", "log", "eml"}),
    "text/csv": ("tekstbestand (CSV)", {"csv", "txt"}),
    "message/rfc822": ("e-mail", {"eml"}),
    "application/vnd.ms-outlook": ("Outlook-bericht", {"msg"}),
}
ZIP_BASED = {t for t in ALLOWED if "openxmlformats" in t or "opendocument" in t}
# libmagic names an Office (OLE2) file it cannot tell apart "CDFV2": accept it only under a
# legacy Office or Outlook name.
OLE_GENERIC = {"application/cdfv2", "application/x-ole-storage"}
OLE_EXTENSIONS = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
                  "ppt": "application/vnd.ms-powerpoint", "msg": "application/vnd.ms-outlook"}  # fmt: skip

# Zip bomb limits: the whole archive unpacked, and how much one member may expand.
MAX_UNPACKED_FACTOR = 10
MAX_RATIO = 100
MAX_MEMBERS = 10_000

ALLOWED_TEXT = "PDF, Word, Excel, PowerPoint, OpenDocument, afbeeldingen, tekst en e-mail (.eml, .msg)"


@dataclass(frozen=True)
class Inspected:
    name: str  # cleaned
    content_type: str  # sniffed
    size: int
    sha256: str


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(name: str) -> str:
    """The last path part only, without control or format characters, at most 200 characters
    (the extension kept); "document" when nothing is left."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"})
    name = _CONTROL.sub("", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if not name:
        return "document"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _sniff(head: bytes) -> str:
    return magic.from_buffer(head, mime=True).lower()


def _check_zip(upload, limit: int) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ServiceError("Het bestand bevat te veel onderdelen om veilig te openen.", field=FIELD)
            unpacked = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise ServiceError(
                        "Het bestand is versleuteld (met een wachtwoord beveiligd). Verwijder het wachtwoord "
                        "en upload het opnieuw.",
                        field=FIELD,
                    )
                unpacked += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if ratio > MAX_RATIO and member.file_size > 1024 * 1024:
                    raise ServiceError("Het bestand pakt verdacht groot uit (zipbom) en is geweigerd.", field=FIELD)
            if unpacked > MAX_UNPACKED_FACTOR * limit:
                raise ServiceError("Het bestand pakt verdacht groot uit (zipbom) en is geweigerd.", field=FIELD)
    except zipfile.BadZipFile as error:
        raise ServiceError("Het bestand is beschadigd en kan niet worden geopend.", field=FIELD) from error
    finally:
        upload.seek(0)


def inspect_upload(upload) -> Inspected:
    """Check one uploaded file (a Django UploadedFile or any File); see the module docstring."""
    limit = max_bytes()
    size = upload.size
    if not size:
        raise ServiceError("Het bestand is leeg (0 bytes). Kies een bestand met inhoud.", field=FIELD)
    if size > limit:
        raise ServiceError(
            f"Het bestand is te groot ({size / 1024 / 1024:.1f} MB); de grens is {limit // (1024 * 1024)} MB.",
            field=FIELD,
        )
    name = clean_name(getattr(upload, "name", ""))
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    content_type = _sniff(head)
    ext = extension(name)
    if content_type in OLE_GENERIC and ext in OLE_EXTENSIONS:
        content_type = OLE_EXTENSIONS[ext]
    if content_type not in ALLOWED:
        raise ServiceError(
            f"Dit soort bestand wordt niet geaccepteerd (herkend als {content_type}). Toegestaan: {ALLOWED_TEXT}.",
            field=FIELD,
        )
    label, extensions = ALLOWED[content_type]
    if ext not in extensions:
        raise ServiceError(
            f"De bestandsnaam past niet bij de inhoud: het bestand is een {label}, maar heet “{name}”. "
            f"Geef het de juiste extensie (bijvoorbeeld .{sorted(extensions)[0]}).",
            field=FIELD,
        )
    if content_type in ZIP_BASED:
        _check_zip(upload, limit)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return Inspected(name=name, content_type=content_type, size=size, sha256=digest.hexdigest())
