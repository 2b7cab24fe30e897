"""Issue 18 in real headless Chromium: the triage decision shows only the chosen outcome's parts
(all of them, headed with their outcome, without JavaScript), the professional picker filters by
name and organisation, the case page's timeline pages, and the plan editor warns before unsaved
changes are lost. axe-core checks WCAG 2.1 A/AA on each page."""

import pytest

from cases import services
from cases.models import EscalationStatus
from programmes.models import Programme
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, make_case, make_escalation

pytestmark = BROWSER_MARKS


@pytest.fixture
def people(db):
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    ggz = OrganisationFactory(name="GGZ Oost Brabant", kind="zorg")
    return {
        "regisseur": UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries"),
        "agent": UserFactory(username="e2e-agent", organisation=politie, first_name="Mark", last_name="Hendriks"),
        "ggz1": UserFactory(username="e2e-ggz1", organisation=ggz, first_name="Noor", last_name="Bakker"),
        "ggz2": UserFactory(username="e2e-ggz2", organisation=ggz, first_name="Ayla", last_name="Yilmaz"),
        "politie2": UserFactory(username="e2e-politie2", organisation=politie, first_name="Kees", last_name="Jansen"),
        "politie": politie,
        "ggz": ggz,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_triage_decision_shows_what_the_chosen_outcome_needs(live_server, browser_page, people):
    involved = [people["politie"], people["ggz"]]
    escalation = make_escalation(submitted_by=people["agent"], involved_organisations=involved)
    page = browser_page
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/aanmeldingen/{escalation.reference}/beoordelen/")
    accept = page.get_by_role("group", name=f"Bij ‘{EscalationStatus.ACCEPTED.label}’")
    advice = page.get_by_role("group", name=f"Bij ‘{EscalationStatus.ADVICE.label}’")
    assert not accept.is_visible() and not advice.is_visible()  # nothing chosen yet: only the outcomes
    assert axe_violations(page) == []

    page.get_by_label(EscalationStatus.ADVICE.label, exact=True).check()
    assert advice.is_visible() and not accept.is_visible()
    assert page.get_by_label("Terugkoppeling aan de verwijzer").is_visible()
    page.get_by_label(EscalationStatus.ACCEPTED.label, exact=True).check()
    assert accept.is_visible() and not advice.is_visible()
    # Inclusion criteria: only those of the programme chosen.
    mda = Programme.objects.get(code="MDA++")
    criteria = page.get_by_role("group", name=f"Inclusiecriteria {mda.name}", exact=False)
    assert not criteria.is_visible()
    page.get_by_label("Programma", exact=True).select_option(label=str(mda))
    assert criteria.is_visible()
    assert axe_violations(page) == []

    # The picker: grouped by organisation, filtered by name or organisation; a ticked one stays.
    page.get_by_label("Kees Jansen – Politie").check()
    page.get_by_label("Lijst filteren op naam of organisatie").fill("ggz")
    assert page.get_by_label("Noor Bakker – GGZ Oost Brabant").is_visible()
    assert page.get_by_label("Kees Jansen – Politie").is_visible()  # ticked: never filtered away
    page.get_by_label("Lijst filteren op naam of organisatie").fill("yilmaz")
    assert page.get_by_label("Ayla Yilmaz – GGZ Oost Brabant").is_visible()
    assert not page.get_by_label("Noor Bakker – GGZ Oost Brabant").is_visible()
    assert page.get_by_text("2 van 3 professionals getoond").is_visible()
    page.keyboard.press("Enter")  # Enter in the filter does not submit the decision
    escalation.refresh_from_db()
    assert escalation.is_pending
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_javascript_every_part_is_shown_with_its_outcome(live_server, browser_page, people):
    escalation = make_escalation(submitted_by=people["agent"], involved_organisations=[people["ggz"]])
    context = browser_page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True
    )
    page = context.new_page()
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/aanmeldingen/{escalation.reference}/beoordelen/")
    for outcome in (EscalationStatus.ACCEPTED, EscalationStatus.ADVICE, EscalationStatus.NEEDS_INFO):
        assert page.get_by_role("group", name=f"Bij ‘{outcome.label}’").is_visible()
    assert page.get_by_role("group", name="GGZ Oost Brabant").is_visible()  # the picker per organisation
    assert not page.get_by_label("Lijst filteren op naam of organisatie").is_visible()  # needs JavaScript
    page.get_by_label(EscalationStatus.ADVICE.label, exact=True).check()
    page.get_by_label("Terugkoppeling aan de verwijzer").fill("Zie het advies.")
    page.get_by_label("Gegeven advies").fill("Neem contact op met het wijkteam.")
    page.get_by_label("Datum inclusietafel").fill("2026-01-01")  # another outcome's part: ignored
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url("**/aanmeldingen/triage/")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ADVICE
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_case_page_sections_timeline_pages_and_the_plan_editors_warning(live_server, browser_page, people):
    regisseur = people["regisseur"]
    case = make_case(regisseur=regisseur)
    for n in range(14):
        services.add_note(case=case, author=regisseur, text=f"Gesprek nummer {n}")
    plan = services.start_plan(case=case, actor=regisseur)
    page = browser_page
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role("link", name="Tijdlijn").click()
    assert page.url.endswith("#tijdlijn")
    assert page.get_by_text("Gesprek nummer 13").is_visible() and page.get_by_text("Gesprek nummer 0").count() == 0
    page.get_by_role("link", name="Oudere gebeurtenissen tonen").click()
    page.wait_for_url("**?tijdlijn=2#tijdlijn")
    assert page.get_by_text("Gesprek nummer 0").is_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/casussen/{case.reference}/plan/{plan.pk}/bewerken/?deel=doelen")
    assert axe_violations(page) == []
    page.locator("#id_doel-description").fill("Nog niet opgeslagen")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Volgend onderdeel: Acties").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("?deel=doelen") and page.locator("#id_doel-description").input_value()
