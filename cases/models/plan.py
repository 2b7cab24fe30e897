"""The process plan (plan van aanpak / procesplan) and case meetings (casusoverleg).

A plan is versioned: version n+1 starts as a copy of version n; a version is a concept until the
partners at the table agree it, after which its content is frozen (who recorded the agreement and
when is kept). Action progress (status and a short note) is not plan content: the owning partner
updates it on the latest version. Rules: cases/services/plan.py."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zvh.data_retention import BLANK, DataRetention, NotPersonal

from .case import casusregie_label


class LifeDomain(models.Model):
    """A life domain (leefgebied), a managed list with guidance for the analysis."""

    name = models.CharField("naam", max_length=100, unique=True)
    guidance = models.TextField("leidraad", max_length=2000, blank=True)
    sort_order = models.PositiveSmallIntegerField("volgorde", default=0)
    is_active = models.BooleanField("actief", default=True)

    data_retention = DataRetention(
        name=NotPersonal("naam van een leefgebied (referentiegegeven)"),
        guidance=NotPersonal("toelichting bij een leefgebied (referentiegegeven)"),
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "leefgebied"
        verbose_name_plural = "leefgebieden"

    def __str__(self):
        return self.name


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    AGREED = "vastgesteld", "Vastgesteld"


class ProcessPlan(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField("versie")
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT)
    summary = models.TextField("gezamenlijke analyse", max_length=6000, blank=True)
    # Casusregie as it was when this version was agreed: a frozen copy written by agree_plan. The
    # case is the one source (Case.casusregisseur*); a concept shows the case's value.
    casusregisseur = models.ForeignKey(
        "partners.Organisation", verbose_name="casusregie bij", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    casusregisseur_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="casusregisseur (persoon)", on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    next_review_on = models.DateField("volgende evaluatie", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField("vastgesteld op", null=True, blank=True)
    agreement_note = models.CharField("akkoord van", max_length=500, blank=True)
    # When the regisseur last asked the partners at the table for their agreement, and for which
    # state of the concept (its `version`): asking again after a change mails them again.
    agreement_requested_at = models.DateTimeField("akkoord gevraagd op", null=True, blank=True)
    agreement_requested_version = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency of the concept

    data_retention = DataRetention(
        case="case",
        status=NotPersonal("status (code)"),
        summary=BLANK,
        agreement_note=BLANK,
    )

    class Meta:
        ordering = ["case", "-number"]
        verbose_name = "plan van aanpak"
        verbose_name_plural = "plannen van aanpak"
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_plan_number_per_case"),
            models.UniqueConstraint(fields=["case"], condition=Q(status="concept"), name="one_concept_plan_per_case"),
        ]
        indexes = [
            # The dashboard's triage → plan lead time reads the first plans agreed in a period
            # (dashboard/selectors.py). Named for the migration that first created it (programmes 0004).
            models.Index(fields=["agreed_at"], condition=Q(number=1), name="programmes_dash_plan_agreed"),
        ]

    def __str__(self):
        return f"{self.case} plan v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status == PlanStatus.AGREED

    @property
    def casusregie_label(self) -> str:
        """Casusregie as this version shows it: the copy frozen at agreement, or for a concept the
        case's current value (load the plan through its case: `case.plans`)."""
        if self.is_frozen:
            return casusregie_label(self.casusregisseur, self.casusregisseur_user)
        return self.case.casusregie_label


class PlanAgreement(models.Model):
    """One organisation at the table agrees to one plan version: who, when, with what remark.
    Recorded by a professional seated for that organisation (policy.may_agree_plan), once per
    organisation and version; the regisseur then fixes the plan (cases/services/plan.py)."""

    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="agreements")
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name="organisatie", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="akkoord gegeven door", on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    agreed_at = models.DateTimeField("akkoord op", default=timezone.now)
    remark = models.CharField("opmerking", max_length=500, blank=True)
    # The concept's `version` the partner agreed to: a later change of the concept shows beside the
    # agreement ("daarna gewijzigd"), so nobody mistakes it for agreement to the new text.
    plan_version = models.PositiveIntegerField("versie van het concept", default=1)

    data_retention = DataRetention(
        case="plan__case",
        remark=BLANK,
    )

    class Meta:
        ordering = ["plan", "organisation__name"]
        verbose_name = "akkoord van een partner"
        verbose_name_plural = "akkoorden van partners"
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="one_agreement_per_organisation")]

    def __str__(self):
        return f"{self.organisation} akkoord met {self.plan}"

    @property
    def concept_changed_since(self) -> bool:
        """The concept was changed after this agreement (only a concept changes)."""
        return not self.plan.is_frozen and self.plan.version > self.plan_version


class DomainAssessment(models.Model):
    """The shared analysis of one life domain in one plan version, scored so that change over
    versions shows (1 = acute problemen … 5 = geen zorgen)."""

    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="assessments")
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        "score", validators=[MinValueValidator(1), MaxValueValidator(5)], null=True, blank=True
    )
    risks = models.TextField("risico's", max_length=2000, blank=True)
    protective_factors = models.TextField("beschermende factoren", max_length=2000, blank=True)

    data_retention = DataRetention(
        case="plan__case",
        risks=BLANK,
        protective_factors=BLANK,
    )

    class Meta:
        ordering = ["plan", "domain__sort_order"]
        constraints = [models.UniqueConstraint(fields=["plan", "domain"], name="one_assessment_per_domain")]

    def __str__(self):
        return f"{self.plan} {self.domain}: {self.score}"


class Goal(models.Model):
    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(LifeDomain, verbose_name="leefgebied", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("doel", max_length=1000)
    sort_order = models.PositiveSmallIntegerField(default=0)

    data_retention = DataRetention(
        case="plan__case",
        description=BLANK,
    )

    class Meta:
        ordering = ["plan", "domain__sort_order", "sort_order", "pk"]
        verbose_name = "doel"
        verbose_name_plural = "doelen"

    def __str__(self):
        return self.description[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "lopend", "Loopt"
    DONE = "gereed", "Gereed"
    DROPPED = "vervallen", "Vervallen"
    HANDED_OVER = "overgedragen", "Overgedragen aan lokaal veld"


# What an action that is still open may become when the case closes (cases/services/closure.py).
CLOSING_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.HANDED_OVER)
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class PlanAction(models.Model):
    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    description = models.TextField("actie", max_length=1000)
    owner_organisation = models.ForeignKey(
        "partners.Organisation", verbose_name="eigenaar", on_delete=models.PROTECT, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="uitvoerder", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    deadline = models.DateField("deadline")
    status = models.CharField("status", max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    status_note = models.CharField("toelichting status", max_length=500, blank=True)
    status_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_updated_at = models.DateTimeField(null=True, blank=True)
    # The same action in the previous plan version (kept when a new version is started).
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    from_decision = models.ForeignKey(
        "cases.MeetingDecision", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )

    data_retention = DataRetention(
        case="plan__case",
        description=BLANK,
        status=NotPersonal("status (code)"),
        status_note=BLANK,
    )

    class Meta:
        ordering = ["plan", "deadline", "pk"]
        verbose_name = "actie"
        verbose_name_plural = "acties"
        indexes = [models.Index(fields=["owner_organisation", "status", "deadline"])]

    def __str__(self):
        return self.description[:60]

    @property
    def status_tone(self) -> str:
        """The badge modifier for the status (templates/cases/plan/_actions_table.html)."""
        return {
            ActionStatus.DONE: "ok",
            ActionStatus.DROPPED: "neutral",
            ActionStatus.HANDED_OVER: "neutral",
            ActionStatus.IN_PROGRESS: "info",
        }.get(self.status, "warning")


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", "Gepland"
    HELD = "gehouden", "Gehouden"
    CANCELLED = "geannuleerd", "Geannuleerd"


class Meeting(models.Model):
    """A case meeting (casusoverleg) of the partners at the table."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("datum en tijd")
    location = models.CharField("locatie", max_length=200, blank=True)
    is_online = models.BooleanField("online", default=False)
    agenda = models.TextField("agenda", max_length=4000, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes = models.TextField("verslag", max_length=10000, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    data_retention = DataRetention(
        case="case",
        location=BLANK,
        agenda=BLANK,
        status=NotPersonal("status (code)"),
        minutes=BLANK,
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"
        indexes = [models.Index(fields=["chair", "starts_at"])]

    def __str__(self):
        return f"{self.case} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_planned(self) -> bool:
        """Still to be held: the only state in which it can be cancelled or rescheduled."""
        return self.status == MeetingStatus.PLANNED

    @property
    def has_started(self) -> bool:
        """Minutes can be recorded once the meeting has started (cases.services.plan.record_meeting)."""
        return self.starts_at <= timezone.now()

    @property
    def status_tone(self) -> str:
        """The badge modifier for the status (templates/cases/meeting/_status.html)."""
        return {MeetingStatus.HELD: "ok", MeetingStatus.CANCELLED: "neutral"}.get(self.status, "info")


class MeetingChangeKind(models.TextChoices):
    CANCELLED = "geannuleerd", "Geannuleerd"
    RESCHEDULED = "verplaatst", "Verplaatst"


class MeetingChange(models.Model):
    """One cancellation or rescheduling of a meeting, with its required reason (the history shown
    on the meeting; written only by cases.services.plan.cancel_meeting / reschedule_meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField("wijziging", max_length=20, choices=MeetingChangeKind.choices)
    reason = models.TextField("reden", max_length=1000)
    previous_starts_at = models.DateTimeField("oude datum en tijd")
    new_starts_at = models.DateTimeField("nieuwe datum en tijd", null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="meeting__case",
        kind=NotPersonal("soort wijziging (code)"),
        reason=BLANK,
    )

    class Meta:
        ordering = ["meeting", "changed_at", "pk"]
        verbose_name = "wijziging van een casusoverleg"
        verbose_name_plural = "wijzigingen van casusoverleggen"

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display()}"

    @property
    def is_cancellation(self) -> bool:
        return self.kind == MeetingChangeKind.CANCELLED


class Attendance(models.TextChoices):
    PRESENT = "aanwezig", "Aanwezig"
    EXCUSED = "afgemeld", "Afgemeld"
    ABSENT = "afwezig", "Afwezig"


class MeetingInvitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    # Empty until the minutes are recorded (cases.services.plan.record_meeting).
    attendance = models.CharField("aanwezigheid", max_length=20, choices=Attendance.choices, blank=True)

    data_retention = DataRetention(
        case="meeting__case",
        attendance=NotPersonal("aanwezigheid (code)"),
    )

    class Meta:
        ordering = ["meeting", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_invitation_per_user")]

    def __str__(self):
        return f"{self.user} bij {self.meeting}"


class MeetingGuest(models.Model):
    """Someone without an account who attended a meeting (e.g. an interpreter, a school's
    mentor): only a name and an organisation in the attendance. A guest gets no access and no
    grants: nothing in privacy/policy.py reads this table."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField("naam", max_length=200)
    organisation_name = models.CharField("organisatie", max_length=200, blank=True)

    data_retention = DataRetention(
        case="meeting__case",
        name=BLANK,
        organisation_name=BLANK,
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = "gast bij een casusoverleg"
        verbose_name_plural = "gasten bij casusoverleggen"

    def __str__(self):
        return self.name


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("besluit", max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="meeting__case",
        text=BLANK,
    )

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"

    def __str__(self):
        return self.text[:60]
