"""A case's whole life (issue 15): a change of programme with reason and history, counted under
the current programme on the dashboard; the COM-advies flow (question → advice → closed, no plan,
no meetings); reopening a closed case within its retention term, seating nobody silently; a
follow-up case linked both ways; links between cases that show the other case's details only to
those who may see it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import (
    Case,
    CaseLink,
    CaseRelation,
    ClosureReason,
    Phase,
    ProgrammeChange,
    TimelineEntry,
    TimelineKind,
)
from cases.selectors import case_links, phase_steps
from cases.services import lifecycle
from dashboard.filters import Filters
from dashboard.selectors import case_groups, inclusions_per_month
from privacy import policy
from privacy.models import RetentionCategory
from privacy.retention.services import extend_retention, set_retention_term
from programmes.models import Programme
from tests.auth import login
from tests.factories import UserFactory, closing_evaluation, make_case
from zvh.errors import ServiceError


def close(case, regisseur):
    case.refresh_from_db()
    return services.change_phase(
        case=case,
        actor=regisseur,
        to_phase=Phase.AFGESLOTEN,
        expected_version=case.version,
        closure_reason=ClosureReason.GOALS_REACHED,
        closure_result="Rust in het gezin.",
        **closing_evaluation(case),
    )


@pytest.fixture
def closed_case(case, regisseur, privacy_officer):
    set_retention_term(actor=privacy_officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=24)
    return close(case, regisseur)


def page(client, user, case) -> str:
    login(client, user)
    response = client.get(reverse("cases:detail", kwargs={"reference": case.reference}))
    assert response.status_code == 200
    return response.content.decode()


# Programme change -------------------------------------------------------------------------------


def test_programme_change_is_kept_as_history_and_the_dashboard_counts_the_current_programme(client, case, regisseur):
    com, lla = Programme.objects.get(code="COM"), Programme.objects.get(code="LLA")
    reason = "Langdurig vastgelopen: route naar de Levensloopaanpak."
    lifecycle.change_programme(
        case=case, actor=regisseur, to_programme=lla, reason=reason, expected_version=case.version
    )

    case.refresh_from_db()
    assert case.programme == lla
    change = ProgrammeChange.objects.get(case=case)
    assert (change.from_programme, change.to_programme, change.reason, change.changed_by) == (
        com,
        lla,
        reason,
        regisseur,
    )
    assert case.timeline.filter(kind=TimelineKind.PROGRAMME, text__contains="van COM naar LLA").exists()
    html = page(client, regisseur, case)
    assert "Programmahistorie" in html and reason in html

    groups = case_groups(Filters(year=timezone.localdate().year))
    by_programme = {g["programme_id"]: g for g in groups}
    assert by_programme[lla.pk]["new"] == 1 and by_programme[lla.pk]["running"] == 1
    assert com.pk not in by_programme


def test_a_case_moved_into_the_levensloopaanpak_counts_as_included_when_it_moved(case, regisseur):
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - timedelta(days=400))
    case.refresh_from_db()
    lla = Programme.objects.get(code="LLA")
    lifecycle.change_programme(
        case=case, actor=regisseur, to_programme=lla, reason="Route naar de LLA.", expected_version=case.version
    )
    today = timezone.localdate()
    assert inclusions_per_month(Filters(year=today.year, programme=lla)) == {today.month: 1}
    assert inclusions_per_month(Filters(year=case.opened_on.year, programme=lla)).get(case.opened_on.month) is None


def test_programme_change_needs_a_reason_a_new_programme_and_the_regisseur(case, regisseur, agent):
    lla = Programme.objects.get(code="LLA")
    with pytest.raises(ServiceError) as refused:
        lifecycle.change_programme(
            case=case, actor=regisseur, to_programme=lla, reason=" ", expected_version=case.version
        )
    assert refused.value.field == "reason"
    with pytest.raises(ServiceError):
        lifecycle.change_programme(
            case=case, actor=regisseur, to_programme=case.programme, reason="x", expected_version=case.version
        )
    with pytest.raises(PermissionDenied):
        lifecycle.change_programme(case=case, actor=agent, to_programme=lla, reason="x", expected_version=case.version)
    assert not ProgrammeChange.objects.exists()


def test_the_programme_change_screen_keeps_what_was_typed_when_refused(client, case, regisseur):
    login(client, regisseur)
    url = reverse("cases:programme_change", kwargs={"reference": case.reference})
    response = client.post(url, {"version": case.version, "to_programme": "", "reason": "Mijn getypte reden"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn getypte reden" in html and "Kies het nieuwe programma." in html


# COM-advies: question → advice → closed --------------------------------------------------------


def test_com_advies_goes_from_question_to_advice_to_closed_without_plan_or_meetings(regisseur):
    case = make_case(regisseur=regisseur, programme_code="COM-ADVIES")
    assert [p for p, _ in case.allowed_next_phases()] == [Phase.TRIAGE, Phase.ADVIES, Phase.AFGESLOTEN]
    with pytest.raises(ServiceError):
        services.change_phase(case=case, actor=regisseur, to_phase=Phase.ANALYSE, expected_version=case.version)

    case = services.change_phase(case=case, actor=regisseur, to_phase=Phase.ADVIES, expected_version=case.version)
    for phase in (Phase.ANALYSE, Phase.PLAN, Phase.UITVOERING):
        with pytest.raises(ServiceError):
            services.change_phase(case=case, actor=regisseur, to_phase=phase, expected_version=case.version)
    with pytest.raises(ServiceError, match="geen plan van aanpak"):
        services.start_plan(case=case, actor=regisseur)
    with pytest.raises(ServiceError, match="geen casusoverleg"):
        services.schedule_meeting(
            case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=2), location="ZVH"
        )
    assert [step["key"] for step in phase_steps(case)] == [
        Phase.AANMELDING,
        Phase.ADVIES,
        Phase.AFGESLOTEN,
    ]
    assert close(case, regisseur).is_closed


def test_com_advies_moved_to_com_goes_on_with_the_analysis(regisseur):
    case = make_case(regisseur=regisseur, programme_code="COM-ADVIES")
    case = services.change_phase(case=case, actor=regisseur, to_phase=Phase.ADVIES, expected_version=case.version)
    case = lifecycle.change_programme(
        case=case,
        actor=regisseur,
        to_programme=Programme.objects.get(code="COM"),
        reason="Het advies is niet genoeg: een volledige casus.",
        expected_version=case.version,
    )
    assert case.phase == Phase.ANALYSE
    assert Phase.PLAN in [p for p, _ in case.allowed_next_phases()]


def test_mda_expects_a_year_and_the_phase_screen_warns_before_closing_early(client, regisseur):
    case = make_case(regisseur=regisseur, programme_code="MDA++")
    assert case.programme.expected_duration_months == 12
    assert case.closes_before_expected
    login(client, regisseur)
    html = client.get(reverse("cases:phase", kwargs={"reference": case.reference})).content.decode()
    assert "ten minste 12 maanden" in html
    Case.objects.filter(pk=case.pk).update(opened_on=timezone.localdate() - timedelta(days=400))
    case.refresh_from_db()
    assert not case.closes_before_expected


# Reopening ------------------------------------------------------------------------------------


def test_reopen_within_the_term_seats_nobody_silently(client, closed_case, regisseur, agent):
    assert not policy.may_view_case(agent, closed_case)
    login(client, regisseur)
    url = reverse("cases:reopen", kwargs={"reference": closed_case.reference})
    form_page = client.get(url).content.decode()
    assert "Opnieuw aan tafel" in form_page and agent.get_full_name() in form_page  # offered, not ticked

    response = client.post(url, {"version": closed_case.version, "reason": "Nieuwe meldingen van overlast."})
    assert response.status_code == 302
    closed_case.refresh_from_db()
    assert not closed_case.is_closed and closed_case.closed_on is None
    assert policy.may_change_case(regisseur, closed_case)
    assert not policy.may_view_case(agent, closed_case)  # not ticked: no access back
    assert not closed_case.participants.filter(left_on__isnull=True).exists()
    entry = closed_case.timeline.get(kind=TimelineKind.REOPENED)
    assert "Nieuwe meldingen van overlast." in entry.text and "Niemand is opnieuw aan tafel gezet" in entry.text


def test_reopen_seats_again_only_the_partners_chosen(closed_case, regisseur, agent, ggz):
    psychiater = UserFactory(username="psychiater", organisation=ggz)
    closed_case.refresh_from_db()
    # GGZ sat at the table too before the closure; only Politie's agent is chosen.
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[psychiater])
    services.seat_partner(case=case, actor=regisseur, organisation=agent.organisation, professionals=[agent])
    case = close(case, regisseur)
    seats = {s.user: s for s in lifecycle.former_seats(case)}
    assert set(seats) == {agent, psychiater}

    case = lifecycle.reopen_case(
        case=case, actor=regisseur, reason="Terugval.", expected_version=case.version, seat_again=[seats[agent]]
    )
    assert policy.may_view_case(agent, case)
    assert not policy.may_view_case(psychiater, case)
    again = close(case, regisseur)  # a reopened case closes again (the survey is not sent twice)
    assert again.is_closed and again.closed_on == timezone.localdate()
    assert not policy.may_view_case(agent, again)
    assert again.survey_invitations.filter(recipient=agent).count() == 1


def test_reopen_after_the_term_is_refused(client, closed_case, regisseur):
    three_years_ago = timezone.localdate() - timedelta(days=3 * 365)
    Case.objects.filter(pk=closed_case.pk).update(closed_on=three_years_ago)
    closed_case.refresh_from_db()
    with pytest.raises(ServiceError, match="bewaartermijn"):
        lifecycle.reopen_case(
            case=closed_case, actor=regisseur, reason="Te laat.", expected_version=closed_case.version
        )

    login(client, regisseur)
    url = reverse("cases:reopen", kwargs={"reference": closed_case.reference})
    response = client.post(url, {"version": closed_case.version, "reason": "Te laat."})
    assert response.status_code == 200 and "bewaartermijn" in response.content.decode()
    closed_case.refresh_from_db()
    assert closed_case.is_closed


def test_an_extension_by_the_privacy_officer_keeps_a_case_reopenable(closed_case, regisseur, privacy_officer):
    Case.objects.filter(pk=closed_case.pk).update(closed_on=timezone.localdate() - timedelta(days=3 * 365))
    closed_case.refresh_from_db()
    extend_retention(
        actor=privacy_officer,
        case=closed_case,
        reason="Lopende rechtszaak.",
        until=timezone.localdate() + timedelta(days=30),
    )
    reopened = lifecycle.reopen_case(
        case=closed_case, actor=regisseur, reason="Nieuwe feiten.", expected_version=closed_case.version
    )
    assert not reopened.is_closed


def test_only_the_regisseur_of_the_closed_case_reopens(client, closed_case, other_regisseur, agent):
    with pytest.raises(PermissionDenied):
        lifecycle.reopen_case(case=closed_case, actor=other_regisseur, reason="x", expected_version=closed_case.version)
    login(client, agent)
    url = reverse("cases:reopen", kwargs={"reference": closed_case.reference})
    assert client.get(url).status_code == 404  # the agent lost access at closure


# Follow-up case ---------------------------------------------------------------------------------


def test_a_follow_up_case_is_linked_both_ways_and_seats_nobody(client, closed_case, regisseur, agent):
    login(client, regisseur)
    url = reverse("cases:follow_up", kwargs={"reference": closed_case.reference})
    response = client.post(
        url,
        {
            "programme": closed_case.programme_id,
            "ave_level": 3,
            "summary": "Opnieuw zorgen over de veiligheid in het gezin.",
            "reason": "Nieuwe meldingen een half jaar na afsluiting.",
        },
    )
    assert response.status_code == 302
    link = CaseLink.objects.get(to_case=closed_case)
    follow_up = link.from_case
    assert response["Location"] == reverse("cases:detail", kwargs={"reference": follow_up.reference})
    assert link.relation == CaseRelation.FOLLOW_UP
    assert sorted(p.full_name for p in follow_up.persons.all()) == sorted(
        p.full_name for p in closed_case.persons.all()
    )
    assert not policy.may_view_case(agent, follow_up)

    earlier_side = case_links(closed_case, regisseur)
    later_side = case_links(follow_up, regisseur)
    assert [(r["relation"], r["other"]) for r in earlier_side] == [("Vervolgcasus", follow_up)]
    assert [(r["relation"], r["other"]) for r in later_side] == [("Vervolg op", closed_case)]
    assert follow_up.reference in page(client, regisseur, closed_case)
    assert closed_case.reference in page(client, regisseur, follow_up)


# Links between cases ----------------------------------------------------------------------------


@pytest.fixture
def sibling_case(other_regisseur):
    """The case of a child of the same family, directed by another regisseur, in another programme."""
    return make_case(
        regisseur=other_regisseur,
        programme_code="PGA-JEUGD",
        persons=[services.PersonData(first_name="Daan", last_name="Zusje", role_in_case="hoofdpersoon")],
    )


def test_a_link_shows_only_the_reference_to_a_viewer_without_access(
    client, case, sibling_case, regisseur, other_regisseur, agent
):
    login(client, regisseur)
    response = client.post(
        reverse("cases:link_add", kwargs={"reference": case.reference}),
        {"other_reference": sibling_case.reference.lower(), "relation": CaseRelation.HOUSEHOLD},
    )
    assert response.status_code == 302
    assert CaseLink.objects.filter(from_case=case, to_case=sibling_case).exists()
    sibling_url = reverse("cases:detail", kwargs={"reference": sibling_case.reference})

    for viewer in (regisseur, agent):  # neither may open the sibling's case
        html = page(client, viewer, case)
        assert sibling_case.reference in html
        assert sibling_url not in html and "PGA-JEUGD" not in html and "Zusje" not in html
        assert "geen toegang" in html
    html = page(client, other_regisseur, sibling_case)  # the other side sees the link, reference only
    assert case.reference in html and "geen toegang" in html
    assert reverse("cases:detail", kwargs={"reference": case.reference}) not in html

    # A viewer who may open both cases sees the other case's programme and phase.
    services.seat_partner(
        case=sibling_case, actor=other_regisseur, organisation=agent.organisation, professionals=[agent]
    )
    html = page(client, agent, case)
    assert sibling_url in html and "PGA-JEUGD" in html


def test_linking_refuses_unknown_cases_itself_and_duplicates(case, sibling_case, regisseur, agent):
    with pytest.raises(ServiceError, match="geen casus"):
        lifecycle.link_cases(case=case, actor=regisseur, other_reference="ZVH-1999-9999", relation="gezin")
    with pytest.raises(ServiceError, match="zichzelf"):
        lifecycle.link_cases(case=case, actor=regisseur, other_reference=case.reference, relation="gezin")
    lifecycle.link_cases(case=case, actor=regisseur, other_reference=sibling_case.reference, relation="systeem")
    with pytest.raises(ServiceError, match="al gekoppeld"):
        lifecycle.link_cases(case=case, actor=regisseur, other_reference=sibling_case.reference, relation="gezin")
    with pytest.raises(PermissionDenied):
        lifecycle.link_cases(case=case, actor=agent, other_reference=sibling_case.reference, relation="gezin")
    assert TimelineEntry.objects.filter(case=sibling_case, kind=TimelineKind.LINK).count() == 1


def test_removing_a_link_from_either_side(client, case, sibling_case, regisseur, other_regisseur):
    link = lifecycle.link_cases(
        case=case, actor=regisseur, other_reference=sibling_case.reference, relation=CaseRelation.HOUSEHOLD
    )
    login(client, other_regisseur)
    url = reverse("cases:link_remove", kwargs={"reference": sibling_case.reference, "link_id": link.pk})
    assert client.post(url).status_code == 302
    assert not CaseLink.objects.exists()
    assert case.timeline.filter(kind=TimelineKind.LINK, text__contains="verwijderd").exists()


def test_ids_of_another_case_do_not_work_under_my_reference(client, closed_case, regisseur, other_regisseur, ggz):
    """A link between two other cases cannot be removed, nor a seat of another case be seated
    again, under the reference of a case the user directs."""
    nurse = UserFactory(username="spv-elders", organisation=ggz)
    foreign = make_case(regisseur=other_regisseur)
    services.seat_partner(case=foreign, actor=other_regisseur, organisation=ggz, professionals=[nurse])
    foreign_link = lifecycle.link_cases(
        case=foreign,
        actor=other_regisseur,
        other_reference=make_case(regisseur=other_regisseur).reference,
        relation=CaseRelation.SYSTEM,
    )
    login(client, regisseur)
    own = make_case(regisseur=regisseur)  # open: its regisseur may change its links
    remove = reverse("cases:link_remove", kwargs={"reference": own.reference, "link_id": foreign_link.pk})
    assert client.post(remove).status_code == 404
    assert CaseLink.objects.filter(pk=foreign_link.pk).exists()

    foreign_seat = foreign.participants.get().professionals.get()
    reopen = reverse("cases:reopen", kwargs={"reference": closed_case.reference})
    response = client.post(reopen, {"version": closed_case.version, "reason": "x", "seat_again": [foreign_seat.pk]})
    assert response.status_code == 200  # refused beside the field: not a former seat of this case
    closed_case.refresh_from_db()
    assert closed_case.is_closed
