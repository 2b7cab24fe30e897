"""A case's whole life in real headless Chromium (Debian's), axe-core on every new page (WCAG 2.1
A/AA; no serious or critical violation): a programme change, linking a sibling's case (reference
only), reopening a closed case seating one former partner again, a follow-up case. Screenshots go
to $SCREENSHOT_DIR (or a temp folder)."""

import os
from pathlib import Path

import pytest

from cases import services
from cases.models import CaseLink, ClosureReason, Phase
from privacy import policy
from privacy.models import RetentionCategory
from privacy.retention.services import set_retention_term
from programmes.models import Programme
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, closing_evaluation, make_case

pytestmark = BROWSER_MARKS


def closed(case, regisseur):
    case.refresh_from_db()
    return services.change_phase(
        case=case, actor=regisseur, to_phase=Phase.AFGESLOTEN, expected_version=case.version,
        closure_reason=ClosureReason.GOALS_REACHED, closure_result="Rust in het gezin.", **closing_evaluation(case),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_regisseur_changes_programme_links_reopens_and_opens_a_follow_up(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    other = UserFactory(username="e2e-regisseur2", regisseur=True, first_name="Youssef", last_name="Bakker")
    agent = UserFactory(username="e2e-agent", organisation=politie, first_name="Mark", last_name="Hendriks")
    privacy_officer = UserFactory(username="e2e-privacy", privacy_officer=True)
    set_retention_term(actor=privacy_officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=24)
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    sibling = make_case(
        regisseur=other,
        programme_code="PGA-JEUGD",
        persons=[services.PersonData(first_name="Daan", last_name="Zusje", role_in_case="hoofdpersoon")],
    )
    earlier = make_case(regisseur=regisseur)
    services.seat_partner(case=earlier, actor=regisseur, organisation=politie, professionals=[agent])
    earlier = closed(earlier, regisseur)
    page = browser_page
    login(page, live_server, "e2e-regisseur")
    url = f"{live_server.url}/casussen/{case.reference}/"

    page.goto(url)
    assert page.get_by_role("heading", name="Gekoppelde casussen").is_visible()
    assert page.get_by_role("heading", name="Programmahistorie").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Programma wijzigen").first.click()
    page.wait_for_url("**/programma/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Programma wijzigen").click()  # nothing chosen: refused beside the fields
    assert page.get_by_text("Kies het nieuwe programma.").first.is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Nieuw programma").select_option(label=str(Programme.objects.get(code="LLA")))
    page.get_by_label("Reden").fill("Route naar de Levensloopaanpak: langdurig vastgelopen.")
    page.get_by_role("button", name="Programma wijzigen").click()
    page.wait_for_url(url)
    assert page.get_by_text("Route naar de Levensloopaanpak: langdurig vastgelopen.").first.is_visible()
    page.screenshot(path=str(shots / "lifecycle-01-programme-changed.png"), full_page=True)

    page.get_by_role("link", name="Casus koppelen").click()
    page.wait_for_url("**/koppelingen/nieuw/")
    assert axe_violations(page) == []
    page.get_by_label("Kenmerk van de andere casus").fill(sibling.reference)
    page.get_by_label("Zelfde gezin/huishouden").check()
    page.get_by_role("button", name="Koppelen").click()
    page.wait_for_url(url)
    links = page.get_by_role("list", name=f"Gekoppelde casussen van {case.reference}")
    assert sibling.reference in links.inner_text() and "geen toegang" in links.inner_text()
    assert "PGA-JEUGD" not in links.inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "lifecycle-02-linked.png"), full_page=True)
    assert CaseLink.objects.filter(from_case=case, to_case=sibling).exists()

    page.goto(f"{live_server.url}/casussen/{earlier.reference}/")
    page.get_by_role("link", name="Casus heropenen").click()
    page.wait_for_url("**/heropenen/")
    assert axe_violations(page) == []
    page.get_by_label("Reden om te heropenen").fill("Nieuwe meldingen kort na de afsluiting.")
    page.get_by_label("Mark Hendriks – Politie").check()
    page.screenshot(path=str(shots / "lifecycle-03-reopen.png"), full_page=True)
    page.get_by_role("button", name="Casus heropenen").click()
    page.wait_for_url(f"**/casussen/{earlier.reference}/")
    earlier.refresh_from_db()
    assert not earlier.is_closed and policy.may_view_case(agent, earlier)

    follow_up_of = closed(make_case(regisseur=regisseur), regisseur)
    page.goto(f"{live_server.url}/casussen/{follow_up_of.reference}/vervolgcasus/")
    assert axe_violations(page) == []
    page.get_by_label("Aanleiding en hulpvraag").fill("Opnieuw zorgen over de veiligheid.")
    page.get_by_label("Waarom een vervolgcasus").fill("Nieuwe meldingen een half jaar later.")
    page.get_by_role("button", name="Vervolgcasus openen").click()
    page.wait_for_url("**/casussen/ZVH-*/")
    assert f"casussen/{follow_up_of.reference}/" not in page.url
    assert page.get_by_text("Vervolg op").first.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "lifecycle-04-follow-up.png"), full_page=True)
