"""Who directs a case when the team changes: a handover moves a case to another procesregisseur for
good; a deputyship (vervanging) lets a colleague direct someone's running cases for a period, such
as leave. What a deputy may do is decided by `privacy.policy` (`desired_grants`, `directs_case`);
these models only store the facts. The services are in cases/services/handover.py."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zvh.data_retention import BLANK, DataRetention, Keep
from zvh.formats import date_text


class CaseHandover(models.Model):
    """One case handed from one procesregisseur to another, with the reason (history on the case)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="van", on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="aan", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("reden", max_length=1000)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_over_at = models.DateTimeField("overgedragen op", default=timezone.now)

    data_retention = DataRetention(case="case", reason=BLANK)

    class Meta:
        ordering = ["-handed_over_at", "-pk"]
        verbose_name = "overdracht"
        verbose_name_plural = "overdrachten"

    def __str__(self):
        return f"{self.case}: {self.from_user} → {self.to_user}"


class DeputyshipQuerySet(models.QuerySet):
    def active_on(self, day: date) -> DeputyshipQuerySet:
        """Deputyships in force on `day` (not ended early) whose deputy can still direct cases."""
        return self.filter(
            starts_on__lte=day,
            ends_on__gte=day,
            ended_early_at__isnull=True,
            deputy__is_active=True,
            deputy__role="procesregisseur",
        )

    def current_and_future(self, day: date) -> DeputyshipQuerySet:
        return self.filter(ends_on__gte=day, ended_early_at__isnull=True)


class Deputyship(models.Model):
    """A procesregisseur's deputy (vervanger) for a period: during it the deputy directs the
    regisseur's running cases beside them (grants in privacy.policy.desired_grants)."""

    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="procesregisseur", on_delete=models.PROTECT, related_name="deputyships"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="vervanger", on_delete=models.PROTECT, related_name="deputising_for"
    )
    starts_on = models.DateField("van")
    ends_on = models.DateField("tot en met")
    reason = models.CharField("reden", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_early_at = models.DateTimeField("eerder beëindigd op", null=True, blank=True)
    ended_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DeputyshipQuerySet.as_manager()

    data_retention = DataRetention(
        reason=Keep("afwezigheid van een medewerker (bijv. verlof), geen casusgegevens; hoort bij de werkorganisatie"),
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = "vervanging"
        verbose_name_plural = "vervangingen"
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="deputyship_period_forward"),
            models.CheckConstraint(condition=~Q(deputy=models.F("regisseur")), name="deputyship_not_self"),
        ]
        indexes = [models.Index(fields=["regisseur", "ends_on"]), models.Index(fields=["deputy", "ends_on"])]

    def __str__(self):
        return f"{self.deputy} vervangt {self.regisseur} ({date_text(self.starts_on)} t/m {date_text(self.ends_on)})"

    def is_active_on(self, day: date) -> bool:
        return self.ended_early_at is None and self.starts_on <= day <= self.ends_on
