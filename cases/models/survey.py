"""The satisfaction survey sent when a case closes (seed 000: every COM case is evaluated at
closure). One invitation per partner professional at the table at closing; the link in the
e-mail carries a signed form of `key`, works once (`responded_at`) and expires (`expires_at`).
Responses hold scores and one comment, never personal data of the case; the dashboards read
the scores per programme and year of closure. Rules: cases/services/survey.py."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from zvh.data_retention import BLANK, DataRetention


class SurveyInvitation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="survey_invitations")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The organisation the professional sat at the table for, when the case closed.
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    # Public identifier inside the signed link; never the primary key.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField("verloopt op")
    sent_at = models.DateTimeField("verstuurd op", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("herinnering verstuurd op", null=True, blank=True)
    responded_at = models.DateTimeField("ingevuld op", null=True, blank=True)

    data_retention = DataRetention(
        case="case",
    )

    class Meta:
        verbose_name = "uitnodiging tevredenheidsonderzoek"
        verbose_name_plural = "uitnodigingen tevredenheidsonderzoek"
        constraints = [
            models.UniqueConstraint(fields=["case", "recipient"], name="one_survey_invitation_per_professional")
        ]
        indexes = [models.Index(fields=["responded_at", "reminder_sent_at", "sent_at"])]

    def __str__(self):
        return f"Enquête {self.case_id} → {self.recipient_id}"


def _likert(label: str):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class SurveyResponse(models.Model):
    """Scores of one professional about one closed case. `comment` is free text: it is never shown
    on a dashboard and is destroyed with the case's personal data (retention)."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.PROTECT, related_name="response")
    submitted_at = models.DateTimeField(default=timezone.now)
    overall_score = models.PositiveSmallIntegerField(
        "rapportcijfer", validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # Statements on a 1–5 scale (helemaal oneens … helemaal eens); empty = "weet niet / n.v.t.".
    clear_goals = _likert("De doelen van het procesplan waren helder")
    good_collaboration = _likert("De samenwerking aan tafel was goed")
    information_sharing = _likert("Informatie werd tijdig en zorgvuldig gedeeld")
    added_value = _likert("De aanpak via het Zorg- en Veiligheidshuis had meerwaarde")
    comment = models.TextField("toelichting", max_length=2000, blank=True)

    data_retention = DataRetention(
        case="invitation__case",
        comment=BLANK,
    )

    class Meta:
        verbose_name = "antwoord tevredenheidsonderzoek"
        verbose_name_plural = "antwoorden tevredenheidsonderzoek"

    def __str__(self):
        return f"Antwoord {self.invitation_id}: {self.overall_score}"
