"""The fields every stored document version has, whatever it belongs to (abstract)."""

from django.db import models

from .storage import document_storage


class ScanStatus(models.TextChoices):
    QUARANTINE = "quarantaine", "In quarantaine"
    CLEAN = "schoon", "Gescand, geen virus"
    INFECTED = "besmet", "Virus gevonden, verwijderd"


class StoredFile(models.Model):
    """One file in the private document storage. Stored first "in quarantaine"; only a version the
    scanner found clean (`is_downloadable`) is ever served. An infected file's object is deleted
    and the row keeps the signature's name as evidence."""

    file = models.FileField("bestand", storage=document_storage, max_length=300, blank=True)
    original_name = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField("soort inhoud", max_length=120)
    size = models.BigIntegerField("grootte (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    scan_status = models.CharField(
        "virusscan", max_length=12, choices=ScanStatus.choices, default=ScanStatus.QUARANTINE
    )
    scan_result = models.CharField("uitslag virusscan", max_length=200, blank=True)
    scanned_at = models.DateTimeField("gescand op", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_downloadable(self) -> bool:
        return self.scan_status == ScanStatus.CLEAN and bool(self.file.name)

    @property
    def in_quarantine(self) -> bool:
        return self.scan_status == ScanStatus.QUARANTINE

    @property
    def is_infected(self) -> bool:
        return self.scan_status == ScanStatus.INFECTED
