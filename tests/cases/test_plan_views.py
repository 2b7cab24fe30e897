"""Plan screens: who reads and edits the plan, action status by the owning partner, concept
editing with stale versions, frozen versions, and the PDFs (content, footer, logging, timing)."""

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from cases.models import ActionStatus, LifeDomain, PlanStatus, ProcessPlan
from cases.selectors import plan_overview
from cases.views.plan import render_plan_html
from privacy.models import AccessAction, AccessLogEntry
from tests.auth import login
from tests.e2e.browser import CHROMIUM, axe_violations, browser_page  # noqa: F401 (fixture)
from tests.e2e.browser import login as browser_login
from tests.factories import OrganisationFactory, UserFactory, make_case
from tests.pdf_checks import assert_accessible_pdf

TODAY = timezone.localdate()


@pytest.fixture
def nurse(case, regisseur, ggz):
    nurse = UserFactory(username="spv", organisation=ggz, first_name="Noor", last_name="Bakker")
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[nurse])
    return nurse


@pytest.fixture
def housing(db):
    return LifeDomain.objects.get(name="Huisvesting")


@pytest.fixture
def concept(case, regisseur, politie, ggz, nurse, housing):
    plan = services.start_plan(case=case, actor=regisseur)
    services.save_assessment(plan=plan, actor=regisseur, domain=housing, score=2, risks="Dreigende uitzetting")
    goal = services.add_goal(plan=plan, actor=regisseur, domain=housing, description="Woning behouden")
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek afleggen", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=14), goal=goal)  # fmt: skip
    services.add_action(plan=plan, actor=regisseur, description="Behandeling starten", owner_organisation=ggz,
                        owner_user=nurse, deadline=TODAY + timedelta(days=30), goal=goal)  # fmt: skip
    plan.refresh_from_db()
    return plan


@pytest.fixture
def agreed(concept, regisseur):
    return services.agree_plan(plan=concept, actor=regisseur, expected_version=concept.version,
                               agreement_note="Casusoverleg met politie en GGZ", confirm_missing=True)  # fmt: skip


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"reference": case.reference, **kwargs})


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- Reading and editing ------------------------------------------------------------------------


def test_partner_sees_the_plan_but_cannot_edit_it(client, case, agent, agreed):
    login(client, agent)
    response = client.get(url("plan", case))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Woning behouden" in page and "Huisbezoek afleggen" in page and "Vastgesteld" in page
    assert url("plan_start", case) not in page  # no "Nieuwe versie starten" for a partner
    assert client.post(url("plan_start", case)).status_code == 403
    concept = services.start_plan(case=case, actor=case.procesregisseur)
    for name in ("plan_edit", "plan_goal_add", "plan_action_add", "plan_agree", "plan_assessment"):
        response = client.post(url(name, case, plan_id=concept.pk), {"doel-description": "x"})
        assert response.status_code == 403, name
    assert client.get(url("plan_edit", case, plan_id=concept.pk)).status_code == 403
    assert AccessLogEntry.objects.filter(user=agent, case_id=case.pk, allowed=False).exists()


def test_partner_updates_the_status_of_their_own_action(client, case, agent, agreed):
    action = agreed.actions.get(owner_organisation=agent.organisation)
    login(client, agent)
    page = client.get(url("plan", case)).content.decode()
    assert url("plan_action_status", case, action_id=action.pk) in page
    other = agreed.actions.exclude(pk=action.pk).get()
    assert url("plan_action_status", case, action_id=other.pk) not in page
    response = client.post(
        url("plan_action_status", case, action_id=action.pk), {"status": "lopend", "note": "Afspraak gepland"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.status_note == "Afspraak gepland"
    assert action.status_updated_by == agent


def test_partner_cannot_update_another_partners_action(client, case, agent, agreed):
    theirs = agreed.actions.exclude(owner_organisation=agent.organisation).get()
    login(client, agent)
    response = client.post(url("plan_action_status", case, action_id=theirs.pk), {"status": "gereed"})
    assert response.status_code == 403
    assert client.get(url("plan_action_status", case, action_id=theirs.pk)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.OPEN
    refused = AccessLogEntry.objects.filter(user=agent, case_id=case.pk, allowed=False, object_type="plan-actie")
    assert refused.filter(object_reference=str(theirs.pk), action=AccessAction.CHANGE).exists()


def test_an_action_of_another_case_is_not_found(client, case, agent, regisseur, agreed, politie):
    other_case = make_case(regisseur=regisseur)
    services.seat_partner(case=other_case, actor=regisseur, organisation=politie, professionals=[agent])
    action = agreed.actions.first()
    login(client, regisseur)
    assert client.get(url("plan_action_status", other_case, action_id=action.pk)).status_code == 404
    assert client.get(url("plan_pdf", other_case, plan_id=agreed.pk)).status_code == 404
    assert client.get(url("plan_edit", other_case, plan_id=agreed.pk)).status_code == 404


def test_regisseur_creates_a_version_and_fills_it_in(client, case, regisseur, politie, agent, housing):
    login(client, regisseur)
    assert "Eerste versie starten" in client.get(url("plan", case)).content.decode()
    response = client.post(url("plan_start", case))
    plan = ProcessPlan.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == url("plan_edit", case, plan_id=plan.pk)
    page = client.get(response["Location"] + "?deel=analyse").content.decode()
    assert "Leidraad" in page and housing.name in page
    if housing.guidance:
        assert housing.guidance[:40] in page

    prefix = f"domein-{housing.pk}"
    response = client.post(
        url("plan_assessment", case, plan_id=plan.pk),
        {"version": plan.version, f"{prefix}-score": "2", f"{prefix}-risks": "Huurachterstand"},
    )
    assert response.status_code == 302
    assessment = plan.assessments.get()
    assert (assessment.domain, assessment.score, assessment.risks) == (housing, 2, "Huurachterstand")

    response = client.post(
        url("plan_goal_add", case, plan_id=plan.pk), {"doel-domain": housing.pk, "doel-description": "Woning houden"}
    )
    assert response.status_code == 302
    goal = plan.goals.get()
    deadline = (TODAY + timedelta(days=10)).isoformat()
    response = client.post(
        url("plan_action_add", case, plan_id=plan.pk),
        {
            "actie-description": "Gesprek met verhuurder",
            "actie-goal": goal.pk,
            "actie-owner_organisation": politie.pk,
            "actie-owner_user": agent.pk,
            "actie-deadline": deadline,
        },
    )
    assert response.status_code == 302
    assert plan.actions.get().owner_user == agent

    plan.refresh_from_db()
    response = client.post(
        url("plan_agree", case, plan_id=plan.pk),
        {
            "vaststellen-version": plan.version,
            "vaststellen-agreement_note": "Casusoverleg 12 maart",
            "vaststellen-confirm_missing": "on",  # Politie has not agreed itself
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED and plan.agreed_by == regisseur

    page = client.get(url("plan", case)).content.decode()
    assert "Nieuwe versie starten" in page
    client.post(url("plan_start", case))
    assert case.plans.count() == 2 and services.latest_plan(case).number == 2


def test_action_owner_must_sit_at_the_table(client, case, regisseur, concept, ggz, agent):
    login(client, regisseur)
    response = client.post(
        url("plan_action_add", case, plan_id=concept.pk),
        {
            "actie-description": "Iets",
            "actie-owner_organisation": ggz.pk,
            "actie-owner_user": agent.pk,  # Politie, not GGZ
            "actie-deadline": (TODAY + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "werkt niet bij" in response.content.decode()


def test_stale_edit_keeps_the_input_and_explains(client, case, regisseur, concept, politie):
    login(client, regisseur)
    stale = concept.version
    services.update_plan(plan=concept, actor=regisseur, expected_version=stale, summary="Door een ander",
                         casusregisseur=None, next_review_on=None)  # fmt: skip
    response = client.post(
        url("plan_edit", case, plan_id=concept.pk),
        {"plan-version": stale, "plan-summary": "Mijn eigen analyse", "plan-casusregisseur": politie.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in page
    assert "Mijn eigen analyse" in page  # the typed input stays
    concept.refresh_from_db()
    assert concept.summary == "Door een ander"
    assert f'value="{concept.version}"' in page  # saving again after review can succeed


def test_stale_analysis_is_refused_and_kept(client, case, regisseur, concept, housing):
    login(client, regisseur)
    prefix = f"domein-{housing.pk}"
    response = client.post(
        url("plan_assessment", case, plan_id=concept.pk),
        {"version": concept.version - 1, f"{prefix}-score": "5", f"{prefix}-risks": "Mijn analyse"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in page and "Mijn analyse" in page
    assert concept.assessments.get().score == 2


def test_review_date_in_the_past_is_refused_beside_the_field(client, case, regisseur, concept):
    login(client, regisseur)
    response = client.post(
        url("plan_edit", case, plan_id=concept.pk),
        {"plan-version": concept.version, "plan-next_review_on": (TODAY - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert 'id="id_plan-next_review_on_error"' in response.content.decode()


def test_agreed_version_is_read_only(client, case, regisseur, agreed, housing):
    login(client, regisseur)
    response = client.get(url("plan_edit", case, plan_id=agreed.pk))
    assert response.status_code == 302 and response["Location"].startswith(url("plan", case))
    response = client.post(
        url("plan_goal_add", case, plan_id=agreed.pk), {"doel-domain": housing.pk, "doel-description": "Nog een"}
    )
    assert response.status_code == 302
    assert agreed.goals.count() == 1
    page = client.get(url("plan", case)).content.decode()
    assert url("plan_edit", case, plan_id=agreed.pk) not in page


def test_non_seated_user_gets_404_everywhere(client, case, colleague, other_regisseur, agreed):
    action = agreed.actions.first()
    urls = [
        ("get", url("plan", case)),
        ("post", url("plan_start", case)),
        ("get", url("plan_edit", case, plan_id=agreed.pk)),
        ("post", url("plan_assessment", case, plan_id=agreed.pk)),
        ("post", url("plan_goal_add", case, plan_id=agreed.pk)),
        ("post", url("plan_action_add", case, plan_id=agreed.pk)),
        ("post", url("plan_agree", case, plan_id=agreed.pk)),
        ("get", url("plan_action_status", case, action_id=action.pk)),
        ("post", url("plan_action_status", case, action_id=action.pk)),
        ("get", url("plan_pdf", case, plan_id=agreed.pk)),
        ("get", url("case_summary_pdf", case)),
    ]
    for user in (colleague, other_regisseur):
        client.logout()
        login(client, user)
        for method, address in urls:
            assert getattr(client, method)(address).status_code == 404, (user, address)
    assert not AccessLogEntry.objects.filter(user=colleague, action=AccessAction.EXPORT).exists()


def test_case_page_summary_context(case, agreed, regisseur, housing):
    second = services.start_plan(case=case, actor=regisseur)
    services.save_assessment(plan=second, actor=regisseur, domain=housing, score=4)
    summary = plan_overview(case)["plan_summary"]
    assert summary["latest"] == second and summary["agreed"] == agreed
    assert summary["open_actions"] == 2
    [row] = summary["matrix"]["rows"]
    assert [c["score"] for c in row["cells"]] == [2, 4]
    assert row["cells"][1]["change"] == "beter"
    html = render_to_string("cases/_plan_summary.html", {"case": case, **plan_overview(case)})
    assert "Versie 2" in html and "Concept" in html and "beter" in html and "lichte zorgen" in html
    assert reverse("cases:plan", args=[case.reference]) in html


# --- PDFs ------------------------------------------------------------------------------------------


def test_plan_pdf_content_footer_and_log(client, case, regisseur, agent, agreed):
    login(client, agent)
    response = client.get(url("plan_pdf", case, plan_id=agreed.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"plan-{case.reference}-v1.pdf" in response["Content-Disposition"]
    assert_accessible_pdf(response.content, title_starts=f"Plan van aanpak {case.reference} versie 1")
    text = pdf_text(response)
    for expected in (case.reference, "Woning behouden", "Huisbezoek afleggen", "Behandeling starten",
                     agent.get_full_name(), "Vertrouwelijk", "pagina 1 van"):  # fmt: skip
        assert expected in text, expected
    assert "CONCEPT" not in text
    entry = AccessLogEntry.objects.get(user=agent, action=AccessAction.EXPORT)
    assert entry.allowed and entry.object_type == "plan-pdf" and entry.case_id == case.pk
    assert sorted(entry.person_ids) == sorted(case.persons.values_list("pk", flat=True))


def test_concept_pdf_says_concept(client, case, regisseur, concept):
    login(client, regisseur)
    response = client.get(url("plan_pdf", case, plan_id=concept.pk))
    assert response.status_code == 200
    assert "CONCEPT" in pdf_text(response)
    assert "concept" in response["Content-Disposition"]


def test_case_summary_pdf(client, case, regisseur, agreed):
    login(client, regisseur)
    response = client.get(url("case_summary_pdf", case))
    assert response.status_code == 200
    assert_accessible_pdf(response.content, title_starts=f"Casusoverzicht {case.reference}")
    text = pdf_text(response)
    for expected in (case.reference, "Jan Aalbers", "Politie", "Woning behouden", "Huisbezoek afleggen",
                     regisseur.get_full_name(), "Vertrouwelijk"):  # fmt: skip
        assert expected in text, expected
    assert "111222333" not in text  # the BSN is masked
    assert "Jan" not in response["Content-Disposition"]
    entry = AccessLogEntry.objects.get(user=regisseur, action=AccessAction.EXPORT)
    assert entry.object_type == "casusoverzicht-pdf" and entry.person_ids


def test_ten_page_plan_pdf_timing(client, case, regisseur, politie, ggz, nurse):
    """Renders a plan of about ten pages and prints the time (not asserted: machines differ)."""
    from zvh.pdf import html_to_pdf

    plan = services.start_plan(case=case, actor=regisseur)
    domains = list(LifeDomain.objects.filter(is_active=True))
    text = "Uitgebreide toelichting met afspraken tussen partners over de aanpak en de voortgang. " * 2
    for i, domain in enumerate(domains):
        services.save_assessment(plan=plan, actor=regisseur, domain=domain, score=1 + i % 5, risks=text,
                                 protective_factors=text)  # fmt: skip
    goals = [
        services.add_goal(plan=plan, actor=regisseur, domain=domains[i % len(domains)], description=f"Doel {i}. {text}")
        for i in range(25)
    ]
    for i in range(60):
        services.add_action(plan=plan, actor=regisseur, description=f"Actie {i}. {text}",
                            owner_organisation=politie if i % 2 else ggz, owner_user=None if i % 2 else nurse,
                            deadline=TODAY + timedelta(days=i), goal=goals[i % len(goals)])  # fmt: skip
    html_to_pdf("<p>opwarmen</p>")  # import WeasyPrint once (~0.8 s), as a running server has
    start = time.perf_counter()
    pdf = html_to_pdf(render_plan_html(case, plan, regisseur.get_full_name()))
    seconds = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"\nPlan-PDF: {pages} pagina's in {seconds:.2f} s (60 acties, 25 doelen, {len(domains)} leefgebieden)")
    assert pages >= 8
    login(client, regisseur)
    start = time.perf_counter()
    response = client.get(url("plan_pdf", case, plan_id=plan.pk))
    print(f"Plan-PDF via de view (privacy, queries, template, log): {time.perf_counter() - start:.2f} s")
    assert response.status_code == 200


# --- Browser: screenshots and axe-core on the plan pages ----------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plan_pages_in_a_browser(live_server, browser_page, tmp_path):  # noqa: F811
    """The plan page and the concept editor in headless Chromium: screenshots to $SCREENSHOT_DIR
    (or a temp folder) and no serious WCAG 2.1 A/AA violations (axe-core)."""
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    agent = UserFactory(username="e2e-agent", organisation=politie, first_name="Mark", last_name="Hendriks")
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    domains = list(LifeDomain.objects.filter(is_active=True)[:3])
    plan = services.start_plan(case=case, actor=regisseur)
    for i, domain in enumerate(domains):
        services.save_assessment(plan=plan, actor=regisseur, domain=domain, score=2 + i, risks="Risico")
    goal = services.add_goal(plan=plan, actor=regisseur, domain=domains[0], description="Woning behouden")
    services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                        owner_user=agent, deadline=TODAY + timedelta(days=7), goal=goal)  # fmt: skip
    plan.refresh_from_db()
    services.agree_plan(
        plan=plan, actor=regisseur, expected_version=plan.version, agreement_note="Casusoverleg", confirm_missing=True
    )
    second = services.start_plan(case=case, actor=regisseur)
    services.save_assessment(plan=second, actor=regisseur, domain=domains[0], score=4, risks="Minder risico")

    page = browser_page
    browser_login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}{url('plan', case)}")
    assert page.get_by_text("Verloop per leefgebied").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "plan-01-plan.png"), full_page=True)
    for part in ("regie", "analyse", "doelen", "acties", "vaststellen"):  # one part per page (issue 18)
        page.goto(f"{live_server.url}{url('plan_edit', case, plan_id=second.pk)}?deel={part}")
        assert axe_violations(page) == [], part
        page.screenshot(path=str(shots / f"plan-02-edit-{part}.png"), full_page=True)
