"""Issue 16 in real headless Chromium: the triage page flags a person known in a case the regisseur
directs (a link) and in one they may not open (reference and whom to ask); the regisseur adds the
escalation to their own running case. axe-core checks WCAG 2.1 A/AA on the pages."""

import os
from pathlib import Path

import pytest

from cases import services
from cases.models import Escalation, EscalationStatus
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, make_case, make_escalation

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_regisseur_sees_duplicate_flags_and_adds_the_escalation_to_a_running_case(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    colleague = UserFactory(username="e2e-regisseur-b", regisseur=True, first_name="Youssef", last_name="Bakker")
    agent = UserFactory(username="e2e-agent", organisation=politie, first_name="Mark", last_name="Hendriks")

    def known(bsn):
        return services.PersonData(first_name="Fleur", last_name="Manders", role_in_case="hoofdpersoon", bsn=bsn)

    own = make_case(regisseur=regisseur, persons=[known("123456782")])
    theirs = make_case(regisseur=colleague, persons=[known("204567816")])
    escalation = make_escalation(
        submitted_by=agent,
        persons=[
            services.PersonData(first_name="Fleur", last_name="Manders", role_in_case="hoofdpersoon", bsn="123456782"),
            services.PersonData(first_name="Fleur", last_name="Manders", role_in_case="partner", bsn="204567816"),
        ],
    )
    page = browser_page
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/aanmeldingen/{escalation.reference}/beoordelen/")
    assert page.get_by_role("link", name=own.reference).first.is_visible()
    assert page.get_by_role("link", name=theirs.reference).count() == 0
    assert page.get_by_text("vraag het aan Youssef Bakker, procesregisseur").first.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "30-triage-duplicates.png"), full_page=True)

    page.locator("input[name=outcome][value=toegevoegd]").check()
    page.locator("#id_feedback").fill("Deze aanmelding hoort bij een lopende casus.")
    page.locator(f"input[name=existing_case][value={own.reference}]").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url(f"**/casussen/{own.reference}/")
    assert page.get_by_text(f"Aanmelding {escalation.reference} toegevoegd aan deze casus.").first.is_visible()
    assert axe_violations(page) == []
    decided = Escalation.objects.get(pk=escalation.pk)
    assert decided.status == EscalationStatus.ADDED_TO_CASE and decided.added_to_case_id == own.pk
