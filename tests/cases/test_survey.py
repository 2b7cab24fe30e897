"""The closure survey: a signed, single-use, expiring public link that shows nothing personal,
and one reminder to non-responders after a week."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import SurveyInvitation, SurveyResponse
from cases.services import survey
from tests.concurrency import race
from tests.notifications import conftest as outbox_helpers
from tests.notifications.conftest import PERSONAL, close_case

addresses = outbox_helpers.addresses  # the fixture giving the fixture users e-mail addresses

ANSWERS = {"overall_score": "8", "clear_goals": "4", "good_collaboration": "5", "information_sharing": "",
           "added_value": "4", "comment": "Goede afstemming."}  # fmt: skip


@pytest.fixture
def invitation(addresses, case, regisseur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        close_case(case, regisseur)
    return SurveyInvitation.objects.get(case=case)


def url(invitation):
    return survey.survey_url(invitation)


def test_the_link_opens_without_login_and_shows_nothing_personal(client, invitation, case):
    response = client.get(url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page and "rapportcijfer" in page
    for value in PERSONAL:
        assert value not in page
    assert "no-store" in response["Cache-Control"]  # the personal link's page is never cached


def test_answers_are_stored_once_and_the_link_then_says_so(client, invitation):
    response = client.post(url(invitation), ANSWERS)
    assert response.status_code == 302 and response["Location"] == reverse("survey:thanks")
    stored = SurveyResponse.objects.get()
    assert (stored.overall_score, stored.clear_goals, stored.information_sharing) == (8, 4, None)
    invitation.refresh_from_db()
    assert invitation.responded_at is not None

    again = client.post(url(invitation), {**ANSWERS, "overall_score": "1"})
    assert again.status_code == 410
    assert "al ingevuld" in again.content.decode()
    assert client.get(url(invitation)).status_code == 410
    assert SurveyResponse.objects.get().overall_score == 8


def test_missing_or_bad_answers_are_explained_beside_the_field(client, invitation):
    response = client.post(url(invitation), {**ANSWERS, "overall_score": "", "comment": "x" * 2100})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies een rapportcijfer van 1 tot en met 10." in page
    assert "maximaal 2000 tekens" in page
    assert "x" * 2100 in page  # what was typed stays in the field
    assert not SurveyResponse.objects.exists()
    bad = client.post(url(invitation), {**ANSWERS, "overall_score": "11", "clear_goals": "9"})
    assert bad.status_code == 200 and not SurveyResponse.objects.exists()


def test_an_expired_link_is_refused(client, invitation):
    SurveyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url(invitation)).status_code == 410
    response = client.post(url(invitation), ANSWERS)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("token", ["", "abc", "tampered"])
def test_a_made_up_or_tampered_link_is_refused(client, invitation, token):
    real = survey.survey_token(invitation)
    if token == "tampered":
        token = real[:-2] + ("AA" if not real.endswith("AA") else "BB")
    elif token == "":
        token = str(invitation.key)  # the bare key, unsigned
    response = client.get(reverse("survey:respond", kwargs={"token": token}))
    assert response.status_code == 404
    assert "niet geldig" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_submits_store_one_response(addresses, case, regisseur):
    close_case(case, regisseur)
    token = survey.survey_token(SurveyInvitation.objects.get(case=case))
    results, errors = race(lambda: survey.submit_response(token=token, answers=survey.SurveyAnswers(7)), times=3)
    assert len(results) == 1
    assert all(isinstance(error, survey.SurveyLinkError) for error in errors) and len(errors) == 2
    assert SurveyResponse.objects.count() == 1


def test_non_responders_get_one_reminder_after_a_week(invitation, agent, django_capture_on_commit_callbacks):
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert survey.remind_non_responders() == 0  # sent today: too early
    week_ago = timezone.now() - timedelta(days=7, minutes=1)
    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=week_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert survey.remind_non_responders() == 1
        assert survey.remind_non_responders() == 0
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Herinnering")
    invitation.refresh_from_db()
    assert invitation.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert survey.remind_non_responders(now=timezone.now() + timedelta(days=8)) == 0
    assert len(mail.outbox) == 2


def test_who_answered_gets_no_reminder(invitation, client, django_capture_on_commit_callbacks):
    client.post(url(invitation), ANSWERS)
    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert survey.remind_non_responders() == 0
    assert len(mail.outbox) == 1


def test_retention_blanks_the_comment_and_keeps_the_scores(invitation, client, privacy_officer, case):
    from cases.models import Case
    from privacy.models import RetentionCategory
    from privacy.retention import services as retention

    client.post(url(invitation), {**ANSWERS, "comment": "Moeder Aalbers werkte goed mee."})
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=12
    )
    Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate() - timedelta(days=400))
    assert retention.run_retention().cases == 1
    response = SurveyResponse.objects.get()
    assert response.comment == ""
    assert response.overall_score == 8 and response.good_collaboration == 5
    assert client.get(url(invitation)).status_code == 404  # the case is anonymised: the link is dead


def test_opening_and_answering_the_link_is_logged_for_the_invited_professional(client, invitation, case):
    from privacy.models import AccessLogEntry

    client.get(url(invitation))
    client.post(url(invitation), ANSWERS)
    entries = AccessLogEntry.objects.filter(object_type="tevredenheidsonderzoek").order_by("pk")
    assert [(e.action, e.case_reference, e.user_id) for e in entries] == [
        ("view", case.reference, invitation.recipient_id),
        ("change", case.reference, invitation.recipient_id),
    ]
    token = url(invitation).rstrip("/").rsplit("/", 1)[-1]
    assert not any(token in (e.path + e.reason) for e in entries)  # the link's credential is not kept
