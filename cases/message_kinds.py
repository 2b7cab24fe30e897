"""The kinds of outbox message the cases app produces. The values are stored in
`OutboxMessage.kind` (messages may wait there for days): never rename one. Their texts and what
happens after sending are registered with the outbox in cases/emails.py."""

from django.db import models


class MessageKind(models.TextChoices):
    SURVEY_INVITATION = "enquete", "Uitnodiging tevredenheidsonderzoek"
    SURVEY_REMINDER = "enquete_herinnering", "Herinnering tevredenheidsonderzoek"
    REMINDER = "herinnering", "Herinnering (actie of evaluatie)"
    ESCALATION = "aanmelding", "Nieuwe aanmelding voor triage"
    CASE_HANDED_OVER = "overdracht", "Casus overgedragen"
    DEPUTY_ASSIGNED = "vervanging", "Vervanging ingesteld"
    BOTTLENECK = "knelpunt", "Knelpunt opgeschaald naar het management"
