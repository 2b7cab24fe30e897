"""A case's life beyond its phases: its programme changes (history) and its links to other cases
(the same household or system, a follow-up case)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from zvh.data_retention import BLANK, DataRetention, NotPersonal


class ProgrammeChange(models.Model):
    """A case moved from one programme to another (e.g. COM to the Levensloopaanpak), with a reason.
    The case's own `programme` is the current one (the dashboard counts it there); these rows are
    its history."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="programme_changes")
    from_programme = models.ForeignKey(
        "programmes.Programme", verbose_name="van programma", on_delete=models.PROTECT, related_name="+"
    )
    to_programme = models.ForeignKey(
        "programmes.Programme", verbose_name="naar programma", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("reden", max_length=2000)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="case",
        reason=BLANK,
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "programmawijziging"
        verbose_name_plural = "programmawijzigingen"

    def __str__(self):
        return f"{self.case}: {self.from_programme.code} → {self.to_programme.code}"


class CaseRelation(models.TextChoices):
    HOUSEHOLD = "gezin", "Zelfde gezin/huishouden"
    SYSTEM = "systeem", "Zelfde systeem"
    FOLLOW_UP = "vervolg", "Vervolgcasus"


class CaseLink(models.Model):
    """Two cases that belong together. One row per pair; it shows on both cases. For a follow-up,
    `from_case` is the later case and `to_case` the earlier one. A link says nothing about who may
    see the other case: the case page shows the other case's programme and phase only to a viewer
    with a grant on it (`cases.selectors.case_links`), otherwise its reference alone."""

    from_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="links_from")
    to_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="links_to")
    relation = models.CharField("relatie", max_length=20, choices=CaseRelation.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # No free text: a link is reference data between two cases. Retention of either case deletes
    # the link's change-log history with it (`case=` path: the later/linking case).
    data_retention = DataRetention(
        case="from_case",
        relation=NotPersonal("soort relatie (code)"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "gekoppelde casus"
        verbose_name_plural = "gekoppelde casussen"
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="one_link_per_case_pair"),
            models.CheckConstraint(condition=~Q(from_case=F("to_case")), name="case_link_not_to_itself"),
        ]
        indexes = [models.Index(fields=["to_case"], name="case_link_to_idx")]

    def __str__(self):
        return f"{self.from_case} ↔ {self.to_case} ({self.get_relation_display()})"

    @property
    def is_follow_up(self) -> bool:
        return self.relation == CaseRelation.FOLLOW_UP
