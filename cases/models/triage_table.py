"""Advice of the triage table (issue 16): a named professional of a partner organisation that joins
the weekly triage (politie, OM, reclassering) writes one advice per pending escalation. Who sees
what at the table is decided in privacy/policy.py (`may_view_escalation_at_triage_table`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zvh.data_retention import BLANK, DataRetention

ADVICE_MAX_LENGTH = 2000


class TriageAdvice(models.Model):
    escalation = models.ForeignKey(
        "cases.Escalation", verbose_name="aanmelding", on_delete=models.CASCADE, related_name="table_advices"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    # The author's organisation when they wrote it (the advice speaks for it at the table).
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name="organisatie", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("advies", max_length=ADVICE_MAX_LENGTH)
    created_at = models.DateTimeField("gegeven op", default=timezone.now)
    updated_at = models.DateTimeField("gewijzigd op", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    data_retention = DataRetention(
        case="escalation__case",
        escalation="escalation",
        text=BLANK,
    )

    class Meta:
        ordering = ["escalation", "created_at", "pk"]
        verbose_name = "advies van de triagetafel"
        verbose_name_plural = "adviezen van de triagetafel"
        constraints = [
            models.UniqueConstraint(fields=["escalation", "author"], name="triage_advice_one_per_author"),
        ]

    def __str__(self):
        return f"Advies {self.organisation} bij {self.escalation}"

    @property
    def was_edited(self) -> bool:
        return self.version > 1
