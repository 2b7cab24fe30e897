"""The start page per role ("wat vraagt vandaag mijn aandacht", issue 18): what each role sees,
what it does not see (another organisation's action, a case the user does not sit at, another
regisseur's case), where each item links to, and the small-numbers rule for the manager."""

import uuid
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, EscalationStatus, LifeDomain, ProcessPlan
from cases.reminders import generate_reminders
from privacy.break_glass.services import review_break_glass, start_break_glass
from privacy.models import AccessLogEntry, RetentionCategory, RetentionPolicy, SubjectRequestKind
from privacy.retention.services import add_months
from privacy.subject_access.services import SubjectRequestData, register_subject_request
from programmes.models import Prognosis, Programme
from tests.auth import login
from tests.factories import UserFactory, closing_evaluation, make_case, make_escalation

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def home(client, user, query=""):
    login(client, user)
    response = client.get(reverse("home") + query)
    assert response.status_code == 200
    return response.content.decode()


def section(html, anchor):
    """The HTML of one section of the start page (from its id to the end of that section)."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def plan_with_action(case, regisseur, organisation, *, deadline, description="Huisbezoek afleggen"):
    plan = services.start_plan(case=case, actor=regisseur)
    services.add_goal(plan=plan, actor=regisseur, domain=LifeDomain.objects.first(), description="Veilig thuis")
    action = services.add_action(
        plan=plan, actor=regisseur, description=description, owner_organisation=organisation, deadline=deadline
    )
    return plan, action


def running_for(case, weeks):
    Case.objects.filter(pk=case.pk).update(opened_on=today() - timedelta(weeks=weeks))


# --- Procesregisseur --------------------------------------------------------------------------------


def test_the_regisseur_sees_waiting_escalations_most_urgent_first_linking_to_the_triage(client, regisseur, agent):
    normal = make_escalation(submitted_by=agent)
    acute = make_escalation(submitted_by=agent, urgency="acuut")
    html = section(home(client, regisseur), "regie-aanmeldingen")
    assert '<span class="zvh-worklist__count">2</span>' in html
    assert "1 urgent" in html
    assert html.index(acute.reference) < html.index(normal.reference)
    assert reverse("escalations:decide", args=[acute.reference]) in html
    # Reference, urgency, date and organisation only: nothing of the escalation's content.
    assert "Driessen" not in html and "ruzies" not in html


def test_the_regisseur_sees_overdue_and_near_actions_of_their_own_cases_only(
    client, case, regisseur, other_regisseur, politie
):
    plan_with_action(case, regisseur, politie, deadline=today() - timedelta(days=2), description="Huisbezoek afleggen")
    other = make_case(regisseur=other_regisseur)
    services.seat_partner(case=other, actor=other_regisseur, organisation=politie, professionals=[])
    plan_with_action(other, other_regisseur, politie, deadline=today() - timedelta(days=2), description="Ander werk")
    html = section(home(client, regisseur), "regie-acties")
    assert "Huisbezoek afleggen" in html and "over tijd" in html
    assert reverse("cases:plan", args=[case.reference]) in html
    assert "Ander werk" not in html and other.reference not in html


def test_an_action_far_ahead_or_done_is_not_on_the_regisseur_start_page(client, case, regisseur, politie):
    plan, action = plan_with_action(case, regisseur, politie, deadline=today() + timedelta(days=30))
    html = section(home(client, regisseur), "regie-acties")
    assert "Huisbezoek afleggen" not in html and "Geen acties over tijd" in html


def test_the_regisseur_sees_this_weeks_meetings_evaluations_and_cases_without_an_agreed_plan(
    client, case, regisseur, politie
):
    meeting = services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() + timedelta(minutes=10), is_online=True
    )
    plan, _ = plan_with_action(case, regisseur, politie, deadline=today() + timedelta(days=1))
    ProcessPlan.objects.filter(pk=plan.pk).update(next_review_on=today() - timedelta(days=1))
    running_for(case, 7)
    page = home(client, regisseur)
    meetings = section(page, "regie-overleggen")
    assert reverse("cases:meeting_detail", args=[case.reference, meeting.pk]) in meetings
    evaluations = section(page, "regie-evaluaties")
    assert case.reference in evaluations and "verstreken" in evaluations
    without_plan = section(page, "regie-zonder-plan")
    assert reverse("cases:plan", args=[case.reference]) in without_plan and "6 weken" in without_plan


def test_a_case_younger_than_the_setting_waits_for_no_plan_yet(client, case, regisseur):
    running_for(case, 3)
    assert case.reference not in section(home(client, regisseur), "regie-zonder-plan")
    with override_settings(PLAN_AGREEMENT_EXPECTED_WEEKS=2):
        html = section(home(client, regisseur), "regie-zonder-plan")
    assert case.reference in html and "2 weken" in html


def test_the_regisseur_sees_open_reminders(client, case, regisseur, politie):
    plan_with_action(case, regisseur, politie, deadline=today() - timedelta(days=1))
    generate_reminders(today())
    html = section(home(client, regisseur), "regie-herinneringen")
    assert case.reference in html and "Deadline van een actie is verstreken" in html
    assert '<span class="zvh-worklist__count">1</span>' in html


def test_more_than_five_items_link_to_all_and_the_full_list_shows_them(client, case, regisseur, politie):
    plan = services.start_plan(case=case, actor=regisseur)
    for n in range(7):
        services.add_action(
            plan=plan, actor=regisseur, description=f"Actie nummer {n}", owner_organisation=politie,
            deadline=today() - timedelta(days=n + 1),
        )  # fmt: skip
    short = section(home(client, regisseur), "regie-acties")
    assert short.count("Actie nummer") == 5
    assert "Alle 7 tonen" in short and "?alle=acties#regie-acties" in short
    full = section(home(client, regisseur, "?alle=acties"), "regie-acties")
    assert full.count("Actie nummer") == 7 and "Minder tonen" in full


def test_the_start_page_logs_the_cases_it_names(client, case, regisseur, politie):
    plan_with_action(case, regisseur, politie, deadline=today())
    home(client, regisseur)
    entry = AccessLogEntry.objects.filter(user=regisseur, object_type="startpagina").get()
    assert entry.allowed and entry.case_ids == [case.pk]


# --- Partner professional ---------------------------------------------------------------------------


@pytest.fixture
def nurse(ggz):
    return UserFactory(username="verpleegkundige", organisation=ggz)


def test_the_partner_sees_the_open_actions_of_their_own_organisation_only(
    client, case, regisseur, agent, colleague, politie, ggz, nurse, other_regisseur
):
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    plan = services.start_plan(case=case, actor=regisseur)
    services.add_action(plan=plan, actor=regisseur, description="Politie belt aan", owner_organisation=politie,
                        deadline=today() + timedelta(days=20))  # fmt: skip
    services.add_action(plan=plan, actor=regisseur, description="GGZ plant intake", owner_organisation=ggz,
                        deadline=today() + timedelta(days=20))  # fmt: skip
    # A case where a colleague sits for Politie, not the agent: its actions are not the agent's to see.
    elsewhere = make_case(regisseur=other_regisseur)
    services.seat_partner(case=elsewhere, actor=other_regisseur, organisation=politie, professionals=[colleague])
    plan_with_action(elsewhere, other_regisseur, politie, deadline=today(), description="Geheim elders")
    page = home(client, agent)
    html = section(page, "partner-acties")
    assert "Politie belt aan" in html and reverse("cases:plan", args=[case.reference]) in html
    assert "GGZ plant intake" not in html
    assert "Geheim elders" not in page and elsewhere.reference not in page
    assert 'id="regie-' not in page  # no triage, no regisseur's lists


def test_the_partner_sees_coming_meetings_of_their_cases(client, case, regisseur, agent, other_regisseur):
    meeting = services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=10), location="Stadhuis"
    )
    other = make_case(regisseur=other_regisseur)
    services.schedule_meeting(case=other, actor=other_regisseur, starts_at=timezone.now() + timedelta(days=1),
                              location="Elders")  # fmt: skip
    html = section(home(client, agent), "partner-overleggen")
    assert reverse("cases:meeting_detail", args=[case.reference, meeting.pk]) in html and "Stadhuis" in html
    assert other.reference not in html and "Elders" not in html


def test_a_plan_awaiting_the_partners_agreement_is_listed_until_they_agree(client, case, regisseur, agent, politie):
    plan, _ = plan_with_action(case, regisseur, politie, deadline=today() + timedelta(days=20))
    plan.refresh_from_db()
    services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
    html = section(home(client, agent), "partner-akkoord")
    assert reverse("cases:plan", args=[case.reference]) in html and f"concept versie {plan.number}" in html
    services.record_agreement(plan=ProcessPlan.objects.get(pk=plan.pk), actor=agent)
    assert case.reference not in section(home(client, agent), "partner-akkoord")


def test_the_partner_sees_questions_and_decisions_on_their_own_escalations(client, regisseur, agent, colleague):
    asked = make_escalation(submitted_by=agent)
    services.decide_escalation(
        escalation=asked, actor=regisseur, outcome=EscalationStatus.NEEDS_INFO, feedback="",
        info_question="Is er al contact met de huisarts?", expected_version=asked.version,
    )  # fmt: skip
    decided = make_escalation(submitted_by=agent)
    services.decide_escalation(escalation=decided, actor=regisseur, outcome="lokaal", feedback="Lokaal oppakken.",
                               expected_version=decided.version)  # fmt: skip
    pending = make_escalation(submitted_by=agent)
    of_colleague = make_escalation(submitted_by=colleague)
    html = section(home(client, agent), "partner-besluiten")
    assert reverse("escalations:complete", args=[asked.reference]) in html
    assert reverse("escalations:detail", args=[decided.reference]) in html
    assert html.index(asked.reference) < html.index(decided.reference)  # the question to answer first
    assert pending.reference not in html and of_colleague.reference not in html


# --- Privacy officer --------------------------------------------------------------------------------


def test_the_privacy_officer_sees_break_glass_to_review_requests_and_retention_due(
    client, case, privacy_officer, other_regisseur, regisseur
):
    reviewed = start_break_glass(user=other_regisseur, case=case, reason="Spoed: melding van de politie vannacht.")
    review_break_glass(access=reviewed, reviewer=privacy_officer, note="Terecht.")
    second = make_case(regisseur=regisseur)
    waiting = start_break_glass(user=other_regisseur, case=second, reason="Spoed: melding van de politie vannacht.")
    subject_request = register_subject_request(
        actor=privacy_officer,
        data=SubjectRequestData(kind=SubjectRequestKind.values[0], received_on=today(), subject_name="Jan Aalbers",
                                submission_key=uuid.uuid4()),
    )  # fmt: skip
    RetentionPolicy.objects.create(category=RetentionCategory.CLOSED_CASE, term_months=24)
    closing = make_case(regisseur=regisseur)
    closing.refresh_from_db()
    services.change_phase(case=closing, actor=regisseur, to_phase="afgesloten", expected_version=closing.version,
                          closure_reason="doelen_bereikt", closure_result="Goed afgerond.",
                          **closing_evaluation(closing))  # fmt: skip
    Case.objects.filter(pk=closing.pk).update(closed_on=add_months(today(), -24) + timedelta(days=10))
    page = home(client, privacy_officer)
    break_glass = section(page, "privacy-doorbraken")
    assert reverse("privacy:break_glass_review", args=[waiting.pk]) in break_glass
    assert reverse("privacy:break_glass_review", args=[reviewed.pk]) not in break_glass
    requests = section(page, "privacy-verzoeken")
    assert reverse("privacy:subject_request_detail", args=[subject_request.pk]) in requests
    assert "Aalbers" not in requests  # the request's number, not the subject's name
    retention = section(page, "privacy-bewaartermijnen")
    assert closing.reference in retention and reverse("privacy:retention_extend") in retention
    assert "0 bij de volgende vernietiging, 1 in de komende 28 dagen" in retention
    assert 'id="regie-' not in page and 'id="partner-' not in page


# --- Manager ----------------------------------------------------------------------------------------


def test_the_manager_sees_intake_against_prognosis_per_programme_with_small_numbers_hidden(client, manager, regisseur):
    com = Programme.objects.get(code="COM")
    Prognosis.objects.create(programme=com, year=today().year, expected_new=40)
    cases = [make_case(regisseur=regisseur) for _ in range(6)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(opened_on=date(today().year, 1, 2))
    make_case(regisseur=regisseur, programme_code=Programme.objects.exclude(code="COM").first().code)
    page = home(client, manager)
    html = section(page, "manager-instroom")
    com_line = next(line for line in html.split("<li") if "COM" in line)
    assert "6 nieuwe casussen van 40 verwacht (15%)" in " ".join(com_line.split())
    assert "&lt; 5" in html  # the other programme's single case is not shown as 1
    assert reverse("dashboard:dashboard") in html
    assert cases[0].reference not in page


def test_a_user_without_a_role_gets_the_notice_and_no_lists(client):
    nobody = UserFactory(username="zonderrol", role="")
    page = home(client, nobody)
    assert "Uw account heeft nog geen rol" in page and "zvh-worklist__section" not in page
