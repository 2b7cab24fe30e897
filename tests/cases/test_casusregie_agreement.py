"""Casusregie and agreement per partner (issue 15).

Casusregie is a property of the case (an organisation at the table, optionally one of its seated
professionals), edited from the plan form through `set_casusregie`, shown the same on the case
page, the plan, the PDFs, kept across plan versions, and frozen into a version when it is agreed.
Each organisation at the table records its own agreement to a concept; the regisseur fixes the
plan seeing who has not agreed, and is then offered the move to "uitvoering"."""

import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from cases.models import Attendance, LifeDomain, Phase, PlanAgreement, PlanStatus, ProcessPlan, TimelineEntry
from tests.auth import login
from tests.factories import OrganisationFactory, UserFactory
from zvh.errors import CONCURRENT_EDIT_MESSAGE, ServiceError

TODAY = timezone.localdate()
GGZ_REGIE = "GGZ Oost Brabant (Noor Bakker)"


@pytest.fixture
def nurse(case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz, first_name="Noor", last_name="Bakker")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    return nurse


@pytest.fixture
def concept(case, regisseur, politie, nurse):
    plan = services.start_plan(case=case, actor=regisseur)
    domain = LifeDomain.objects.get(name="Huisvesting")
    goal = services.add_goal(plan=plan, actor=regisseur, domain=domain, description="Woning behouden")
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek afleggen", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=14), goal=goal)  # fmt: skip
    plan.refresh_from_db()
    return plan


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"reference": case.reference, **kwargs})


def text_of(html: bytes) -> str:
    return " ".join(html.decode().split())


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def set_regie_in_plan_form(client, case, plan, organisation, user=None):
    plan.refresh_from_db()
    return client.post(
        url("plan_edit", case, plan_id=plan.pk),
        {
            "plan-version": plan.version,
            "plan-summary": plan.summary,
            "plan-casusregisseur": organisation.pk,
            "plan-casusregisseur_user": user.pk if user else "",
        },
    )


# --- Casusregie: one source, the case ----------------------------------------------------------------


def test_casusregie_set_in_the_plan_is_the_cases_and_survives_a_new_version(
    client, case, regisseur, ggz, nurse, concept
):
    login(client, regisseur)
    response = set_regie_in_plan_form(client, case, concept, ggz, nurse)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.casusregisseur, case.casusregisseur_user) == (ggz, nurse)
    assert TimelineEntry.objects.filter(case=case, text=f"Casusregie bij {GGZ_REGIE}.").exists()

    services.agree_plan(plan=concept, actor=regisseur, expected_version=ProcessPlan.objects.get(pk=concept.pk).version,
                        agreement_note="Casusoverleg", confirm_missing=True)  # fmt: skip
    client.post(url("plan_start", case))
    second = services.latest_plan(case)
    assert second.number == 2 and not second.is_frozen

    # Version 2, the case page, the summary PDF, the plan PDF and the plan form: the same casusregie.
    assert GGZ_REGIE in text_of(client.get(url("plan", case)).content)
    assert GGZ_REGIE in text_of(client.get(url("detail", case)).content)
    assert GGZ_REGIE in pdf_text(client.get(url("case_summary_pdf", case)).content)
    assert GGZ_REGIE in pdf_text(client.get(url("plan_pdf", case, plan_id=second.pk)).content)
    form = client.get(url("plan_edit", case, plan_id=second.pk)).context["details_form"]
    assert form.initial["casusregisseur"] == ggz.pk and form.initial["casusregisseur_user"] == nurse.pk
    assert "nog niet vastgelegd" not in text_of(client.get(url("detail", case)).content)


def test_an_agreed_version_keeps_who_had_casusregie_then(client, case, regisseur, politie, agent, ggz, nurse, concept):
    services.set_casusregie(case=case, actor=regisseur, organisation=ggz, user=nurse)
    first = services.agree_plan(plan=concept, actor=regisseur, expected_version=concept.version,
                                agreement_note="Casusoverleg", confirm_missing=True)  # fmt: skip
    assert (first.casusregisseur, first.casusregisseur_user) == (ggz, nurse)
    second = services.start_plan(case=case, actor=regisseur)
    services.set_casusregie(case=case, actor=regisseur, organisation=politie, user=agent)

    login(client, regisseur)
    old = text_of(client.get(url("plan", case) + "?versie=1").content)
    assert GGZ_REGIE in old and "(bij vaststelling)" in old
    assert "Politie (" in text_of(client.get(url("plan", case)).content)  # the concept shows the case's value
    assert "Politie (" in pdf_text(client.get(url("case_summary_pdf", case)).content)
    assert GGZ_REGIE in pdf_text(client.get(url("plan_pdf", case, plan_id=first.pk)).content)
    assert second.pk != first.pk


def test_the_meeting_minutes_name_the_cases_casusregie(client, case, regisseur, agent, ggz, nurse):
    services.set_casusregie(case=case, actor=regisseur, organisation=ggz, user=nurse)
    meeting = services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() - timedelta(hours=1),
                                        location="ZVH")  # fmt: skip
    services.record_meeting(meeting=meeting, actor=regisseur, expected_version=meeting.version,
                            attendance={nurse.pk: Attendance.PRESENT, agent.pk: Attendance.EXCUSED},
                            minutes="Besproken.")  # fmt: skip
    login(client, regisseur)
    response = client.get(reverse("cases:meeting_pdf", args=[case.reference, meeting.pk]))
    assert GGZ_REGIE in pdf_text(response.content)


def test_showing_casusregie_costs_no_extra_query(client, case, regisseur, ggz, nurse):
    from tests.test_query_counts import count_queries

    login(client, regisseur)
    pages = [url("detail", case), url("plan", case)]
    before = [count_queries(client, page) for page in pages]
    services.set_casusregie(case=case, actor=regisseur, organisation=ggz, user=nurse)
    assert [count_queries(client, page) for page in pages] == before
    assert GGZ_REGIE in text_of(client.get(url("detail", case)).content)


def test_an_organisation_that_is_not_at_the_table_cannot_have_casusregie(client, case, regisseur, concept):
    elsewhere = OrganisationFactory(name="Sociom")
    with pytest.raises(ServiceError) as refused:
        services.set_casusregie(case=case, actor=regisseur, organisation=elsewhere)
    assert refused.value.field == "casusregisseur"

    # The plan form offers only the table, and a forged choice is refused beside the field.
    login(client, regisseur)
    response = set_regie_in_plan_form(client, case, concept, elsewhere)
    assert response.status_code == 200
    assert response.context["details_form"].errors["casusregisseur"]
    case.refresh_from_db()
    assert case.casusregisseur is None


def test_the_person_must_be_seated_for_that_organisation(case, regisseur, politie, agent, ggz, nurse, colleague):
    with pytest.raises(ServiceError) as refused:
        services.set_casusregie(case=case, actor=regisseur, organisation=ggz, user=agent)  # agent is Politie's
    assert refused.value.field == "casusregisseur_user"
    with pytest.raises(ServiceError):
        services.set_casusregie(case=case, actor=regisseur, organisation=politie, user=colleague)  # not seated
    with pytest.raises(PermissionDenied):
        services.set_casusregie(case=case, actor=agent, organisation=politie, user=agent)  # only the regisseur
    case.refresh_from_db()
    assert case.casusregisseur is None and case.casusregisseur_user is None


def test_casusregie_ends_with_the_seat_and_says_so(case, regisseur, ggz, nurse):
    services.set_casusregie(case=case, actor=regisseur, organisation=ggz, user=nurse)
    seat = case.participants.get(organisation=ggz, left_on__isnull=True)
    services.unseat_professional(seat=seat.professionals.get(user=nurse), actor=regisseur)
    case.refresh_from_db()
    assert (case.casusregisseur, case.casusregisseur_user) == (ggz, None)  # the organisation keeps it
    services.unseat_partner(participant=seat, actor=regisseur)
    case.refresh_from_db()
    assert case.casusregisseur is None
    assert TimelineEntry.objects.filter(
        case=case, text__startswith="Let op: de casusregie lag bij deze partner"
    ).exists()


def test_the_data_migration_takes_casusregie_from_the_latest_plan_that_named_it(case, regisseur, ggz, nurse):
    first = services.start_plan(case=case, actor=regisseur)
    ProcessPlan.objects.filter(pk=first.pk).update(status=PlanStatus.AGREED, casusregisseur=ggz)
    second = services.start_plan(case=case, actor=regisseur)  # the old bug: version 2 lost it
    assert second.casusregisseur is None
    migration = importlib.import_module("cases.migrations.0020_casusregie_agreement")
    migration.casusregie_to_the_case(apps, None)
    case.refresh_from_db()
    assert case.casusregisseur == ggz


# --- Agreement per partner ------------------------------------------------------------------------


def test_a_partner_records_its_agreement_once(client, case, regisseur, politie, agent, concept):
    second_agent = UserFactory(username="wijkagent", organisation=politie)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[second_agent])
    login(client, agent)
    page = text_of(client.get(url("plan", case)).content)
    assert "Akkoord geven namens Politie" in page
    target = url("plan_partner_agree", case, plan_id=concept.pk)
    assert client.post(target, {"akkoord-remark": "Akkoord, mits huisbezoek binnen twee weken"}).status_code == 302
    assert client.post(target, {"akkoord-remark": "Nogmaals"}).status_code == 302  # double submit
    login(client, second_agent)
    client.post(target, {"akkoord-remark": "Ik ook"})  # a colleague at the same table
    agreement = PlanAgreement.objects.get(plan=concept)
    assert (agreement.organisation, agreement.user) == (politie, agent)
    assert agreement.remark == "Akkoord, mits huisbezoek binnen twee weken"
    assert TimelineEntry.objects.filter(case=case, text__startswith="Politie gaat akkoord met plan").count() == 1
    page = text_of(client.get(url("plan", case)).content)
    assert "Akkoord geven namens" not in page and "Akkoord, mits huisbezoek binnen twee weken" in page


def test_a_change_after_an_agreement_shows_and_the_partner_can_agree_again(client, case, regisseur, agent, concept):
    first = services.record_agreement(plan=concept, actor=agent, remark="Eerste stand")
    services.add_goal(plan=concept, actor=regisseur, domain=LifeDomain.objects.get(name="Huisvesting"),
                      description="Huur op tijd betaald")  # fmt: skip
    login(client, agent)
    page = text_of(client.get(url("plan", case)).content)
    assert "Concept daarna gewijzigd" in page and "Akkoord geven namens Politie" in page
    client.post(url("plan_partner_agree", case, plan_id=concept.pk), {"akkoord-remark": "Ook met het nieuwe doel"})
    renewed = PlanAgreement.objects.get(plan=concept)
    assert renewed.pk == first.pk and renewed.remark == "Ook met het nieuwe doel"
    page = text_of(client.get(url("plan", case)).content)
    assert "Concept daarna gewijzigd" not in page and "Akkoord geven namens" not in page


def test_only_a_seated_partner_professional_records_agreement(client, case, regisseur, politie, agent, colleague,
                                                              concept):  # fmt: skip
    target = url("plan_partner_agree", case, plan_id=concept.pk)
    login(client, colleague)  # same organisation, never seated
    assert client.post(target).status_code == 404
    login(client, regisseur)  # fixes the plan, records no partner's agreement
    assert client.post(target).status_code == 403
    seat = case.participants.get(organisation=politie).professionals.get(user=agent)
    services.unseat_professional(seat=seat, actor=regisseur)
    login(client, agent)  # left the table
    assert client.post(target).status_code == 404
    with pytest.raises(PermissionDenied):
        services.record_agreement(plan=concept, actor=agent)
    assert not PlanAgreement.objects.exists()


def test_agreement_on_an_agreed_version_is_refused(case, regisseur, agent, concept):
    services.agree_plan(plan=concept, actor=regisseur, expected_version=concept.version, agreement_note="Overleg",
                        confirm_missing=True)  # fmt: skip
    with pytest.raises(ServiceError, match="al vastgesteld"):
        services.record_agreement(plan=concept, actor=agent)


def test_fixing_shows_who_has_not_agreed_and_asks_for_confirmation(client, case, regisseur, agent, nurse, concept):
    services.record_agreement(plan=concept, actor=agent, remark="Akkoord")
    login(client, regisseur)
    page = text_of(client.get(url("plan_edit", case, plan_id=concept.pk) + "?deel=vaststellen").content)
    assert "Nog geen akkoord van: GGZ Oost Brabant." in page

    target = url("plan_agree", case, plan_id=concept.pk)
    response = client.post(target, {"vaststellen-version": concept.version, "vaststellen-agreement_note": "Overleg"})
    assert response.status_code == 200
    assert "GGZ Oost Brabant" in response.context["agree_form"].errors["confirm_missing"][0]
    assert 'value="Overleg"' in response.content.decode()  # what was typed stays
    assert ProcessPlan.objects.get(pk=concept.pk).status == PlanStatus.CONCEPT

    response = client.post(target, {"vaststellen-version": concept.version, "vaststellen-agreement_note": "Overleg",
                                    "vaststellen-confirm_missing": "on"})  # fmt: skip
    assert response.status_code == 302
    assert ProcessPlan.objects.get(pk=concept.pk).status == PlanStatus.AGREED
    fixed = TimelineEntry.objects.get(case=case, text__startswith="Plan van aanpak versie 1 vastgesteld")
    assert fixed.text.endswith("Nog geen akkoord van: GGZ Oost Brabant.")
    page = text_of(client.get(url("plan", case)).content)
    assert "Politie" in page and "Akkoord" in page  # the recorded agreements stay with the version


def test_when_every_partner_agreed_fixing_needs_no_confirmation(case, regisseur, agent, nurse, concept):
    services.record_agreement(plan=concept, actor=agent)
    services.record_agreement(plan=concept, actor=nurse)
    assert services.organisations_not_agreed(concept) == []
    plan = services.agree_plan(plan=concept, actor=regisseur, expected_version=concept.version)
    assert plan.status == PlanStatus.AGREED and plan.agreement_note == ""


def test_after_fixing_the_plan_page_offers_the_move_to_execution(client, case, regisseur, agent, concept):
    for phase in (Phase.TRIAGE, Phase.ANALYSE, Phase.PLAN):
        case = services.change_phase(case=case, actor=regisseur, to_phase=phase, expected_version=case.version)
    services.record_agreement(plan=concept, actor=agent)
    login(client, regisseur)
    assert "Naar de fase" not in text_of(client.get(url("plan", case)).content)  # a concept: not yet
    services.agree_plan(plan=concept, actor=regisseur, expected_version=concept.version, agreement_note="Overleg",
                        confirm_missing=True)  # fmt: skip
    response = client.get(url("plan", case))
    assert "Naar de fase ‘Uitvoering en monitoring’" in text_of(response.content)
    login(client, agent)
    assert "Naar de fase" not in text_of(client.get(url("plan", case)).content)  # partners do not move phases

    login(client, regisseur)
    case.refresh_from_db()
    response = client.post(url("phase", case), {"version": case.version, "to_phase": Phase.UITVOERING,
                                                "note": "Plan van aanpak versie 1 vastgesteld."})  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.UITVOERING
    assert "Naar de fase" not in text_of(client.get(url("plan", case)).content)  # done: no longer offered


def test_the_regisseur_asks_the_partners_for_agreement_from_the_plan_page(
    client, case, regisseur, agent, nurse, concept, django_capture_on_commit_callbacks
):
    services.record_agreement(plan=concept, actor=agent)
    login(client, regisseur)
    page = text_of(client.get(url("plan_edit", case, plan_id=concept.pk) + "?deel=vaststellen").content)
    assert "Akkoord vragen aan de partners" in page and "namens GGZ Oost Brabant krijgen" in page
    target = url("plan_request_agreement", case, plan_id=concept.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target, {"vaststellen-version": concept.version}, follow=True)
    assert "Akkoord gevraagd aan de professionals aan tafel namens GGZ Oost Brabant" in text_of(response.content)
    assert "Laatst gevraagd op" in text_of(response.content)
    # A stale page (the concept changed meanwhile) asks nobody and says why.
    response = client.post(target, {"vaststellen-version": concept.version - 1}, follow=True)
    assert CONCURRENT_EDIT_MESSAGE.format(what="Dit plan") in text_of(response.content)
    # The partner at the table cannot ask on the regisseur's behalf.
    client.logout()
    login(client, nurse)
    assert client.post(target, {"vaststellen-version": concept.version}).status_code == 403
