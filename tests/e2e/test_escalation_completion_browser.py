"""Issue 16 in real headless Chromium, axe-core on every new page (WCAG 2.1 A/AA): the regisseur
asks the referrer a question at triage; the referrer answers it from "Mijn aanmeldingen" (a
missing answer is explained, what was typed stays), after which the escalation is back in the
queue as "aangevuld"; the referrer withdraws another escalation with a reason."""

import pytest

from cases.models import Escalation, EscalationStatus
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login, logout
from tests.factories import OrganisationFactory, UserFactory, make_escalation

pytestmark = BROWSER_MARKS
QUESTION = "Is de huisarts al betrokken?"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_question_answer_and_withdrawal_in_the_browser(live_server, browser_page):
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    agent = UserFactory(username="e2e-agent", organisation=politie)
    asked = make_escalation(submitted_by=agent)
    other = make_escalation(submitted_by=agent)
    page = browser_page

    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/aanmeldingen/{asked.reference}/beoordelen/")
    page.get_by_label("Aanvulling gevraagd aan de verwijzer").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert "Schrijf de vraag aan de verwijzer." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Vraag aan de verwijzer").fill(QUESTION)
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert "Wacht op aanvulling van de verwijzer" in page.content()
    assert axe_violations(page) == []
    logout(page)

    login(page, live_server, "e2e-agent")
    page.goto(f"{live_server.url}/aanmeldingen/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Vraag beantwoorden {asked.reference}").click()
    assert QUESTION in page.content()
    page.get_by_label("Doel van de opschaling").fill("Eén plan, met de huisarts.")
    page.get_by_role("button", name="Antwoord versturen").click()
    assert "Beantwoord de vraag van het triageteam." in page.content()
    assert page.get_by_label("Doel van de opschaling").input_value() == "Eén plan, met de huisarts."
    assert axe_violations(page) == []
    page.get_by_label("Uw antwoord op de vraag van het triageteam").fill("Ja, sinds maart.")
    page.get_by_role("button", name="Antwoord versturen").click()
    assert "staat weer op de triagelijst" in page.content()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/aanmeldingen/{other.reference}/")
    page.get_by_role("button", name="Aanmelding intrekken").click()
    assert "Schrijf waarom u de aanmelding intrekt." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Waarom trekt u de aanmelding in?").fill("Opgelost in de wijk.")
    page.get_by_role("button", name="Aanmelding intrekken").click()
    assert "is ingetrokken" in page.content()
    assert axe_violations(page) == []
    logout(page)

    assert Escalation.objects.get(pk=asked.pk).status == EscalationStatus.SUBMITTED
    assert Escalation.objects.get(pk=other.pk).status == EscalationStatus.WITHDRAWN
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/aanmeldingen/triage/")
    assert "Aangevuld door de verwijzer" in page.content() and "Ingetrokken door de verwijzer" in page.content()
    assert axe_violations(page) == []
