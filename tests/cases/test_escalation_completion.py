"""Issue 16: the triage outcome "aanvulling nodig" — a question to the referrer, who answers it and
may correct the escalation (what was typed is kept), after which it is back in the triage queue —
and the referrer withdrawing an open escalation with a reason. Who may, what is logged, what a
race between the triage team and the referrer does, and when the retention clock starts."""

import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Escalation, EscalationQuestion, EscalationStatus
from privacy.models import AccessAction, AccessLogEntry, RetentionCategory
from privacy.retention import services as retention
from tests.auth import login
from tests.factories import make_escalation

QUESTION = "Is de huisarts al betrokken, en wie is het eerste aanspreekpunt in het gezin?"
ANSWER = "De huisarts is betrokken sinds maart; aanspreekpunt is de oudste dochter."


def ask(escalation, regisseur, question=QUESTION):
    escalation.refresh_from_db()
    return services.decide_escalation(
        escalation=escalation,
        actor=regisseur,
        outcome=EscalationStatus.NEEDS_INFO,
        feedback="",
        info_question=question,
        expected_version=escalation.version,
    )


def completion_post(escalation, **overrides):
    escalation.refresh_from_db()
    data = {
        "version": str(escalation.version),
        "info_answer": ANSWER,
        "reason": escalation.reason,
        "bottleneck_categories": [str(pk) for pk in escalation.bottleneck_categories.values_list("pk", flat=True)],
        "bottleneck_text": escalation.bottleneck_text,
        "ave_level": str(escalation.ave_level),
        "urgency": escalation.urgency,
        "goal": escalation.goal,
        "person_informed": "ja" if escalation.person_informed else "nee",
        "not_informed_reason": escalation.not_informed_reason,
        "contact_name": escalation.contact_name,
        "contact_phone": escalation.contact_phone,
        "contact_email": escalation.contact_email,
    }
    data.update(overrides)
    return data


@pytest.fixture
def asked(escalation, regisseur):
    return ask(escalation, regisseur)


# --- asking --------------------------------------------------------------------------------------


def test_asking_a_question_decides_nothing_and_keeps_the_question(asked, regisseur):
    asked.refresh_from_db()
    assert asked.status == EscalationStatus.NEEDS_INFO and asked.awaits_information
    assert asked.decided_at is None and asked.decided_by is None and asked.feedback == ""
    [question] = asked.questions.all()
    assert question.question == QUESTION and question.asked_by == regisseur and not question.is_answered


def test_a_question_is_required_and_no_feedback_is_needed_for_it(escalation, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        ask(escalation, regisseur, question="  ")
    assert refused.value.field == "info_question"
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.SUBMITTED and not EscalationQuestion.objects.exists()


def test_the_triage_form_asks_for_the_question_and_not_for_feedback(client, regisseur, escalation):
    login(client, regisseur)
    url = reverse("escalations:decide", args=[escalation.reference])
    data = {"version": escalation.version, "outcome": EscalationStatus.NEEDS_INFO, "feedback": ""}
    html = client.post(url, data).content.decode()
    assert "Schrijf de vraag aan de verwijzer." in html
    assert "Schrijf een terugkoppeling" not in html
    # Any other outcome still needs feedback.
    html = client.post(url, {**data, "outcome": EscalationStatus.BACK_TO_LOCAL}).content.decode()
    assert "Schrijf een terugkoppeling voor de verwijzer." in html
    response = client.post(url, {**data, "info_question": QUESTION})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.NEEDS_INFO


def test_an_escalation_waiting_for_an_answer_cannot_be_decided(asked, regisseur):
    with pytest.raises(services.ServiceError, match="al beoordeeld"):
        services.decide_escalation(
            escalation=asked, actor=regisseur, outcome="lokaal", feedback="Lokaal.", expected_version=asked.version
        )


# --- completing ----------------------------------------------------------------------------------


def test_the_referrer_answers_corrects_and_the_escalation_is_back_in_the_queue(client, agent, regisseur, asked):
    login(client, agent)
    url = reverse("escalations:complete", args=[asked.reference])
    page = client.get(url).content.decode()
    assert QUESTION in page and asked.reason in page  # the question, and the fields prefilled
    response = client.post(url, completion_post(asked, goal="Eén plan, met de huisarts aan tafel.", urgency="hoog"))
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == EscalationStatus.SUBMITTED and asked.completed_at is not None and asked.was_completed
    assert asked.goal == "Eén plan, met de huisarts aan tafel." and asked.urgency == "hoog"
    assert asked.decided_at is None
    [question] = asked.questions.all()
    assert question.answer == ANSWER and question.is_answered
    assert AccessLogEntry.objects.filter(
        user=agent, object_reference=asked.reference, action=AccessAction.CHANGE, allowed=True
    ).exists()

    login(client, regisseur)
    queue = client.get(reverse("escalations:triage")).content.decode()
    assert asked.reference in queue and "Aangevuld door de verwijzer" in queue
    decide = client.get(reverse("escalations:decide", args=[asked.reference])).content.decode()
    assert QUESTION in decide and ANSWER in decide


def test_invalid_completion_keeps_everything_typed_and_explains_in_dutch(client, agent, asked):
    login(client, agent)
    url = reverse("escalations:complete", args=[asked.reference])
    typed_goal = "Een nieuw doel dat ik net typte."
    html = client.post(url, completion_post(asked, info_answer="", goal=typed_goal, reason="")).content.decode()
    assert "Beantwoord de vraag van het triageteam." in html
    assert "Vul de aanleiding in." in html  # the emptied reason, beside its field
    assert typed_goal in html
    asked.refresh_from_db()
    assert asked.status == EscalationStatus.NEEDS_INFO and asked.goal != typed_goal


def test_completing_twice_changes_once(client, agent, asked):
    login(client, agent)
    url = reverse("escalations:complete", args=[asked.reference])
    data = completion_post(asked)
    client.post(url, data)
    version = Escalation.objects.get(pk=asked.pk).version
    second = client.post(url, data, follow=True).content.decode()
    assert "geen vraag van het triageteam open" in second
    assert Escalation.objects.get(pk=asked.pk).version == version


def test_several_rounds_keep_their_history(agent, regisseur, asked):
    data = services.EscalationData(
        **{
            name: getattr(asked, name)
            for name in (
                "reason",
                "bottleneck_text",
                "ave_level",
                "urgency",
                "goal",
                "person_informed",
                "contact_name",
                "contact_phone",
                "contact_email",
                "not_informed_reason",
            )
        }  # fmt: skip
    )
    services.complete_escalation(
        escalation=asked, actor=agent, answer="Eerste antwoord.", data=data, expected_version=asked.version
    )
    again = ask(asked, regisseur, question="En de school?")
    services.complete_escalation(
        escalation=again, actor=agent, answer="School is op de hoogte.", data=data, expected_version=again.version
    )
    rounds = list(asked.questions.order_by("asked_at", "pk").values_list("question", "answer"))
    assert rounds == [(QUESTION, "Eerste antwoord."), ("En de school?", "School is op de hoogte.")]


@pytest.mark.parametrize(("who", "status"), [("colleague", 404), ("other_regisseur", 403), ("manager", 404)])
def test_only_the_referrer_answers(client, request, asked, who, status):
    login(client, request.getfixturevalue(who))
    url = reverse("escalations:complete", args=[asked.reference])
    assert client.get(url).status_code == status
    assert client.post(url, completion_post(asked)).status_code == status
    asked.refresh_from_db()
    assert asked.status == EscalationStatus.NEEDS_INFO


def test_the_answer_page_without_an_open_question_says_so(client, agent, escalation):
    login(client, agent)
    response = client.get(reverse("escalations:complete", args=[escalation.reference]), follow=True)
    assert "geen vraag van het triageteam open" in response.content.decode()


def test_the_referrers_list_offers_to_answer(client, agent, asked):
    login(client, agent)
    html = client.get(reverse("escalations:mine")).content.decode()
    assert "Vraag beantwoorden" in html and reverse("escalations:complete", args=[asked.reference]) in html
    assert "Aanvulling gevraagd aan de verwijzer" in html and "zvh-badge--warning" in html


# --- withdrawing ---------------------------------------------------------------------------------


def withdraw_url(escalation):
    return reverse("escalations:withdraw", args=[escalation.reference])


def test_the_referrer_withdraws_with_a_reason(client, agent, regisseur, escalation):
    login(client, agent)
    detail = client.get(reverse("escalations:detail", args=[escalation.reference])).content.decode()
    assert withdraw_url(escalation) in detail  # the form is on the detail page
    response = client.post(withdraw_url(escalation), {"version": escalation.version, "reason": "Opgelost in de wijk."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WITHDRAWN and escalation.withdrawal_reason == "Opgelost in de wijk."
    assert escalation.decided_at is not None
    assert AccessLogEntry.objects.filter(
        user=agent, object_reference=escalation.reference, action=AccessAction.CHANGE, allowed=True
    ).exists()
    login(client, regisseur)
    queue = client.get(reverse("escalations:triage")).content.decode()
    assert (
        "Ingetrokken door de verwijzer" in queue
        and 'Beoordelen<span class="visually-hidden"> ' + (escalation.reference) not in queue
    )


def test_withdrawing_without_a_reason_is_refused_beside_the_field(client, agent, escalation):
    login(client, agent)
    html = client.post(withdraw_url(escalation), {"version": escalation.version, "reason": " "}).content.decode()
    assert "Schrijf waarom u de aanmelding intrekt." in html
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.SUBMITTED


def test_withdrawing_while_a_question_is_open_is_allowed(client, agent, asked):
    login(client, agent)
    client.post(withdraw_url(asked), {"version": asked.version, "reason": "Niet meer nodig."})
    asked.refresh_from_db()
    assert asked.is_withdrawn


def test_withdrawing_after_the_decision_is_refused(client, agent, regisseur, escalation):
    services.decide_escalation(
        escalation=escalation, actor=regisseur, outcome="lokaal", feedback="Lokaal.", expected_version=1
    )
    login(client, agent)
    response = client.post(withdraw_url(escalation), {"version": 1, "reason": "Toch niet."}, follow=True)
    assert "al beoordeeld; intrekken kan niet meer" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.BACK_TO_LOCAL and escalation.withdrawal_reason == ""
    with pytest.raises(services.ServiceError, match="intussen beoordeeld"):
        services.withdraw_escalation(escalation=escalation, actor=agent, reason="Toch niet.", expected_version=1)


def test_withdrawing_twice_is_once(client, agent, escalation):
    login(client, agent)
    data = {"version": escalation.version, "reason": "Opgelost."}
    client.post(withdraw_url(escalation), data)
    version = Escalation.objects.get(pk=escalation.pk).version
    second = client.post(withdraw_url(escalation), data, follow=True)
    assert "al ingetrokken" in second.content.decode()
    assert Escalation.objects.get(pk=escalation.pk).version == version
    mine = client.get(reverse("escalations:mine")).content.decode()
    assert "Ingetrokken door de verwijzer" in mine and withdraw_url(escalation) not in mine
    again = services.withdraw_escalation(escalation=escalation, actor=agent, reason="x", expected_version=1)
    assert again.version == version and again.withdrawal_reason == "Opgelost."


def test_a_stale_withdrawal_gets_the_conflict_message_and_keeps_the_reason(client, agent, regisseur, escalation):
    stale_version = escalation.version
    ask(escalation, regisseur)  # the triage team asked a question in between
    login(client, agent)
    html = client.post(
        withdraw_url(escalation), {"version": stale_version, "reason": "Mijn getypte reden."}
    ).content.decode()
    assert "intussen door iemand anders gewijzigd" in html and "Mijn getypte reden." in html
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.NEEDS_INFO


def test_a_stale_completion_gets_the_conflict_message(agent, regisseur, asked):
    data = services.EscalationData(
        reason=asked.reason, bottleneck_text=asked.bottleneck_text, ave_level=asked.ave_level, urgency=asked.urgency,
        goal=asked.goal, person_informed=True, contact_name="A", contact_phone="073 123 45 67",
        contact_email="a@example.org",
    )  # fmt: skip
    with pytest.raises(services.ConcurrentEdit):
        services.complete_escalation(
            escalation=asked, actor=agent, answer=ANSWER, data=data, expected_version=asked.version - 1
        )


def test_colleagues_see_only_the_status(client, colleague, agent, asked):
    login(client, colleague)
    html = client.get(reverse("escalations:mine")).content.decode()
    assert asked.reference in html and "Aanvulling gevraagd aan de verwijzer" in html
    assert reverse("escalations:complete", args=[asked.reference]) not in html and QUESTION not in html


@pytest.mark.parametrize(("who", "status"), [("colleague", 404), ("regisseur", 403)])
def test_only_the_referrer_withdraws(client, request, escalation, who, status):
    login(client, request.getfixturevalue(who))
    response = client.post(withdraw_url(escalation), {"version": escalation.version, "reason": "Weg ermee."})
    assert response.status_code == status
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.SUBMITTED


# --- retention -----------------------------------------------------------------------------------


def test_a_withdrawn_escalation_is_destroyed_after_its_term_one_waiting_for_an_answer_never(
    agent, regisseur, privacy_officer
):
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.ESCALATION_WITHOUT_CASE, programme=None, term_months=6
    )
    withdrawn = ask(make_escalation(submitted_by=agent), regisseur)
    services.withdraw_escalation(
        escalation=withdrawn, actor=agent, reason="Opgelost in de wijk.", expected_version=withdrawn.version
    )
    waiting = ask(make_escalation(submitted_by=agent), regisseur)
    long_ago = timezone.now() - timedelta(days=400)
    Escalation.objects.filter(pk__in=[withdrawn.pk, waiting.pk]).update(submitted_at=long_ago)
    EscalationQuestion.objects.update(asked_at=long_ago)
    today = timezone.localdate()
    assert {i.reference for i in retention.due_for_destruction(today).items} == set()  # withdrawn just now
    Escalation.objects.filter(pk=withdrawn.pk).update(decided_at=long_ago)

    due = {item.reference for item in retention.due_for_destruction(today).items}
    assert due == {withdrawn.reference}
    retention.run_retention(today=today)
    withdrawn.refresh_from_db()
    waiting.refresh_from_db()
    assert withdrawn.anonymised_at is not None and withdrawn.withdrawal_reason == ""
    assert list(withdrawn.questions.values_list("question", "answer")) == [("", "")]
    assert waiting.anonymised_at is None and waiting.questions.get().question == QUESTION


def test_the_decide_page_says_the_escalation_waits_for_the_referrer(client, regisseur, asked):
    login(client, regisseur)
    response = client.get(reverse("escalations:decide", args=[asked.reference]), follow=True)
    html = response.content.decode()
    assert "wacht op het antwoord van de verwijzer" in html and QUESTION in html


def test_a_subject_access_report_holds_the_questions_answers_and_withdrawal_reason(agent, regisseur, asked):
    from privacy.subject_access.services import _escalation

    services.withdraw_escalation(escalation=asked, actor=agent, reason="Opgelost.", expected_version=asked.version)
    asked.refresh_from_db()
    report = _escalation(asked, [])
    assert [q["vraag"] for q in report["vragen_van_het_triageteam"]] == [QUESTION]
    assert report["reden_intrekken"] == "Opgelost." and report["status"] == "Ingetrokken door de verwijzer"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_decision_and_a_withdrawal_at_the_same_moment_one_wins(agent, regisseur):
    from tests.concurrency import race

    escalation = make_escalation(submitted_by=agent)
    turn = iter(["decide", "withdraw"])
    lock = threading.Lock()

    def act():
        with lock:
            which = next(turn)
        if which == "decide":
            return services.decide_escalation(
                escalation=escalation, actor=regisseur, outcome="lokaal", feedback="Lokaal.", expected_version=1
            )
        return services.withdraw_escalation(escalation=escalation, actor=agent, reason="Weg.", expected_version=1)

    results, errors = race(act)
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], services.ServiceError)  # "intussen beoordeeld" or a version conflict
    escalation.refresh_from_db()
    assert escalation.version == 2
    assert (escalation.status == EscalationStatus.WITHDRAWN) == (escalation.withdrawal_reason == "Weg.")
    assert (escalation.status == EscalationStatus.BACK_TO_LOCAL) == (escalation.feedback == "Lokaal.")


def test_a_regisseur_deciding_after_the_withdrawal_is_told(client, agent, regisseur, escalation):
    services.withdraw_escalation(escalation=escalation, actor=agent, reason="Opgelost.", expected_version=1)
    login(client, regisseur)
    url = reverse("escalations:decide", args=[escalation.reference])
    response = client.post(url, {"version": 1, "outcome": "lokaal", "feedback": "Lokaal."}, follow=True)
    assert "is ingetrokken door de verwijzer" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WITHDRAWN and escalation.feedback == ""
