"""The demo (`make run`, no Redis) shows surveys and reminders: closed demo cases have answered
surveys for the managers' dashboards, open ones have reminders, and seeding again adds nothing."""

from collections import Counter

import pytest
from django.core.management import call_command

from cases.models import Case, Phase, SurveyInvitation, SurveyResponse
from notifications.models import Reminder, ReminderKind


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins")


def test_demo_has_survey_responses_and_reminders(seeded):
    closed = Case.objects.filter(phase=Phase.AFGESLOTEN)
    assert closed.count() >= 3
    assert not closed.filter(survey_invitations__isnull=True).exists()  # every closed case invited its table
    invitations = SurveyInvitation.objects.count()
    responses = SurveyResponse.objects.count()
    assert 0.5 <= responses / invitations <= 0.9
    scores = Counter(SurveyResponse.objects.values_list("overall_score", flat=True))
    assert len(scores) >= 3 and min(scores) >= 1 and max(scores) <= 10
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == set(ReminderKind.values)

    before = (SurveyResponse.objects.count(), Reminder.objects.count())
    call_command("seed_demo", "--cases", "24", "--allow-without-debug", "--quiet-logins")
    assert (SurveyResponse.objects.count(), Reminder.objects.count()) == before


def test_jobs_by_hand(seeded, capsys):
    call_command("run_reminders")
    call_command("dispatch_outbox", "--hier")
    out = capsys.readouterr().out
    assert "Herinneringen: 0 nieuw" in out and "niets te versturen" in out
