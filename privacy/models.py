"""Grants per case (django-guardian, direct foreign keys) and the append-only access log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from partners.models import Role
from zvh.data_retention import DESTROYED, DataRetention, Keep, NotPersonal, marker


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A user's permission on one case. Written only by `privacy.services.sync_case_access`,
    derived from who directs the case or sits at its table, so it can be rebuilt at any time."""

    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "toegang tot casus"
        verbose_name_plural = "toegang tot casussen"

    data_retention = DataRetention(
        case="content_object",
    )


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """Present so guardian never falls back to generic rows for cases; we grant no groups."""

    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="group_grants")

    class Meta(GroupObjectPermissionBase.Meta):
        pass

    data_retention = DataRetention()


class AccessAction(models.TextChoices):
    VIEW = "view", "Bekijken"
    LIST = "list", "Lijst bekeken"
    SEARCH = "search", "Gezocht"
    CREATE = "create", "Aangemaakt"
    CHANGE = "change", "Gewijzigd"
    EXPORT = "export", "Geëxporteerd"


# The access log is kept for its own term and is never part of a case's destruction.
OWN_TERM = Keep("toegangslog: eigen bewaartermijn, append-only, buiten de casusvernietiging")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")


class AccessLogEntry(models.Model):
    """Who read or changed which personal data, when, from where, and whether it was allowed
    (NEN 7513 / BIO 8.15). Append-only: the application refuses update and delete, and on
    PostgreSQL a trigger refuses them too (migration 0002)."""

    occurred_at = models.DateTimeField("tijdstip", default=timezone.now, db_index=True)
    # No database constraint: a log line must outlive the account it names.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # (user, -occurred_at) below serves every lookup by user
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("gebruiker", max_length=150, blank=True)
    user_role = models.CharField("rol", max_length=30, blank=True)
    user_organisation = models.CharField("organisatie", max_length=200, blank=True)
    on_behalf_of = models.CharField("namens", max_length=200, blank=True)
    # The partner application or personal token an API call came in with (api/authentication.py);
    # empty for the browser.
    client_application = models.CharField("via toepassing", max_length=200, blank=True)
    action = models.CharField("handeling", max_length=20, choices=AccessAction.choices)
    object_type = models.CharField("soort object", max_length=40, blank=True)
    case_id = models.BigIntegerField("casus-id", null=True, blank=True, db_index=True)
    case_reference = models.CharField("casus", max_length=20, blank=True)  # searched through UPPER()
    object_reference = models.CharField("kenmerk object", max_length=20, blank=True)  # idem
    person_ids = models.JSONField("betrokkenen (id's)", default=list, blank=True)
    # Persons of an escalation (cases.EscalationPerson), read before any case existed for them.
    escalation_person_ids = models.JSONField("personen in aanmeldingen (id's)", default=list, blank=True)
    case_ids = models.JSONField("getoonde casussen (id's)", default=list, blank=True)
    allowed = models.BooleanField("toegestaan")
    is_break_glass = models.BooleanField("doorbraak (break-glass)", default=False)
    reason = models.CharField("toelichting", max_length=300, blank=True)
    client_address = models.GenericIPAddressField("adres", null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField("pagina", max_length=300, blank=True)
    # The request's id (zvh/request_context.py): the same in the JSON log lines and X-Request-ID.
    request_id = models.CharField("verzoek-id", max_length=64, blank=True)

    data_retention = DataRetention(
        request_id=OWN_TERM,
        username=OWN_TERM,
        user_role=OWN_TERM,
        user_organisation=OWN_TERM,
        on_behalf_of=OWN_TERM,
        client_application=OWN_TERM,
        action=OWN_TERM,
        object_type=OWN_TERM,
        case_reference=OWN_TERM,
        object_reference=OWN_TERM,
        person_ids=OWN_TERM,
        escalation_person_ids=OWN_TERM,
        case_ids=OWN_TERM,
        reason=OWN_TERM,
        client_address=OWN_TERM,
        method=OWN_TERM,
        path=OWN_TERM,
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        # The privacy officer's filters (privacy/selectors.py) stay index lookups at millions of
        # rows: references and usernames match case-insensitively (UPPER), and the busiest
        # filters come back newest first straight from the index. Every page view inserts a row
        # into each of these indexes, so there is no index a lookup does not use (issue 8).
        indexes = [
            models.Index(fields=["user", "-occurred_at"]),
            models.Index(Upper("case_reference"), name="accesslog_case_ref_upper"),
            models.Index(Upper("object_reference"), name="accesslog_object_ref_upper"),
            models.Index(Upper("username"), F("occurred_at").desc(), F("id").desc(), name="accesslog_username_upper"),
            models.Index(F("action"), F("occurred_at").desc(), F("id").desc(), name="accesslog_action_time"),
            models.Index(
                F("occurred_at").desc(), F("id").desc(), condition=Q(allowed=False), name="accesslog_refused_time"
            ),
            models.Index(
                F("occurred_at").desc(),
                F("id").desc(),
                condition=Q(is_break_glass=True),
                name="accesslog_break_glass_time",
            ),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.case_reference}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")

    @property
    def user_role_label(self) -> str:
        return Role(self.user_role).label if self.user_role in Role.values else self.user_role


class BreakGlassAccess(models.Model):
    """Temporary read access to a case outside one's own, with a mandatory reason. The access
    itself and every page read under it are logged and flagged for the privacy officer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, related_name="break_glass")
    case_reference = models.CharField("casus", max_length=20)
    reason = models.TextField("reden", max_length=2000)
    started_at = models.DateTimeField("gestart", default=timezone.now)
    expires_at = models.DateTimeField("verloopt")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("beoordeeld op", null=True, blank=True)
    review_note = models.TextField("beoordeling", max_length=2000, blank=True)

    data_retention = DataRetention(
        case_reference=Keep("verantwoording van een noodtoegang: bewaard met de toegangslog"),
        reason=Keep("verantwoording van een noodtoegang: bewaard met de toegangslog"),
        review_note=Keep("verantwoording van een noodtoegang: bewaard met de toegangslog"),
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "doorbraaktoegang"
        verbose_name_plural = "doorbraaktoegang"
        indexes = [models.Index(fields=["user", "case", "expires_at"])]

    def __str__(self):
        return f"{self.user} → {self.case_reference} ({self.started_at:%Y-%m-%d})"


class RetentionCategory(models.TextChoices):
    ESCALATION_WITHOUT_CASE = "aanmelding_zonder_casus", "Aanmelding die geen casus werd"
    CLOSED_CASE = "afgesloten_casus", "Afgesloten casus"


class RetentionPolicy(models.Model):
    """A retention term per category (optionally per programme), set by the privacy officer."""

    category = models.CharField("categorie", max_length=30, choices=RetentionCategory.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name="programma",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Leeg: geldt voor alle programma's zonder eigen termijn.",
    )
    term_months = models.PositiveIntegerField("bewaartermijn (maanden)")
    legal_note = models.CharField("grondslag", max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    data_retention = DataRetention(
        category=NotPersonal("categorie (code)"),
        legal_note=NotPersonal("wettelijke grondslag van een termijn"),
    )

    class Meta:
        ordering = ["category", "programme__code"]
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        constraints = [
            models.UniqueConstraint(fields=["category", "programme"], name="one_term_per_category_programme"),
            models.UniqueConstraint(
                fields=["category"], condition=models.Q(programme__isnull=True), name="one_default_term_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.term_months} maanden"


class RetentionExtension(models.Model):
    """A recorded reason to keep one case's data longer than its term."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="retention_extensions")
    reason = models.TextField("reden", max_length=2000)
    until = models.DateField("bewaren tot")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="case",
        reason=marker(DESTROYED),
    )

    class Meta:
        ordering = ["-until"]
        verbose_name = "verlenging bewaartermijn"
        verbose_name_plural = "verlengingen bewaartermijn"

    def __str__(self):
        return f"{self.case} tot {self.until}"


class DestructionRecord(models.Model):
    """That personal data was destroyed, when and under which term: never what it was."""

    run_id = models.UUIDField(db_index=True)
    category = models.CharField(max_length=30, choices=RetentionCategory.choices)
    object_type = models.CharField(max_length=40)
    object_reference = models.CharField(max_length=20)
    term_months = models.PositiveIntegerField()
    destroyed_at = models.DateTimeField(default=timezone.now)
    performed_by = models.CharField(max_length=150, help_text="Gebruiker, of ‘bewaartermijntaak’.")

    data_retention = DataRetention(
        category=NotPersonal("categorie (code)"),
        object_type=NotPersonal("soort object (code)"),
        object_reference=Keep("vernietigingsregister: DAT er vernietigd is, nooit wat"),
        performed_by=Keep("vernietigingsregister: wie de taak uitvoerde"),
    )

    class Meta:
        ordering = ["-destroyed_at"]
        verbose_name = "vernietiging"
        verbose_name_plural = "vernietigingen"

    def __str__(self):
        return f"{self.object_reference} vernietigd op {self.destroyed_at:%Y-%m-%d}"


class GrantRepair(models.Model):
    """An incident for the privacy officer: the nightly grant audit found stored grants on an open
    case that differed from what the policy derives from the case's data, and repaired them. One row
    per user whose grants changed; what was granted or revoked is named by permission code."""

    detected_at = models.DateTimeField(default=timezone.now, db_index=True)
    case = models.ForeignKey("cases.Case", null=True, on_delete=models.SET_NULL, related_name="+")
    case_reference = models.CharField(max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    granted = models.JSONField(default=list, help_text="Toegevoegde rechten (codes).")
    revoked = models.JSONField(default=list, help_text="Ingetrokken rechten (codes).")

    data_retention = DataRetention(
        case_reference=NotPersonal("het kenmerk van de casus, geen gegeven over een betrokkene"),
        username=Keep("de gebruikersnaam van een professional: het incident blijft voor de privacyfunctionaris"),
        granted=NotPersonal("permissiecodes"),
        revoked=NotPersonal("permissiecodes"),
    )

    class Meta:
        ordering = ["-detected_at", "pk"]
        verbose_name = "hersteld toegangsrecht"
        verbose_name_plural = "herstelde toegangsrechten"

    # Permission codes as the privacy officer reads them.
    PERMISSION_LABELS = {"view_case": "inzien", "change_case": "wijzigen", "contribute_case": "bijdragen"}

    def __str__(self):
        return f"{self.case_reference}: {self.username} (+{self.granted} -{self.revoked})"

    @property
    def granted_labels(self) -> list[str]:
        return [self.PERMISSION_LABELS.get(code, code) for code in self.granted]

    @property
    def revoked_labels(self) -> list[str]:
        return [self.PERMISSION_LABELS.get(code, code) for code in self.revoked]


class SubjectRequestKind(models.TextChoices):
    ACCESS = "inzage", "Inzage"
    CORRECTION = "correctie", "Correctie"
    DELETION = "verwijdering", "Verwijdering"


class SubjectRequestStatus(models.TextChoices):
    OPEN = "open", "In behandeling"
    GRANTED = "toegekend", "Toegekend"
    PARTLY = "deels", "Deels toegekend"
    REFUSED = "afgewezen", "Afgewezen"


class DataSubjectRequest(models.Model):
    """A data subject's request (inzage, correctie, verwijdering) at the one WGS contact point;
    it counts as a request to all participants."""

    kind = models.CharField("soort verzoek", max_length=20, choices=SubjectRequestKind.choices)
    received_on = models.DateField("ontvangen op", default=timezone.localdate)
    subject_name = models.CharField("naam betrokkene", max_length=250)
    subject_date_of_birth = models.DateField("geboortedatum", null=True, blank=True)
    description = models.TextField("verzoek", max_length=4000, blank=True)
    person_ids = models.JSONField("gevonden betrokkenen (id's)", default=list, blank=True)
    escalation_person_ids = models.JSONField("gevonden personen in aanmeldingen (id's)", default=list, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=SubjectRequestStatus.choices, default=SubjectRequestStatus.OPEN
    )
    outcome = models.TextField("uitkomst", max_length=4000, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("afgehandeld op", null=True, blank=True)
    # The registration form's one-time token: a double submit finds the first request.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    data_retention = DataRetention(
        kind=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
        subject_name=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
        description=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
        person_ids=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
        escalation_person_ids=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
        status=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
        outcome=Keep("AVG-verzoek van een betrokkene: eigen verantwoording, geen casusgegevens"),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "verzoek van betrokkene"
        verbose_name_plural = "verzoeken van betrokkenen"

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.status == SubjectRequestStatus.OPEN

    @property
    def is_access_request(self) -> bool:
        """Inzage: nothing to change in a case (correctie and verwijdering are carried out there)."""
        return self.kind == SubjectRequestKind.ACCESS

    @property
    def is_correction(self) -> bool:
        return self.kind == SubjectRequestKind.CORRECTION


class ProcessingActivity(models.Model):
    """One entry of the register of processing activities (AVG art. 30)."""

    name = models.CharField("verwerking", max_length=200, unique=True)
    purpose = models.TextField("doel", max_length=2000)
    legal_basis = models.TextField("grondslag", max_length=1000)
    data_subjects = models.TextField("categorieën betrokkenen", max_length=1000)
    data_categories = models.TextField("categorieën persoonsgegevens", max_length=2000)
    recipients = models.TextField("ontvangers", max_length=1000)
    retention = models.TextField("bewaartermijn", max_length=1000)
    security_measures = models.TextField("beveiligingsmaatregelen", max_length=2000)
    controllers = models.TextField("(gezamenlijke) verwerkingsverantwoordelijken", max_length=1000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    data_retention = DataRetention(
        name=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        purpose=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        legal_basis=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        data_subjects=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        data_categories=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        recipients=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        retention=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        security_measures=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
        controllers=NotPersonal("verwerkingsregister (beschrijving van de verwerking)"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "verwerking (register art. 30 AVG)"
        verbose_name_plural = "register van verwerkingen"

    def __str__(self):
        return self.name
