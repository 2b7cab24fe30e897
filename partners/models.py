"""Organisations of the convenant, their contacts, the people who log in on their behalf, and the
collaboration agenda (samenwerkingsagenda) the partners keep together. The agenda holds no case
data: priorities, kartrekkers (organisations), actions, status and progress notes."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from zvh.data_retention import DataRetention, Keep, NotPersonal
from zvh.formats import date_text

# A professional's own account: not data about a case's subjects, so a case's destruction keeps it.
OWN_ACCOUNT = Keep("eigen account van een professional, geen betrokkene")


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", "Gemeente"
    VEILIGHEID = "veiligheid", "Veiligheid"
    ZORG = "zorg", "Zorg"
    OVERIG = "overig", "Overig"


class Organisation(models.Model):
    """A partner of the convenant. Membership gives no access to cases (see privacy)."""

    name = models.CharField("naam", max_length=200, unique=True)
    kind = models.CharField("soort", max_length=20, choices=OrganisationKind.choices)
    is_wgs_participant = models.BooleanField(
        "WGS-deelnemer",
        default=False,
        help_text="Deelnemer in de zin van de Wet gegevensverwerking door samenwerkingsverbanden.",
    )
    convenant_date = models.DateField("datum convenant", null=True, blank=True)
    is_active = models.BooleanField("actief", default=True)
    # Issue 16: its named professionals (User.at_triage_table) join the weekly triage; see
    # privacy.policy.may_join_triage_table. Switching it off ends their sight at once.
    joins_triage = models.BooleanField(
        "neemt deel aan de triagetafel",
        default=False,
        help_text="Aangewezen professionals van deze organisatie schuiven aan bij de wekelijkse triage.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic concurrency

    data_retention = DataRetention(
        name=NotPersonal("naam van een organisatie"),
        kind=NotPersonal("soort organisatie (code)"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    PROCESREGISSEUR = "procesregisseur", "Procesregisseur"
    PARTNERPROFESSIONAL = "partnerprofessional", "Partnerprofessional"
    MANAGER = "manager", "Manager"
    PRIVACYFUNCTIONARIS = "privacyfunctionaris", "Privacyfunctionaris"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", "Functioneel beheerder"


class User(AbstractUser):
    """A person who logs in. The role says what kind of work they do; which cases they may see
    is decided per case by `privacy`, never by role or organisation alone."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField("rol", max_length=30, choices=Role.choices, blank=True)
    job_title = models.CharField("functie", max_length=120, blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    # Issue 16: a named professional of an organisation that joins the triage table; set by the
    # functional admin (cases.services.triage_table.check_triage_table_member refuses others).
    at_triage_table = models.BooleanField(
        "lid van de triagetafel",
        default=False,
        help_text="Alleen voor partnerprofessionals van een organisatie die aan de triagetafel deelneemt.",
    )
    # Part of the session hash: raising it ends every session of this user ("overal uitloggen").
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    data_retention = DataRetention(
        password=OWN_ACCOUNT,
        username=OWN_ACCOUNT,
        first_name=OWN_ACCOUNT,
        last_name=OWN_ACCOUNT,
        email=OWN_ACCOUNT,
        role=OWN_ACCOUNT,
        job_title=OWN_ACCOUNT,
        phone=OWN_ACCOUNT,
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        from django.utils.crypto import salted_hmac

        key_salt = "partners.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_procesregisseur(self) -> bool:
        return self.role == Role.PROCESREGISSEUR

    @property
    def is_partnerprofessional(self) -> bool:
        return self.role == Role.PARTNERPROFESSIONAL

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_privacy_officer(self) -> bool:
        return self.role == Role.PRIVACYFUNCTIONARIS

    @property
    def is_functional_admin(self) -> bool:
        return self.role == Role.FUNCTIONEEL_BEHEERDER

    @property
    def works_on_cases(self) -> bool:
        """Roles whose work is case content (the rest see aggregates, logs or reference data)."""
        return self.role in {Role.PROCESREGISSEUR, Role.PARTNERPROFESSIONAL}


class Contact(models.Model):
    """A contact person of a partner organisation (e.g. its stuurgroep member or WGS contact).
    Not a user: contacts need not log in."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("naam", max_length=200)
    job_title = models.CharField("functie of rol", max_length=200, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    note = models.CharField("toelichting", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    data_retention = DataRetention(
        name=Keep("contactpersoon van een partnerorganisatie (professional), geen betrokkene"),
        job_title=Keep("contactpersoon van een partnerorganisatie (professional), geen betrokkene"),
        email=Keep("contactpersoon van een partnerorganisatie (professional), geen betrokkene"),
        phone=Keep("contactpersoon van een partnerorganisatie (professional), geen betrokkene"),
        note=Keep("contactpersoon van een partnerorganisatie (professional), geen betrokkene"),
    )

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class AgendaStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    ADOPTED = "vastgesteld", "Vastgesteld"


class CollaborationAgenda(models.Model):
    """The samenwerkingsagenda of one year: priorities in order, grouped by focus area."""

    year = models.PositiveSmallIntegerField(
        "jaar", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField("titel", max_length=200)
    introduction = models.TextField("inleiding", max_length=4000, blank=True)
    status = models.CharField("status", max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.CONCEPT)
    adopted_on = models.DateField("vastgesteld op", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    data_retention = DataRetention(
        title=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        introduction=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        status=NotPersonal("status (code)"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "samenwerkingsagenda"
        verbose_name_plural = "samenwerkingsagenda's"

    def __str__(self):
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == AgendaStatus.ADOPTED


class PriorityStatus(models.TextChoices):
    NOT_STARTED = "niet_gestart", "Nog niet gestart"
    ON_TRACK = "op_koers", "Op koers"
    AT_RISK = "aandacht", "Aandacht nodig"
    ON_HOLD = "aangehouden", "Aangehouden"
    DONE = "afgerond", "Afgerond"


PRIORITY_STATUS_TONE = {
    PriorityStatus.ON_TRACK: "ok",
    PriorityStatus.DONE: "ok",
    PriorityStatus.AT_RISK: "warning",
    PriorityStatus.ON_HOLD: "neutral",
}


def priority_status_tone(status: str) -> str:
    """The badge modifier for a priority status (templates/agenda/_priority_status.html)."""
    return PRIORITY_STATUS_TONE.get(status, "info")


class AgendaPriority(models.Model):
    """One priority (onderdeel) of the agenda. `position` orders the priorities of the agenda:
    1 is the highest; within a focus area the order is the order of the seed document."""

    agenda = models.ForeignKey(CollaborationAgenda, on_delete=models.CASCADE, related_name="priorities")
    focus_area = models.CharField(
        "aandachtsgebied", max_length=200, help_text="Bijvoorbeeld ‘Doorontwikkeling van de samenwerking’."
    )
    position = models.PositiveSmallIntegerField("volgorde")
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", max_length=6000, blank=True)
    kartrekkers = models.ManyToManyField(
        Organisation, verbose_name="kartrekkers", related_name="agenda_priorities", blank=True
    )
    kartrekker_note = models.CharField(
        "toelichting kartrekkers",
        max_length=500,
        blank=True,
        help_text="Bijvoorbeeld ‘alle partners gezamenlijk’ of ‘kartrekker wordt later gekozen’.",
    )
    status = models.CharField(
        "status", max_length=20, choices=PriorityStatus.choices, default=PriorityStatus.NOT_STARTED
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    data_retention = DataRetention(
        focus_area=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        title=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        description=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        kartrekker_note=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        status=NotPersonal("status (code)"),
    )

    class Meta:
        ordering = ["agenda", "position"]
        verbose_name = "prioriteit"
        verbose_name_plural = "prioriteiten"
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "position"],
                name="priority_position_unique",
                deferrable=models.Deferrable.DEFERRED,  # renumbering swaps positions in one transaction
            ),
            models.UniqueConstraint(fields=["agenda", "title"], name="priority_title_unique"),
        ]

    def __str__(self):
        return self.title

    @property
    def status_tone(self) -> str:
        return priority_status_tone(self.status)


class AgendaActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "loopt", "Loopt"
    DONE = "afgerond", "Afgerond"
    CANCELLED = "vervallen", "Vervallen"


class AgendaAction(models.Model):
    """A concrete action under a priority, optionally led by one organisation."""

    priority = models.ForeignKey(AgendaPriority, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("actie", max_length=500)
    lead = models.ForeignKey(
        Organisation, verbose_name="trekker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("gereed op", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=AgendaActionStatus.choices, default=AgendaActionStatus.OPEN
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    data_retention = DataRetention(
        description=NotPersonal("samenwerkingsagenda van het netwerk, geen casusgegevens"),
        status=NotPersonal("status (code)"),
    )

    class Meta:
        ordering = ["priority", "sort_order", "pk"]
        verbose_name = "actie"
        verbose_name_plural = "acties"
        constraints = [models.UniqueConstraint(fields=["priority", "description"], name="agenda_action_unique")]

    def __str__(self):
        return self.description

    @property
    def status_tone(self) -> str:
        """The badge modifier for the status (templates/agenda/_action_status.html)."""
        return {AgendaActionStatus.DONE: "ok", AgendaActionStatus.IN_PROGRESS: "info"}.get(self.status, "neutral")


class ProgressNote(models.Model):
    """A progress report on a priority, for the stuurgroep. Append-only in the application: a
    correction is a new note. Records the priority's status after the report."""

    priority = models.ForeignKey(AgendaPriority, on_delete=models.CASCADE, related_name="progress_notes")
    text = models.TextField("voortgang", max_length=2000)
    status = models.CharField("status daarna", max_length=20, choices=PriorityStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.CharField("namens", max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(unique=True, null=True, blank=True)  # a double submit adds one note

    data_retention = DataRetention(
        text=Keep("voortgang van de samenwerkingsagenda door een professional, geen casusgegevens"),
        status=NotPersonal("status (code)"),
        author_organisation=Keep("organisatie van de auteur (professional)"),
    )

    class Meta:
        ordering = ["priority", "-created_at", "-pk"]
        verbose_name = "voortgangsnotitie"
        verbose_name_plural = "voortgangsnotities"

    def __str__(self):
        return f"{self.priority}: {date_text(self.created_at)}"

    @property
    def status_tone(self) -> str:
        return priority_status_tone(self.status)


class SubmissionKey(models.Model):
    """A one-time key of a form that creates a record (issue 20): issued hidden in the form, claimed
    in the transaction that creates the record, so a double click or ten parallel posts create one
    record. Bound to the user and the form it was issued for: anyone else posting it is refused,
    never answered with the first user's record. Use `partners.submission_keys.once`."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_name = models.CharField(max_length=60)
    object_model = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        form_name=NotPersonal("naam van het formulier (code)"),
        object_model=NotPersonal("modelnaam (code)"),
        object_id=NotPersonal("nummer van het gemaakte record"),
    )

    class Meta:
        verbose_name = "eenmalige formuliersleutel"
        verbose_name_plural = "eenmalige formuliersleutels"

    def __str__(self):
        return f"{self.form_name} {self.key}"


class SecondFactorReset(models.Model):
    """A request to remove someone's second factor (issue 20): one functional admin asks, with a
    reason, and ANOTHER approves (four-eyes); only the approval removes the devices
    (registry.services.approve_second_factor_reset). The user then sets up a new app at next login."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="second_factor_resets")
    reason = models.TextField("reden")
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="aangevraagd door", editable=False
    )
    requested_at = models.DateTimeField("aangevraagd op", auto_now_add=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, editable=False, verbose_name="goedgekeurd door"
    )
    approved_at = models.DateTimeField("goedgekeurd op", null=True, editable=False)

    data_retention = DataRetention(reason=OWN_ACCOUNT)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "herstel van de tweede factor"
        verbose_name_plural = "herstel van de tweede factor"

    def __str__(self):
        return f"Tweede factor van {self.user} ({'goedgekeurd' if self.approved_at else 'wacht op goedkeuring'})"
