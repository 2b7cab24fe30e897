"""The casework programmes of a ZVH and their yearly prognoses (data a manager edits)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from zvh.data_retention import DataRetention, NotPersonal


class PhaseFlow(models.TextChoices):
    """Which phases a case of the programme passes (cases/models/case.py:PHASE_FLOWS)."""

    STANDARD = "standaard", "Aanmelding, triage, analyse, plan, uitvoering, evaluatie, afgesloten"
    ADVICE = "advies", "Vraag, advies, afgesloten (geen plan, geen casusoverleg)"


class Programme(models.Model):
    code = models.CharField("code", max_length=20, unique=True)
    name = models.CharField("naam", max_length=120)
    description = models.TextField("omschrijving", blank=True)
    review_interval_days = models.PositiveIntegerField(
        "evaluatie-interval (dagen)", default=90, help_text="Hoe vaak het plan van aanpak wordt herzien."
    )
    is_advice_only = models.BooleanField(
        "alleen advies", default=False, help_text="Lichte route: vraag, advies, afgesloten (geen volledige casus)."
    )
    has_separate_legal_basis = models.BooleanField(
        "eigen wettelijke grondslag",
        default=False,
        help_text="Gegevens apart houden (bijv. PGA Radicalisering).",
    )
    requires_inclusion_meeting = models.BooleanField(
        "inclusietafel beslist",
        default=False,
        help_text="Inclusie wordt vastgelegd als besluit van een inclusietafel (zoals bij de Levensloopaanpak).",
    )
    phase_flow = models.CharField(
        "fasen", max_length=20, choices=PhaseFlow.choices, default=PhaseFlow.STANDARD,
        help_text="De fasen die een casus van dit programma doorloopt.",
    )  # fmt: skip
    expected_duration_months = models.PositiveSmallIntegerField(
        "verwachte duur (maanden)", null=True, blank=True,
        help_text="Minimale verwachte looptijd (bijv. MDA++: 12); eerder afsluiten geeft een waarschuwing.",
    )  # fmt: skip
    sort_order = models.PositiveSmallIntegerField("volgorde", default=0)
    is_active = models.BooleanField("actief", default=True)

    data_retention = DataRetention(
        code=NotPersonal("programmacode"),
        name=NotPersonal("naam van een programma"),
        description=NotPersonal("beschrijving van een programma"),
        phase_flow=NotPersonal("fasenverloop (code)"),
    )

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "programma"
        verbose_name_plural = "programma's"

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def is_advice_flow(self) -> bool:
        return self.phase_flow == PhaseFlow.ADVICE


class Prognosis(models.Model):
    """Expected caseload of one programme in one year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="prognoses")
    year = models.PositiveSmallIntegerField("jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    expected_new = models.PositiveIntegerField("verwacht nieuw", null=True, blank=True)
    expected_running = models.PositiveIntegerField("lopend uit vorig jaar", null=True, blank=True)
    note = models.CharField("toelichting", max_length=250, blank=True)

    data_retention = DataRetention(
        note=NotPersonal("toelichting bij een prognose (aantallen)"),
    )

    class Meta:
        ordering = ["-year", "programme__sort_order"]
        verbose_name = "prognose"
        verbose_name_plural = "prognoses"
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="one_prognosis_per_programme_year")]

    def __str__(self):
        return f"{self.programme.code} {self.year}"
