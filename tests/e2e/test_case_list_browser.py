"""The case list as a work list (issue 18) in real headless Chromium (Debian's), axe-core on every
state (WCAG 2.1 A/AA): a search whose term appears in no URL the browser asked for (so in no server
access-log line and no history entry), sorting by the column headers with aria-sort, with and
without JavaScript, and a saved search with its own link. Desktop and 390 px. Screenshots go to
$SCREENSHOT_DIR (or a temp folder)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases import services
from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS
TERM = "Verhoeven"


def _cases(regisseur, politie):
    today = timezone.localdate()
    made = []
    for n, (first, days) in enumerate([("Anna", 12), ("Bram", 3), ("Cor", None), ("Dirk", -2)]):
        case = make_case(
            regisseur=regisseur,
            ave_level=2 + n % 3,
            persons=[services.PersonData(first_name=first, last_name=TERM, role_in_case="hoofdpersoon")],
        )
        if days is not None:
            services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[])
            plan = services.start_plan(case=case, actor=regisseur)
            services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                                deadline=today + timedelta(days=days))  # fmt: skip
        made.append(case)
    services.schedule_meeting(case=made[2], actor=regisseur, starts_at=timezone.now() + timedelta(days=4),
                              is_online=True)  # fmt: skip
    make_case(
        regisseur=regisseur,
        persons=[services.PersonData(first_name="Els", last_name="Bos", role_in_case="hoofdpersoon")],
    )
    return made


def _first_column(page):
    table = page.get_by_role("table")
    return [cell.inner_text().strip() for cell in table.locator("tbody th").all()]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_sort_and_saved_filter_in_the_browser(live_server, browser_page, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    anna, bram, cor, dirk = _cases(regisseur, politie)
    page = browser_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    login(page, live_server, "e2e-regisseur")
    page.get_by_role("link", name="Casussen", exact=True).first.click()
    page.wait_for_url("**/casussen/")
    assert axe_violations(page) == []

    # Search: the form posts, the address holds only the stored search's key.
    page.get_by_label("Zoek op kenmerk of naam van een betrokkene").fill(TERM)
    page.get_by_role("button", name="Zoeken/Filteren").click()
    page.wait_for_url("**/casussen/?filter=*")
    assert TERM not in page.url
    assert page.locator(".zvh-result-count").inner_text().startswith("4 casussen gevonden voor ‘Verhoeven’")
    assert page.get_by_label("Zoek op kenmerk of naam van een betrokkene").input_value() == TERM
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "80-case-list-search.png"), full_page=True)

    # Sort by the next deadline: a plain link, the form's sort control follows.
    page.get_by_role("link", name=re.compile(r"Eerstvolgende deadline\s*, sorteer oplopend")).click()
    page.wait_for_url("**sorteer=next_deadline*")
    header = page.get_by_role("columnheader", name="Eerstvolgende deadline")
    header.wait_for()
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("th[aria-sort]").count() == 1
    assert _first_column(page) == [dirk.reference, bram.reference, anna.reference, cor.reference]
    assert TERM not in page.url
    assert page.get_by_label("Sorteren").input_value() == "next_deadline"
    page.get_by_role("link", name=re.compile(r"Eerstvolgende deadline\s*, sorteer aflopend")).click()
    page.wait_for_url("**sorteer=-next_deadline*")
    page.locator('th[aria-sort="descending"]').wait_for()
    assert _first_column(page) == [anna.reference, bram.reference, dirk.reference, cor.reference]
    assert axe_violations(page) == []

    # Save the filters under a name: a link of its own, without the term.
    page.get_by_label("Naam van de zoekopdracht").fill("Mijn zoekwerk")
    page.get_by_role("button", name="Zoekopdracht opslaan").click()
    page.wait_for_url("**/casussen/?filter=*")
    saved = page.get_by_role("navigation", name="Mijn zoekopdrachten").get_by_role("link", name="Mijn zoekwerk")
    assert saved.get_attribute("aria-current") == "page"
    assert page.locator(".zvh-result-count").inner_text().startswith("5 casussen")  # the term is not kept
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Eerstvolgende deadline")  # the sort is
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "81-case-list-saved-filter.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Mijn werkvoorraad").click()
    page.wait_for_url("**/casussen/?sorteer=next_deadline")
    assert page.get_by_role("columnheader", name="Eerstvolgende deadline").get_attribute("aria-sort") == "ascending"
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "82-case-list-390.png"), full_page=True)

    # The term was in no request line the server received: not in its access log, not in history.
    assert requested and not [url for url in requested if TERM.lower() in url.lower()]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_and_sorting_work_without_javascript(live_server, browser_page):
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True, first_name="Sanne", last_name="de Vries")
    anna, bram, cor, dirk = _cases(regisseur, politie)
    context = browser_page.context.browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    login(page, live_server, "e2e-regisseur")
    page.goto(f"{live_server.url}/casussen/")
    page.get_by_label("Zoek op kenmerk of naam van een betrokkene").fill(TERM)
    page.get_by_role("button", name="Zoeken/Filteren").click()
    page.wait_for_url("**/casussen/?filter=*")
    page.get_by_role("link", name=re.compile(r"AVE\s*, sorteer aflopend")).click()
    page.wait_for_url("**sorteer=-ave_level*")
    assert page.get_by_role("columnheader", name="AVE").get_attribute("aria-sort") == "descending"
    assert TERM not in page.url
    assert len(_first_column(page)) == 4
    context.close()
