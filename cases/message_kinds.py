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
    MEETING_INVITATION = "overleg_uitnodiging", "Uitnodiging casusoverleg (met agenda-bestand)"
    MEETING_RESCHEDULED = "overleg_verplaatst", "Casusoverleg verplaatst (met agenda-bestand)"
    MEETING_CANCELLED = "overleg_geannuleerd", "Casusoverleg geannuleerd (met agenda-bestand)"
    ESCALATION_RECEIVED = "aanmelding_ontvangen", "Bevestiging van een aanmelding (aan de verwijzer)"
    ESCALATION_DECIDED = "aanmelding_besluit", "Besluit over een aanmelding (aan de verwijzer)"
    SEATED = "aan_tafel", "Aan tafel gezet bij een casus"
    UNSEATED = "van_tafel", "Niet meer aan tafel bij een casus"
    ACTION_ASSIGNED = "actie_toegewezen", "Nieuwe actie in het plan van aanpak"
    PLAN_AGREED_BY_PARTNER = "akkoord_partner", "Akkoord van een partner op het plan van aanpak"
    ESCALATION_INFO_REQUESTED = "aanmelding_aanvulling", "Vraag van het triageteam (aan de verwijzer)"
    ESCALATION_COMPLETED = "aanmelding_aangevuld", "Aanmelding aangevuld door de verwijzer (aan de procesregisseur)"
    ESCALATION_WITHDRAWN = "aanmelding_ingetrokken", "Aanmelding ingetrokken door de verwijzer (aan de procesregisseur)"
    PLAN_AWAITING_AGREEMENT = "akkoord_gevraagd", "Plan van aanpak wacht op het akkoord van uw organisatie"
    TRIAGE_TABLE_ESCALATION = "aanmelding_tafel", "Nieuwe aanmelding voor de triagetafel"
