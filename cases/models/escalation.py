"""Escalations (aanmeldingen) by partners and their triage. An escalation is personal data from
the moment it is submitted; who may read it is decided in privacy/policy.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from zvh.data_retention import ANONYMISED, BLANK, DataRetention, Keep, NotPersonal, birth_year_only, marker, replace

from .case import AveLevel, PersonDetails


class BottleneckKind(models.TextChoices):
    CONTENT = "inhoud", "Inhoudelijk"
    COOPERATION = "samenwerking", "In de samenwerking"


class BottleneckCategory(models.Model):
    """A managed list of what gets stuck (knelpunten); also the raw material of the trend radar."""

    name = models.CharField("naam", max_length=120, unique=True)
    kind = models.CharField("soort", max_length=20, choices=BottleneckKind.choices)
    sort_order = models.PositiveSmallIntegerField("volgorde", default=0)
    is_active = models.BooleanField("actief", default=True)

    data_retention = DataRetention(
        name=NotPersonal("naam van een knelpuntcategorie (referentiegegeven)"),
        kind=NotPersonal("soort (code)"),
    )

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = "knelpuntcategorie"
        verbose_name_plural = "knelpuntcategorieën"

    def __str__(self):
        return self.name


class Urgency(models.TextChoices):
    NORMAL = "normaal", "Normaal (volgende triage)"
    HIGH = "hoog", "Hoog (binnen een week)"
    ACUTE = "acuut", "Acuut (vandaag contact)"


URGENCY_RANK = {Urgency.ACUTE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class NotInformedReason(models.TextChoices):
    CRIMINAL_INVESTIGATION = "strafrechtelijk_onderzoek", "Lopend strafrechtelijk onderzoek"
    SAFETY = "veiligheid", "Veiligheid van betrokkene of anderen"
    NOT_REACHABLE = "niet_bereikbaar", "Betrokkene niet bereikbaar"
    OTHER = "anders", "Anders"


class EscalationStatus(models.TextChoices):
    SUBMITTED = "ingediend", "Ingediend, wacht op triage"
    ACCEPTED = "geaccepteerd", "Geaccepteerd als casus"
    ADVICE = "advies", "Advies gegeven"
    BILATERAL = "bilateraal", "Bilateraal opgepakt"
    BACK_TO_LOCAL = "lokaal", "Terug naar lokaal niveau"
    REJECTED = "niet_geaccepteerd", "Niet geaccepteerd"
    ADDED_TO_CASE = "toegevoegd", "Toegevoegd aan een bestaande casus"
    NEEDS_INFO = "aanvulling", "Aanvulling gevraagd aan de verwijzer"
    WITHDRAWN = "ingetrokken", "Ingetrokken door de verwijzer"


# Not decided yet: waiting for triage, or for the referrer's answer to a question of the triage team.
# Only these can still be decided or withdrawn; retention starts once an escalation left them.
OPEN_ESCALATION_STATUSES = (EscalationStatus.SUBMITTED, EscalationStatus.NEEDS_INFO)
# What the triage team can decide (the outcomes offered on the triage form). "aanvulling" is a
# question, not a decision: the escalation comes back to the queue once the referrer completed it.
TRIAGE_OUTCOMES = (
    EscalationStatus.ACCEPTED,
    EscalationStatus.ADDED_TO_CASE,
    EscalationStatus.ADVICE,
    EscalationStatus.BILATERAL,
    EscalationStatus.BACK_TO_LOCAL,
    EscalationStatus.REJECTED,
    EscalationStatus.NEEDS_INFO,
)


ESCALATION_STATUS_TONE = {EscalationStatus.SUBMITTED: "info", EscalationStatus.ACCEPTED: "ok"}
URGENCY_TONE = {Urgency.ACUTE: "error", Urgency.HIGH: "warning"}
URGENCY_SHORT_LABEL = {
    Urgency.ACUTE: "Urgentie acuut",
    Urgency.HIGH: "Urgentie hoog",
    Urgency.NORMAL: "Urgentie normaal",
}


def escalation_status_badge(status: str) -> tuple[str, str]:
    """(badge modifier, text) for an escalation status code; also for selector rows (dicts)."""
    try:
        text = EscalationStatus(status).label
    except ValueError:
        text = status or "Onbekend"
    return ESCALATION_STATUS_TONE.get(status, "neutral"), text


class EscalationCounter(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    data_retention = DataRetention()

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Escalation(models.Model):
    reference = models.CharField("kenmerk", max_length=20, unique=True, editable=False)
    status = models.CharField(
        "status", max_length=20, choices=EscalationStatus.choices, default=EscalationStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ingediend door", on_delete=models.PROTECT, related_name="escalations"
    )
    referrer_organisation = models.ForeignKey(
        "partners.Organisation", verbose_name="verwijzende organisatie", on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField("naam contactpersoon", max_length=150)
    contact_phone = models.CharField("telefoon contactpersoon", max_length=30)
    contact_email = models.EmailField("e-mail contactpersoon")
    reason = models.TextField("aanleiding", max_length=4000)
    bottleneck_categories = models.ManyToManyField(
        BottleneckCategory, verbose_name="knelpunten", related_name="escalations"
    )
    bottleneck_text = models.TextField("wat loopt er vast", max_length=4000)
    ave_level = models.PositiveSmallIntegerField("huidig AVE-niveau", choices=AveLevel.choices)
    urgency = models.CharField("urgentie", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    goal = models.TextField("doel van de opschaling", max_length=2000)
    involved_organisations = models.ManyToManyField(
        "partners.Organisation", verbose_name="al betrokken partners", related_name="+", blank=True
    )
    involved_other = models.CharField("andere betrokken partijen", max_length=300, blank=True)
    person_informed = models.BooleanField("betrokkene is geïnformeerd")
    not_informed_reason = models.CharField(
        "reden niet geïnformeerd", max_length=30, choices=NotInformedReason.choices, blank=True
    )
    not_informed_explanation = models.CharField("toelichting", max_length=500, blank=True)
    # Woongemeente of the person(s); copied to the case on acceptance (dashboard figure, no address).
    municipality = models.ForeignKey(
        "partners.Organisation",
        verbose_name="woongemeente",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": "gemeente"},
    )
    suggested_programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name="voorgesteld programma",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("ingediend op", default=timezone.now)
    submission_key = models.UUIDField(unique=True, editable=False)
    # Triage outcome. decided_at also starts the retention clock of escalations without a case.
    decided_at = models.DateTimeField("beoordeeld op", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    feedback = models.TextField("terugkoppeling aan de verwijzer", max_length=4000, blank=True)
    advice = models.TextField("gegeven advies", max_length=4000, blank=True)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalation"
    )
    # Outcome "toegevoegd aan een bestaande casus": the running case this escalation was added to
    # (its persons and referrer joined that case; cases/services/escalation_merge.py). `case` stays
    # the one case an escalation created. Retention follows this case as it follows `case`: the
    # escalation is destroyed with it, never on the short term of escalations without a case
    # (privacy/retention/services.py). SET_NULL: should the case row ever go, the escalation falls
    # back to that short term rather than being lost.
    added_to_case = models.ForeignKey(
        "cases.Case",
        verbose_name="toegevoegd aan casus",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="added_escalations",
    )
    # Set when the retention job destroyed the personal data; the row stays for the aggregates.
    anonymised_at = models.DateTimeField("geanonimiseerd op", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    data_retention = DataRetention(
        case="case",
        escalation="pk",
        reference=Keep("aanmeldnummer, voor de cijfers en het vernietigingsregister"),
        status=NotPersonal("status (code)"),
        contact_name=BLANK,
        contact_phone=BLANK,
        contact_email=BLANK,
        reason=BLANK,
        bottleneck_text=BLANK,
        urgency=NotPersonal("urgentie (code)"),
        goal=BLANK,
        involved_other=BLANK,
        not_informed_reason=NotPersonal("reden niet geïnformeerd (code)"),
        not_informed_explanation=BLANK,
        feedback=BLANK,
        advice=BLANK,
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["referrer_organisation", "-submitted_at"]),
            models.Index(fields=["-decided_at"], name="escalation_decided_idx"),  # "recent decisions" at triage
            # The dashboard counts escalations of a period by submission date (dashboard/selectors.py).
            # Named for the migration that first created it (programmes 0004).
            models.Index(fields=["submitted_at"], name="programmes_dash_esc_submitted"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_pending(self) -> bool:
        return self.status == EscalationStatus.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.status == EscalationStatus.ACCEPTED

    @property
    def is_added_to_case(self) -> bool:
        return self.status == EscalationStatus.ADDED_TO_CASE

    @property
    def resulting_case(self):
        """The case this escalation led to: the one it created, or the one it was added to."""
        return self.case or self.added_to_case

    @property
    def status_badge(self) -> tuple[str, str]:
        """(badge modifier, text) for templates/cases/_escalation_status.html."""
        return escalation_status_badge(self.status)

    @property
    def is_urgent(self) -> bool:
        """Higher than normal urgency: the triage team makes contact before the weekly meeting."""
        return self.urgency != Urgency.NORMAL

    @property
    def urgency_tone(self) -> str:
        """The badge modifier for the urgency (templates/cases/_escalation_urgency.html)."""
        return URGENCY_TONE.get(self.urgency, "neutral")

    @property
    def urgency_short_label(self) -> str:
        return URGENCY_SHORT_LABEL.get(self.urgency, URGENCY_SHORT_LABEL[Urgency.NORMAL])


class EscalationPerson(PersonDetails):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="persons")

    data_retention = DataRetention(
        case="escalation__case",
        escalation="escalation",
        first_name=marker(ANONYMISED),
        name_prefix=BLANK,
        last_name=marker(ANONYMISED),
        date_of_birth=replace(birth_year_only, "1 januari van het geboortejaar (leeftijdsgroepen)"),
        street_address=BLANK,
        postal_code=BLANK,
        city=BLANK,
        bsn=BLANK,
        role_in_case=Keep("rol in de casus, voor de cijfers"),
    )

    class Meta:
        ordering = ["escalation", "pk"]
        verbose_name = "persoon in aanmelding"
        verbose_name_plural = "personen in aanmelding"
        # As on Person: the duplicate check at triage and the subject-access search look up a BSN,
        # or a last name (case-insensitive) with a birth date, among every escalation ever made.
        indexes = [
            models.Index(fields=["bsn"], condition=~Q(bsn=""), name="escalationperson_bsn_idx"),
            models.Index(Upper("last_name"), "date_of_birth", name="escalationperson_name_born_idx"),
        ]


class InclusionCriterion(models.Model):
    """A programme's inclusion criterion (MDA++ indicators, Levensloopaanpak criteria)."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="inclusion_criteria")
    text = models.CharField("criterium", max_length=300)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    data_retention = DataRetention(
        text=NotPersonal("tekst van een inclusiecriterium (referentiegegeven)"),
    )

    class Meta:
        ordering = ["programme", "sort_order", "pk"]
        verbose_name = "inclusiecriterium"
        verbose_name_plural = "inclusiecriteria"

    def __str__(self):
        return self.text


class InclusionDecision(models.Model):
    """The checklist answered at acceptance, who decided and when; for the Levensloopaanpak the
    decision of an inclusion meeting (inclusietafel)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="inclusion_decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    inclusion_meeting_date = models.DateField("datum inclusietafel", null=True, blank=True)
    note = models.TextField("toelichting", max_length=2000, blank=True)

    data_retention = DataRetention(
        case="case",
        note=BLANK,
    )

    class Meta:
        verbose_name = "inclusiebesluit"
        verbose_name_plural = "inclusiebesluiten"

    def __str__(self):
        return f"Inclusie {self.case}"


class InclusionAnswer(models.Model):
    decision = models.ForeignKey(InclusionDecision, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(InclusionCriterion, on_delete=models.PROTECT, related_name="+")
    criterion_text = models.CharField(max_length=300)  # as it read when decided
    is_met = models.BooleanField("voldaan")

    data_retention = DataRetention(
        case="decision__case",
        criterion_text=NotPersonal("kopie van de criteriumtekst (referentiegegeven)"),
    )

    class Meta:
        ordering = ["decision", "criterion__sort_order"]

    def __str__(self):
        return f"{self.criterion_text}: {'ja' if self.is_met else 'nee'}"
