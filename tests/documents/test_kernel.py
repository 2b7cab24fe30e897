"""The documents kernel on its own: names, the embedded default's private directory, clamd's answers."""

import pytest

from documents import scanning
from documents.storage import PrivateFileSystemStorage
from documents.validation import clean_name, extension
from tests.documents.conftest import eicar


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("C:\\Users\\jan\\Verslag.pdf", "Verslag.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("brief\x00\x1b[31m.pdf", "brief[31m.pdf"),
        ("\u202egnp.exe.pdf", "gnp.exe.pdf"),  # no right-to-left override to disguise the extension
        ("   .verborgen.txt  ", "verborgen.txt"),
        ("", "document"),
        ("a" * 300 + ".docx", "a" * 195 + ".docx"),
    ],
)
def test_names_are_cleaned(given, cleaned):
    assert clean_name(given) == cleaned


def test_extension_needs_a_stem():
    assert extension("rapport.PDF") == "pdf" and extension(".pdf") == "" and extension("rapport") == ""


def test_the_embedded_default_stores_privately_without_a_url(tmp_path):
    from django.core.files.base import ContentFile

    storage = PrivateFileSystemStorage(location=tmp_path, file_permissions_mode=0o600, base_url=None)
    name = storage.save("casussen/1/abc", ContentFile(b"inhoud"))
    assert (tmp_path / name).read_bytes() == b"inhoud"
    assert oct((tmp_path / name).stat().st_mode & 0o777) == "0o600"
    with pytest.raises(NotImplementedError):
        storage.url(name)


def test_clamd_answers_clean_and_found():
    assert scanning.ping()
    assert scanning.scan([b"Gewoon een verslag."]).clean
    found = scanning.scan([eicar()[:20], eicar()[20:]])  # split over chunks: still found
    assert not found.clean and found.signature.startswith("Zvh.Test.EICAR")


def test_an_unreachable_scanner_is_reported(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "geen.sock")
    assert not scanning.ping()
    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan([b"x"])
    settings.CLAMD_SOCKET = "tcp://127.0.0.1:1"
    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan([b"x"])
