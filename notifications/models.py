"""Notifications: the transactional outbox, reminders and per-case mutes.

- `OutboxMessage`: one e-mail to send, written in the SAME transaction as the business change that
  causes it (closing a case, submitting an escalation, a due reminder). Sending happens after the
  commit, by a Celery task; what could not be handed to the broker stays here as `wacht` and the
  beat sweeper (or `manage.py dispatch_outbox`) sends it later. `key` is unique: one message per
  occasion, however often or concurrently the occasion is processed.
- `Reminder`: an in-app reminder of one user about one case (action deadline near or past, plan
  evaluation due). `key` is unique per occasion and user, so a job that runs twice, or two
  workers racing, create it once.
- `CaseMute`: a user who wants no reminders about one case.
- `NotificationPreference`: how a user receives one kind of message: at once by e-mail (the
  default, also without a row), in one e-mail a day (`dagoverzicht`), or only in the application.

Messages hold ids, never text: the e-mail is rendered when it is sent, by the app that produced
the message (its kind is registered in notifications/registry.py; `kind` has no fixed choices, the
outbox checks it against the registry), and contains no personal data of the case beyond its
reference."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zvh.data_retention import DataRetention, NotPersonal

from . import registry


class MessageStatus(models.TextChoices):
    PENDING = "wacht", "Wacht op verzending"
    SENT = "verzonden", "Verzonden"
    SKIPPED = "overgeslagen", "Niet verzonden (niet meer nodig)"
    FAILED = "mislukt", "Mislukt na herhaalde pogingen"
    DIGEST_WAITING = "wacht_dagoverzicht", "Wacht op het dagoverzicht"
    BUNDLED = "in_dagoverzicht", "Opgenomen in een dagoverzicht"
    APP_ONLY = "alleen_app", "Alleen in de applicatie (niet gemaild)"


# The kind of the daily digest e-mail, registered by this app itself (notifications/digest.py).
DIGEST_KIND = "dagoverzicht"


class Delivery(models.TextChoices):
    DIRECT = "direct", "Direct per e-mail"
    DIGEST = "dagoverzicht", "Eén e-mail per dag"
    APP_ONLY = "alleen_app", "Alleen in de applicatie"


class OutboxMessage(models.Model):
    """One message to one user: an e-mail (sent at once, or bundled into the daily digest, or not
    at all, by the recipient's `NotificationPreference`) and always also an entry in the user's
    in-app list of messages (`read_at`). The digest itself (kind `dagoverzicht`) is an outbox
    message too; the messages it bundles point to it (`digest`) and are `in_dagoverzicht`.

    Old entries: a message that was read, is no longer waiting to be mailed and is older than
    NOTIFICATIONS_KEEP_DAYS (90) days is deleted by the daily digest job
    (notifications.digest.remove_old_messages), and so is an old digest whose messages are gone.
    Unread messages stay until they are read. The unique key of a deleted message may be used
    again; by then its occasion was handled long ago."""

    key = models.CharField("sleutel", max_length=200, unique=True)
    # A kind registered by the producing app (notifications/registry.py), e.g. "enquete".
    kind = models.CharField("soort", max_length=30)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The producer's row the message is about (which table depends on the kind).
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    created_at = models.DateTimeField("aangemaakt", default=timezone.now)
    dispatched_at = models.DateTimeField("aan de broker gegeven", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    last_attempt_at = models.DateTimeField("laatste poging", null=True, blank=True)
    last_error = models.CharField("laatste fout", max_length=300, blank=True)
    sent_at = models.DateTimeField("verzonden op", null=True, blank=True)
    skip_reason = models.CharField("reden niet verzonden", max_length=200, blank=True)
    read_at = models.DateTimeField("gelezen op", null=True, blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="bundled", verbose_name="dagoverzicht"
    )

    data_retention = DataRetention(
        key=NotPersonal("technische sleutel (soort en ids)"),
        kind=NotPersonal("soort bericht (code); de tekst wordt pas bij verzenden opgesteld"),
        status=NotPersonal("status (code)"),
        last_error=NotPersonal("technische foutmelding van de verzending"),
        skip_reason=NotPersonal("technische reden van niet verzenden"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "uitgaand bericht"
        verbose_name_plural = "uitgaande berichten"
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["recipient", "read_at"], name="outbox_recipient_read"),
        ]

    def __str__(self):
        return f"{self.kind_label} → {self.recipient_id} ({self.get_status_display()})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def kind_label(self) -> str:
        return registry.label(self.kind)


class ReminderKind(models.TextChoices):
    ACTION_DUE = "actie_bijna", "Deadline van een actie nadert"
    ACTION_OVERDUE = "actie_verlopen", "Deadline van een actie is verstreken"
    REVIEW_DUE = "evaluatie", "Evaluatie van het plan van aanpak"


class Reminder(models.Model):
    key = models.CharField("sleutel", max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("soort", max_length=20, choices=ReminderKind.choices)
    action = models.ForeignKey("cases.PlanAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The organisation that owns the action (shown instead of the action's free text).
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("datum")
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField("afgehandeld op", null=True, blank=True)

    data_retention = DataRetention(
        case="case",
        key=NotPersonal("technische sleutel (soort en ids)"),
        kind=NotPersonal("soort herinnering (code); draagt geen tekst"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "herinnering"
        verbose_name_plural = "herinneringen"
        indexes = [models.Index(fields=["user", "dismissed_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_id} → {self.user_id}"

    @property
    def is_review_due(self) -> bool:
        """The evaluation date of the process plan has come (the other kinds are about an action)."""
        return self.kind == ReminderKind.REVIEW_DUE

    @property
    def is_action_overdue(self) -> bool:
        return self.kind == ReminderKind.ACTION_OVERDUE


class CaseMute(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    data_retention = DataRetention(
        case="case",
    )

    class Meta:
        verbose_name = "gedempte casus"
        verbose_name_plural = "gedempte casussen"
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="one_mute_per_user_and_case")]

    def __str__(self):
        return f"{self.user_id} dempt {self.case_id}"


class NotificationPreference(models.Model):
    """How `user` receives messages of `kind` (a kind registered with user_choice). No row: direct."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("soort", max_length=30)
    delivery = models.CharField("bezorging", max_length=20, choices=Delivery.choices, default=Delivery.DIRECT)
    updated_at = models.DateTimeField("gewijzigd", default=timezone.now)

    data_retention = DataRetention(
        kind=NotPersonal("soort bericht (code)"),
        delivery=NotPersonal("gekozen bezorging (code)"),
    )

    class Meta:
        verbose_name = "berichtinstelling"
        verbose_name_plural = "berichtinstellingen"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user_id}: {registry.label(self.kind)} → {self.get_delivery_display()}"
