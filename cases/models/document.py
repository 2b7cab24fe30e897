"""Documents on a case (issue 17): a document has a title, a category from a managed list, the
uploader and their organisation, and versions; each version is one stored file (documents
kernel: object key, SHA-256, sniffed type, virus-scan status). A document can be restricted to
named organisations at the table like a note (`Restrictable`; who may read it:
`privacy.policy.restricted_reader`). Retention deletes every version's row and stored object and
blanks the title (`data_retention`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from documents.models import ScanStatus, StoredFile
from zvh.data_retention import DELETE_ROW, DESTROYED, DataRetention, Keep, NotPersonal, marker

from .restriction import Restrictable

DEFAULT_CATEGORIES = ["Rapportage", "Beschikking", "Verslag", "Brief", "Overig"]


class DocumentCategory(models.Model):
    """A managed list (beheer) of document categories."""

    name = models.CharField("naam", max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField("volgorde", default=0)
    is_active = models.BooleanField("actief", default=True)

    data_retention = DataRetention(name=NotPersonal("naam van een documentcategorie (referentiegegeven)"))

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "documentcategorie"
        verbose_name_plural = "documentcategorieën"

    def __str__(self):
        return self.name


class CaseDocument(Restrictable):
    # An attachment of an escalation (issue 17) exists before its case: it belongs to the
    # escalation only, and acceptance (`decide_escalation`) links it to the new case too.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents", null=True, blank=True)
    escalation = models.ForeignKey(
        "cases.Escalation",
        verbose_name="aanmelding",
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
    )
    # A document of the case may be an annex of one meeting (agenda, minutes) or one plan version.
    meeting = models.ForeignKey(
        "cases.Meeting",
        verbose_name="overleg",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    plan = models.ForeignKey(
        "cases.ProcessPlan",
        verbose_name="planversie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField("titel", max_length=200)
    category = models.ForeignKey(DocumentCategory, verbose_name="categorie", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="toegevoegd door", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("toegevoegd op", default=timezone.now)

    data_retention = DataRetention(case="case", escalation="escalation", title=marker(DESTROYED))

    RESTRICTED_LABEL = "afgeschermd document"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "document"
        verbose_name_plural = "documenten"
        indexes = [models.Index(fields=["case", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(escalation__isnull=False), name="document_has_case_or_escalation"
            )
        ]

    def __str__(self):
        return f"{self.case or self.escalation} document {self.pk}"


class DocumentVersion(StoredFile):
    """One upload of a document; earlier versions stay (listed and downloadable)."""

    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versie")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="geüpload door", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name="organisatie van de uploader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("geüpload op", default=timezone.now)
    # A double click or a resubmitted form stores one version (cases/services/documents.py).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    data_retention = DataRetention(
        case="document__case",
        escalation="document__escalation",
        file=DELETE_ROW,  # the row and the stored object (privacy/retention deletes the file on commit)
        original_name=DELETE_ROW,
        content_type=NotPersonal("soort inhoud (MIME-type)"),
        sha256=NotPersonal("controlegetal van de inhoud"),
        scan_status=NotPersonal("status virusscan (code)"),
        scan_result=Keep("naam van een virussignatuur, geen persoonsgegeven"),
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = "documentversie"
        verbose_name_plural = "documentversies"
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique")]
        indexes = [models.Index(fields=["document", "scan_status"], name="docversion_document_status")]

    def __str__(self):
        return f"{self.document} v{self.number}"


CLEAN_VERSIONS = Q(scan_status=ScanStatus.CLEAN)
