"""The privacy officer's grant repairs and the coming 4 weeks of retention, in real headless Chromium
(Debian's). Screenshots at desktop and phone width go to $SCREENSHOT_DIR (or a temp folder); axe-core
checks WCAG 2.1 A/AA on each page."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.browser import BROWSER_MARKS, axe_violations, login
from tests.factories import OrganisationFactory, UserFactory, make_case

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_privacy_officer_reviews_repaired_grants_and_what_becomes_due(live_server, browser_page, tmp_path):
    from cases import services
    from privacy.grant_audit.services import audit_grants
    from privacy.models import CaseUserObjectPermission, RetentionCategory
    from privacy.retention.services import add_months, set_retention_term
    from tests.privacy.test_retention import closed_case, person

    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    politie = OrganisationFactory(name="Politie", kind="veiligheid")
    regisseur = UserFactory(username="e2e-regisseur", regisseur=True)
    agent = UserFactory(username="e2e-agent", organisation=politie)
    officer = UserFactory(username="e2e-privacy", privacy_officer=True)
    case = make_case(regisseur=regisseur)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
    CaseUserObjectPermission.objects.filter(content_object=case, user=agent).delete()  # drift
    audit_grants()
    set_retention_term(actor=officer, category=RetentionCategory.CLOSED_CASE, programme=None, term_months=24)
    soon = closed_case(
        regisseur, add_months(timezone.localdate() + timedelta(days=10), -24), person("Wim", "Bijnavervallen")
    )
    page = browser_page

    login(page, live_server, "e2e-privacy")
    page.get_by_role("link", name="Toegangsherstel").first.click()
    page.wait_for_url("**/privacy/toegangsherstel/")
    row = page.get_by_role("row", name=case.reference)
    assert "e2e-agent" in row.inner_text() and "bijdragen, inzien" in row.inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "70-toegangsherstel.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(shots / "71-toegangsherstel-telefoon.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/privacy/bewaartermijnen/")
    assert page.get_by_role("heading", name="Wat de komende 4 weken vervalt").is_visible()
    assert soon.reference in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "72-bewaartermijnen.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    # Wide tables scroll inside their own box; the page itself never scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "73-bewaartermijnen-telefoon.png"), full_page=True)
