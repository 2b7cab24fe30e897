"""Confirmation before what cannot be undone, in real Chromium with axe-core: an organisation
leaving the table goes through a page that states the consequence and asks a reason; a click in
the error summary brings the reason's label and message into view and puts the focus in the field.
Screenshots (desktop and 390 px) go to $SCREENSHOT_DIR (or a temp folder)."""

import os
from pathlib import Path

import pytest

from cases import services
from cases.models import TimelineEntry
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS

IN_VIEW = """(id) => {  // the element lies wholly inside the viewport
  const el = document.getElementById(id);
  const box = el.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leaving_the_table_is_confirmed_with_a_reason(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    gemeente = OrganisationFactory(name="Gemeente Oss", kind="zorg")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    officer = UserFactory(username="e2e-wijk", organisation=gemeente, first_name="Ilse", last_name="Wijkteam")
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=gemeente, professionals=[officer])
    page = browser_page

    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    page.get_by_role("link", name="Vertrekt van tafel (hele organisatie)").click()
    page.wait_for_url("**/vertrek/")
    assert page.get_by_text(f"{gemeente.name} verliest direct de toegang tot deze casus").is_visible()
    assert page.get_by_text("Ilse Wijkteam").first.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "confirm-leave-table-desktop.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 640})
    page.reload()
    page.screenshot(path=str(shots / "confirm-leave-table-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Ja, vertrekt van tafel").click()  # no reason yet
    summary = page.locator(".zvh-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('zvh-error-summary')")
    assert case.participants.get(organisation=gemeente).left_on is None
    assert axe_violations(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    summary.get_by_role("link", name="Reden van vertrek").click()
    reason = page.get_by_label("Reden van vertrek")
    assert page.evaluate("document.activeElement.id") == "id_reason"
    # The label and the message above the box come into view too, not only the box itself.
    assert page.evaluate(IN_VIEW, "id_reason_error")
    assert page.evaluate("document.querySelector('label[for=id_reason]').getBoundingClientRect().top >= 0")
    page.screenshot(path=str(shots / "confirm-leave-table-error-390.png"))

    reason.fill("De hulpverlening door het wijkteam is afgerond.")
    page.get_by_role("button", name="Ja, vertrekt van tafel").click()
    page.wait_for_url(f"**/casussen/{case.reference}/")
    assert page.get_by_text("is vertrokken van tafel; de toegang is beëindigd").is_visible()
    assert case.participants.get(organisation=gemeente).left_on is not None
    entry = TimelineEntry.objects.get(case=case, text__contains="vertrokken van tafel")
    assert entry.text.endswith("Reden: De hulpverlening door het wijkteam is afgerond.")
