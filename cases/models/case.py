"""The case core: a case, the persons involved, the partners at the table, its AVE history and
its timeline. State changes happen only in `cases/services.py`; who may see a case is decided
only in `privacy/policy.py`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from cases.validators import validate_bsn
from zvh.data_retention import (
    ANONYMISED,
    BLANK,
    DESTROYED,
    DataRetention,
    Keep,
    NotPersonal,
    birth_year_only,
    marker,
    replace,
)

from .restriction import Restrictable


class Phase(models.TextChoices):
    AANMELDING = "aanmelding", "Aanmelding"
    TRIAGE = "triage", "Triage"
    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan van aanpak"
    UITVOERING = "uitvoering", "Uitvoering en monitoring"
    EVALUATIE = "evaluatie", "Evaluatie"
    ADVIES = "advies", "Advies"
    AFGESLOTEN = "afgesloten", "Afgesloten"


# The allowed moves of a case through its life. Forward one step; back from execution to the plan
# (a new plan version) and from evaluation to execution; closure from any open phase.
PHASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Phase.AANMELDING: (Phase.TRIAGE, Phase.AFGESLOTEN),
    Phase.TRIAGE: (Phase.ANALYSE, Phase.AFGESLOTEN),
    Phase.ANALYSE: (Phase.PLAN, Phase.AFGESLOTEN),
    Phase.PLAN: (Phase.UITVOERING, Phase.ANALYSE, Phase.AFGESLOTEN),
    Phase.UITVOERING: (Phase.EVALUATIE, Phase.PLAN, Phase.AFGESLOTEN),
    Phase.EVALUATIE: (Phase.UITVOERING, Phase.PLAN, Phase.AFGESLOTEN),
    Phase.AFGESLOTEN: (),
    # A case that came from an advice programme (programme change) continues with the analysis.
    Phase.ADVIES: (Phase.ANALYSE, Phase.AFGESLOTEN),
}

# Advice programmes (COM-advies, Programme.phase_flow "advies"): question → advice → closed; no
# plan and no meetings. The question is the aanmelding (or triage/analysis for a case registered
# after triage or moved here by a programme change from a full programme).
ADVICE_PHASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{phase: (Phase.ADVIES, Phase.AFGESLOTEN) for phase in Phase if phase != Phase.AFGESLOTEN},
    Phase.AANMELDING: (Phase.TRIAGE, Phase.ADVIES, Phase.AFGESLOTEN),  # the question may be triaged first
    Phase.ADVIES: (Phase.AFGESLOTEN,),
    Phase.AFGESLOTEN: (),
}

PHASE_FLOWS: dict[str, dict[str, tuple[str, ...]]] = {
    "standaard": PHASE_TRANSITIONS,
    "advies": ADVICE_PHASE_TRANSITIONS,
}


# The phases the stepper on the case page shows for each flow, in order.
PHASE_STEPS: dict[str, tuple[str, ...]] = {
    "standaard": tuple(p for p in Phase.values if p != Phase.ADVIES),
    "advies": (Phase.AANMELDING, Phase.ADVIES, Phase.AFGESLOTEN),
}


def transitions_for(programme) -> dict[str, tuple[str, ...]]:
    """The allowed moves of a case of this programme (its `phase_flow`, reference data)."""
    return PHASE_FLOWS.get(programme.phase_flow, PHASE_TRANSITIONS)


def phase_steps_for(programme, current: str) -> tuple[str, ...]:
    """The phases of this programme's flow, with the current phase among them (a case moved
    between programmes may stand in a phase its new flow passes by, e.g. an advice case in triage)."""
    steps = PHASE_STEPS.get(programme.phase_flow, PHASE_STEPS["standaard"])
    if current in steps:
        return steps
    return tuple(p for p in Phase.values if p in steps or p == current)


class AveLevel(models.IntegerChoices):
    AVE1 = 1, "AVE1 – regulier, preventie"
    AVE2 = 2, "AVE2 – lokaal team ondersteunt"
    AVE3 = 3, "AVE3 – opgeschaald, procesregie"
    AVE4 = 4, "AVE4 – acuut gevaar, crisis"


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "doelen_bereikt", "Doelen bereikt"
    DOWNSCALED = "afgeschaald", "Afgeschaald naar lokaal niveau"
    TRANSFERRED = "overgedragen", "Overgedragen aan een partner"
    MOVED = "verhuisd", "Betrokkene verhuisd buiten de regio"
    DETAINED = "detentie", "Detentie of gedwongen opname (langdurig)"
    NO_COOPERATION = "geen_medewerking", "Geen medewerking, geen verdere mogelijkheden"
    DECEASED = "overleden", "Betrokkene overleden"
    OTHER = "anders", "Anders"


def casusregie_label(organisation, user) -> str:
    if organisation is None:
        return ""
    if user is None:
        return str(organisation)
    return f"{organisation} ({user.get_full_name() or user.get_username()})"


class CaseReferenceCounter(models.Model):
    """Last issued case number per year; locked with SELECT ... FOR UPDATE when a case is made."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    data_retention = DataRetention()

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    reference = models.CharField("kenmerk", max_length=20, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name="programma", on_delete=models.PROTECT, related_name="cases"
    )
    phase = models.CharField("fase", max_length=20, choices=Phase.choices, default=Phase.AANMELDING)
    ave_level = models.PositiveSmallIntegerField("AVE-niveau", choices=AveLevel.choices)
    summary = models.TextField("aanleiding en hulpvraag", max_length=4000)
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="procesregisseur",
        on_delete=models.PROTECT,
        related_name="directed_cases",
    )
    casusregisseur = models.ForeignKey(
        "partners.Organisation",
        verbose_name="casusregie bij",
        on_delete=models.PROTECT,
        related_name="casusregie_cases",
        null=True,
        blank=True,
        help_text="De partner die de persoon of het gezin dagelijks ondersteunt.",
    )
    # Optionally the person of that organisation who holds casusregie, a professional seated for it.
    # The case is the one source of casusregie (set only by `cases.services.case.set_casusregie`);
    # a plan keeps a frozen copy from the moment it was agreed (ProcessPlan.casusregisseur*).
    casusregisseur_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="casusregisseur (persoon)",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # The municipality the person or family lives in: kept through anonymisation for the
    # "cases per municipality" figures (an organisation of kind gemeente, not an address).
    municipality = models.ForeignKey(
        "partners.Organisation",
        verbose_name="woongemeente",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": "gemeente"},
    )
    opened_on = models.DateField("datum start", default=timezone.localdate)
    closed_on = models.DateField("datum afsluiting", null=True, blank=True)
    closure_reason = models.CharField("reden afsluiting", max_length=30, choices=ClosureReason.choices, blank=True)
    closure_result = models.TextField("resultaat", max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="geregistreerd door"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention job destroyed the personal data; the row stays for the aggregates.
    anonymised_at = models.DateTimeField("geanonimiseerd op", null=True, blank=True)
    # Optimistic concurrency: every change bumps it; a form that carries an older value is refused.
    version = models.PositiveIntegerField(default=1)
    # The hidden one-time token of the registration form: a double submit finds the first case.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The case's reference in the system it was brought in from (GCOS, a spreadsheet), set only by
    # cases/services/case_import.py: a second import of the same file finds it and changes nothing.
    external_reference = models.CharField("kenmerk in vorig systeem", max_length=60, blank=True, editable=False)
    # The names of the case's persons, one person per line, for the case-list search only
    # (cases/selectors.py): a search tests this copy, read from the index below, before it looks
    # up any persons, so searching a regisseur's history of a thousand cases does not cost a
    # thousand lookups of persons (issue 8). Empty means "not kept" (no persons, or names longer
    # than PERSON_SEARCH_TEXT_BYTES in UTF-8: a PostgreSQL index entry holds at most 2,704 bytes):
    # the search then looks at the persons themselves. Written only by
    # `cases.services.case.refresh_person_search`, in the transaction that changes a person's name,
    # retention's anonymisation included; never shown, never in the change log
    # (cases/auditlog_registry.py).
    person_search_text = models.TextField(default="", blank=True, editable=False)

    data_retention = DataRetention(
        case="pk",
        reference=Keep("casusnummer, voor de cijfers en het vernietigingsregister"),
        external_reference=Keep(
            "kenmerk in het vorige systeem (geen persoonsgegeven): zo maakt een nieuwe import van hetzelfde "
            "bestand een vernietigde casus niet opnieuw aan"
        ),
        phase=NotPersonal("fase (code)"),
        summary=BLANK,
        closure_reason=NotPersonal("reden van afsluiten (code)"),
        closure_result=BLANK,
        person_search_text=BLANK,
    )
    PERSON_SEARCH_TEXT_BYTES = 2000

    class Meta:
        ordering = ["-opened_on", "-reference"]
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        permissions = [("contribute_case", "Kan bijdragen aan de casus (notities)")]
        constraints = [
            # One case per reference of the old system: two imports running at once cannot both
            # bring the same case in.
            models.UniqueConstraint(
                fields=["external_reference"],
                condition=~Q(external_reference=""),
                name="case_external_reference_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["phase", "programme"]),
            models.Index(fields=["ave_level"]),
            models.Index(fields=["procesregisseur", "phase"]),
            models.Index(fields=["-opened_on", "-reference"]),
            # The dashboard counts closures of a period by date (dashboard/selectors.py): a range scan,
            # not a full scan. Named for the migration that first created it (programmes 0004).
            models.Index(fields=["closed_on"], name="programmes_dash_case_closed"),
            # Look-ups of many cases by id answered from the index alone, without reading case rows:
            # the dashboard's programme, woongemeente and opening date of the cases of a period's
            # escalations and plans, and the case list's filters, sorting and search over the cases
            # a user may see (a thousand for a regisseur with ten years of history).
            models.Index(
                fields=["id"],
                include=[
                    "programme",
                    "municipality",
                    "opened_on",
                    "reference",
                    "phase",
                    "ave_level",
                    "person_search_text",
                ],
                name="case_by_id_cover_idx",
            ),  # fmt: skip
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.AFGESLOTEN

    @property
    def casusregie_label(self) -> str:
        """ "<organisatie> (<persoon>)", "<organisatie>", or "" when not set: the one text every page
        and PDF shows for casusregie (load `casusregisseur` and `casusregisseur_user` with it)."""
        return casusregie_label(self.casusregisseur, self.casusregisseur_user)

    @property
    def may_move_to_execution(self) -> bool:
        """The phase flow allows the move to "uitvoering" now (offered once a plan is agreed)."""
        return Phase.UITVOERING in PHASE_TRANSITIONS[self.phase]

    def allowed_next_phases(self) -> list[tuple[str, str]]:
        return [(p, Phase(p).label) for p in transitions_for(self.programme)[self.phase]]

    @property
    def closes_before_expected(self) -> bool:
        """An open case younger than its programme's expected duration (e.g. MDA++: a year)."""
        months = self.programme.expected_duration_months
        if not months or self.is_closed:
            return False
        today = timezone.localdate()
        age = (today.year - self.opened_on.year) * 12 + today.month - self.opened_on.month
        return age < months or (age == months and today.day < self.opened_on.day)


class PersonRole(models.TextChoices):
    MAIN = "hoofdpersoon", "Hoofdpersoon"
    PARTNER = "partner", "Partner"
    CHILD = "kind", "Kind"
    PARENT = "ouder", "Ouder of verzorger"
    FAMILY = "gezinslid", "Ander gezinslid"
    VICTIM = "slachtoffer", "Slachtoffer"
    OTHER = "overig", "Overig"


class PersonDetails(models.Model):
    """Who a person is: shared by the persons of a case and those named in an escalation."""

    first_name = models.CharField("voornaam", max_length=100)
    name_prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    last_name = models.CharField("achternaam", max_length=150)
    date_of_birth = models.DateField("geboortedatum", null=True, blank=True)
    street_address = models.CharField("straat en huisnummer", max_length=200, blank=True)
    postal_code = models.CharField("postcode", max_length=7, blank=True)
    city = models.CharField("woonplaats", max_length=100, blank=True)
    bsn = models.CharField("BSN", max_length=9, blank=True, validators=[validate_bsn])
    role_in_case = models.CharField("rol in de casus", max_length=20, choices=PersonRole.choices)

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.name_prefix, self.last_name) if part)

    @property
    def masked_bsn(self) -> str:
        return f"•••••{self.bsn[-4:]}" if self.bsn else ""


class Person(PersonDetails):
    """A person involved in a case (personal data in the sense of the WGS)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    data_retention = DataRetention(
        case="case",
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
        ordering = ["case", "created_at", "pk"]
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["bsn"], condition=~Q(bsn=""), name="person_bsn_idx"),
            # Possible duplicates at triage: same name (case-insensitive) and date of birth.
            models.Index(Upper("last_name"), "date_of_birth", name="person_upper_name_born_idx"),
        ]


class Participant(models.Model):
    """A partner organisation at the table of a case, from `joined_on` until `left_on`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name="organisatie", on_delete=models.PROTECT, related_name="seats"
    )
    contribution = models.CharField("rol aan tafel", max_length=200, blank=True)
    joined_on = models.DateField("aan tafel sinds", default=timezone.localdate)
    left_on = models.DateField("vertrokken op", null=True, blank=True)

    data_retention = DataRetention(
        case="case",
        contribution=BLANK,
    )

    class Meta:
        ordering = ["joined_on", "organisation__name"]
        verbose_name = "partner aan tafel"
        verbose_name_plural = "partners aan tafel"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=Q(left_on__isnull=True),
                name="one_active_seat_per_organisation",
            )
        ]

    def __str__(self):
        return f"{self.organisation} aan tafel bij {self.case}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class ParticipantProfessional(models.Model):
    """A named professional of a participating organisation. Only an active seat gives access."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="professionals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="professional", on_delete=models.PROTECT, related_name="seats"
    )
    joined_on = models.DateField("aan tafel sinds", default=timezone.localdate)
    left_on = models.DateField("vertrokken op", null=True, blank=True)

    data_retention = DataRetention(
        case="participant__case",
    )

    class Meta:
        ordering = ["joined_on", "user__last_name"]
        verbose_name = "professional aan tafel"
        verbose_name_plural = "professionals aan tafel"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "user"],
                condition=Q(left_on__isnull=True),
                name="one_active_seat_per_professional",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.participant.organisation})"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class AveLevelChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ave_history")
    from_level = models.PositiveSmallIntegerField(choices=AveLevel.choices, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(choices=AveLevel.choices)
    reason = models.TextField("reden", max_length=2000)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="case",
        reason=BLANK,
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "wijziging AVE-niveau"
        verbose_name_plural = "wijzigingen AVE-niveau"
        indexes = [
            # The dashboard's AVE figures (dashboard/selectors.py): a case's level on a date, and the
            # changes of a period. Named for the migration that first created them (programmes 0004).
            models.Index(fields=["case", "changed_at"], name="programmes_dash_ave_case_time"),
            models.Index(fields=["changed_at"], name="programmes_dash_ave_time"),
        ]

    def __str__(self):
        return f"{self.case}: AVE{self.from_level or '-'} → AVE{self.to_level}"


class TimelineKind(models.TextChoices):
    NOTE = "notitie", "Notitie"
    CREATED = "geregistreerd", "Casus geregistreerd"
    PHASE = "fase", "Fase gewijzigd"
    AVE = "ave", "AVE-niveau gewijzigd"
    PERSON = "betrokkene", "Betrokkene"
    PARTICIPANT = "partner", "Partner aan tafel"
    DETAILS = "gegevens", "Casusgegevens gewijzigd"  # aanleiding, woongemeente (cases/services/case.py)
    CASUSREGIE = "casusregie", "Casusregie gewijzigd"
    # Plan, actions and meetings each say what happened (issue 18), not "Casusgegevens gewijzigd".
    PLAN_STARTED = "plan_gestart", "Plan gestart (concept)"
    PLAN_AGREEMENT_ASKED = "akkoord_gevraagd", "Akkoord op plan gevraagd"
    PLAN_PARTNER_AGREED = "akkoord_partner", "Partner akkoord met plan"
    PLAN_AGREED = "plan_vastgesteld", "Plan vastgesteld"
    ACTION_STATUS = "actie_status", "Status actie bijgewerkt"
    MEETING_PLANNED = "overleg_gepland", "Overleg gepland"
    MEETING_RESCHEDULED = "overleg_verplaatst", "Overleg verplaatst"
    MEETING_CANCELLED = "overleg_geannuleerd", "Overleg geannuleerd"
    PROGRAMME = "programma", "Programma gewijzigd"
    REOPENED = "heropend", "Casus heropend"
    LINK = "koppeling", "Gekoppelde casus"
    HANDOVER = "overdracht", "Overgedragen"
    DEPUTY = "vervanging", "Vervanging"
    BOTTLENECK = "knelpunt", "Knelpunt geregistreerd"
    ESCALATION_ADDED = "aanmelding", "Aanmelding toegevoegd"


class TimelineEntry(Restrictable):
    """The chronological story of a case: notes by people and events written by the services.
    A note may be restricted (`Restrictable`): the others at the table see only that it exists."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="case",
        kind=NotPersonal("soort tijdlijnregel (code)"),
        text=marker(DESTROYED),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "tijdlijnregel"
        verbose_name_plural = "tijdlijn"
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_note(self) -> bool:
        """A note written by a person (the other kinds are events written by the services)."""
        return self.kind == TimelineKind.NOTE
