"""Exactly once where it matters (issue 20): a form that creates a record carries a one-time key,
bound to the user and the form it was issued for."""

import re
import uuid

import pytest
from django.urls import reverse

from cases import services
from cases.models import Escalation, Person, TimelineEntry, TimelineKind
from partners.models import SubmissionKey
from tests.auth import login
from tests.cases.test_escalation_views import escalation_post
from tests.concurrency import race
from tests.factories import OrganisationFactory, UserFactory, make_case

KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')


def _notes(case):
    return TimelineEntry.objects.filter(case=case, kind=TimelineKind.NOTE)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_parallel_posts_of_a_note_make_one_note():
    regisseur = UserFactory(username="regisseur-notes", regisseur=True)
    case = make_case(regisseur=regisseur)
    key = uuid.uuid4()

    def post():
        return services.add_note(case=case, author=regisseur, text="Huisbezoek gedaan.", submission_key=key).pk

    results, errors = race(post, times=10)
    assert errors == [] and len(results) == 10 and len(set(results)) == 1
    assert _notes(case).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_parallel_posts_of_a_person_make_one_person():
    regisseur = UserFactory(username="regisseur-persons", regisseur=True)
    case = make_case(regisseur=regisseur)
    key = uuid.uuid4()
    data = services.PersonData(first_name="Noor", last_name="Bakker", role_in_case="gezinslid")

    def post():
        return services.add_person(case=case, actor=regisseur, data=data, submission_key=key).pk

    results, errors = race(post, times=5)
    assert errors == [] and len(set(results)) == 1
    assert Person.objects.filter(case=case, last_name="Bakker").count() == 1
    assert case.timeline.filter(kind=TimelineKind.PERSON, text__startswith="Betrokkene toegevoegd").count() == 1


def test_the_note_form_carries_a_key_and_a_resubmit_adds_one_note(client, case, regisseur):
    login(client, regisseur)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    key = KEY.search(page).group(1)
    data = {"text": "Gesprek met de school.", "submission_key": key}
    for _ in range(3):
        response = client.post(reverse("cases:note_add", args=[case.reference]), data)
        assert response.status_code == 302
    assert _notes(case).filter(text="Gesprek met de school.").count() == 1


def test_the_person_form_carries_a_key_and_a_resubmit_adds_one_person(client, case, regisseur):
    login(client, regisseur)
    page = client.get(reverse("cases:person_add", args=[case.reference])).content.decode()
    key = KEY.search(page).group(1)
    data = {"first_name": "Sem", "last_name": "Jansen", "role_in_case": "gezinslid", "submission_key": key}
    for _ in range(2):
        assert client.post(reverse("cases:person_add", args=[case.reference]), data).status_code == 302
    assert Person.objects.filter(case=case, last_name="Jansen").count() == 1


def test_another_users_key_is_refused_not_answered_with_their_note(client, case, regisseur, agent):
    key = uuid.uuid4()
    services.add_note(case=case, author=regisseur, text="Alleen van de regisseur.", submission_key=key)
    login(client, agent)
    response = client.post(
        reverse("cases:note_add", args=[case.reference]), {"text": "Mijn eigen notitie.", "submission_key": str(key)}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "hoort bij een andere sessie" in html
    assert "Mijn eigen notitie." in html  # nothing typed is lost
    fresh = KEY.search(html).group(1)
    assert fresh != str(key)
    assert (
        client.post(
            reverse("cases:note_add", args=[case.reference]), {"text": "Mijn eigen notitie.", "submission_key": fresh}
        ).status_code
        == 302
    )
    assert _notes(case).filter(author=agent, text="Mijn eigen notitie.").count() == 1
    assert _notes(case).filter(author=regisseur).count() == 1


def test_a_key_of_one_form_is_refused_on_another(case, regisseur):
    key = uuid.uuid4()
    services.add_note(case=case, author=regisseur, text="Notitie.", submission_key=key)
    data = services.PersonData(first_name="Lot", last_name="Smit", role_in_case="gezinslid")
    with pytest.raises(services.ServiceError):
        services.add_person(case=case, actor=regisseur, data=data, submission_key=key)
    assert not Person.objects.filter(last_name="Smit").exists()
    assert SubmissionKey.objects.get(pk=key).form_name == "notitie"


def test_another_user_posting_an_escalations_key_does_not_get_its_reference(client, agent):
    data = escalation_post()
    login(client, agent)
    client.post(reverse("escalations:create"), data)
    first = Escalation.objects.get()
    other = UserFactory(username="agent-b", organisation=OrganisationFactory(name="Veilig Thuis"))
    client.logout()
    login(client, other)
    response = client.post(reverse("escalations:create"), data, follow=True)
    html = response.content.decode()
    assert first.reference not in html
    assert "hoort bij een andere sessie" in html
    assert "Bedreigingen richting buren" in html  # the typed input is still there
    assert Escalation.objects.count() == 1
    fresh = KEY.search(html).group(1)
    assert fresh != data["submission_key"]
    client.post(reverse("escalations:create"), {**data, "submission_key": fresh})
    assert Escalation.objects.filter(submitted_by=other).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_posts_of_a_meeting_plan_one_meeting_and_invite_once():
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Meeting
    from notifications.models import OutboxMessage

    regisseur = UserFactory(username="regisseur-meetings", regisseur=True)
    case = make_case(regisseur=regisseur)
    key = uuid.uuid4()
    starts_at = timezone.now() + timedelta(days=3)

    def post():
        return services.schedule_meeting(
            case=case, actor=regisseur, starts_at=starts_at, is_online=True, submission_key=key
        ).pk

    results, errors = race(post, times=4)
    assert errors == [] and len(set(results)) == 1
    assert Meeting.objects.filter(case=case).count() == 1
    invitations = OutboxMessage.objects.filter(object_id=results[0]).count()
    assert invitations <= 1  # the regisseur is the only one seated; never one per post


def test_the_goal_and_action_forms_carry_a_key_and_a_resubmit_adds_one(client, case, regisseur, politie):
    from cases.models import Goal, LifeDomain, PlanAction

    plan = services.start_plan(case=case, actor=regisseur)
    login(client, regisseur)
    page = client.get(reverse("cases:plan_edit", args=[case.reference, plan.pk]) + "?deel=doelen").content.decode()
    key = re.search(r'name="doel-submission_key" value="([0-9a-f-]{36})"', page).group(1)
    domain = LifeDomain.objects.filter(is_active=True).first()
    goal_post = {"doel-domain": domain.pk, "doel-description": "Dagbesteding gevonden.", "doel-submission_key": key}
    for _ in range(2):
        client.post(reverse("cases:plan_goal_add", args=[case.reference, plan.pk]), goal_post)
    assert Goal.objects.filter(plan=plan, description="Dagbesteding gevonden.").count() == 1

    page = client.get(reverse("cases:plan_edit", args=[case.reference, plan.pk]) + "?deel=acties").content.decode()
    key = re.search(r'name="actie-submission_key" value="([0-9a-f-]{36})"', page).group(1)
    action_post = {
        "actie-description": "Intake plannen.",
        "actie-owner_organisation": politie.pk,
        "actie-deadline": "2031-01-15",
        "actie-submission_key": key,
    }
    for _ in range(2):
        client.post(reverse("cases:plan_action_add", args=[case.reference, plan.pk]), action_post)
    assert PlanAction.objects.filter(plan=plan, description="Intake plannen.").count() == 1
