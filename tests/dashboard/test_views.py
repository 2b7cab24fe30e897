"""Dashboard pages and exports: who may open them, what is logged, that every export carries
exactly the displayed (protected) cells, and that bad input never breaks a page."""

import csv
import io

import pytest
from django.urls import reverse

from dashboard.dashboard import build_dashboard
from dashboard.filters import Filters
from dashboard.lla import build_lla_figures
from dashboard.tables import SUPPRESSED
from privacy.models import AccessLogEntry
from tests.auth import login
from tests.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db


def test_manager_sees_figures_and_no_names(client, manager, seeded):
    login(client, manager)
    response = client.get(reverse("dashboard:dashboard"), {"jaar": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Casussen per woongemeente" in html and "Gemeente Oss" in html
    assert "&lt; 5" in html and "<svg" in html
    assert 'style="' not in html  # strict CSP: no inline styles, not even in the charts
    person = seeded.com[0].persons.first()
    assert person.last_name not in html and seeded.com[0].reference not in html
    assert "Vrije tekst" not in html  # survey comments never reach a dashboard
    entry = AccessLogEntry.objects.get(user=manager, object_type="dashboard")
    assert entry.allowed and entry.action == "list" and entry.reason == "2024" and entry.case_id is None


def test_partner_and_privacy_officer_are_refused_and_logged(client, agent, privacy_officer):
    for user in (agent, privacy_officer):
        client.logout()
        login(client, user)
        assert client.get(reverse("dashboard:dashboard")).status_code == 403
        assert client.get(reverse("dashboard:annual_report")).status_code == 403
        assert AccessLogEntry.objects.filter(user=user, object_type="dashboard", allowed=False).exists()
        assert AccessLogEntry.objects.filter(user=user, object_type="jaarverslag", allowed=False).exists()


def test_csv_export_holds_exactly_the_displayed_cells(client, regisseur, seeded):
    login(client, regisseur)
    params = {"jaar": 2024, "kwartaal": 2, "gemeente": seeded.oss.pk}
    response = client.get(reverse("dashboard:dashboard_export", args=["csv"]), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    figures = build_dashboard(Filters(2024, quarter=2, municipality=seeded.oss))
    for table in figures.tables:
        start = lines.index([table.title])
        assert lines[start + 1 : start + 1 + len(table.rows) + 1] == table.as_rows()
    assert any(SUPPRESSED in line for line in lines)
    entry = AccessLogEntry.objects.get(user=regisseur, action="export")
    assert entry.object_type == "dashboard csv" and "Gemeente Oss" in entry.reason


def test_xlsx_export_has_numbers_and_hidden_cells_as_text(client, manager, seeded):
    from openpyxl import load_workbook

    login(client, manager)
    response = client.get(reverse("dashboard:dashboard_export", args=["xlsx"]), {"jaar": 2024})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = workbook["instroom"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    com = next(r for r in rows if r[0] and str(r[0]).startswith("COM –"))
    assert com[1:] == [6, 7, 10, 70, 5, 5]
    mda = next(r for r in rows if r[0] and str(r[0]).startswith("MDA++"))
    assert mda[1:3] == [SUPPRESSED, SUPPRESSED]
    assert set(workbook.sheetnames) >= {"instroom", "doorlooptijden", "ave", "gemeenten", "tevredenheid", "knelpunten"}


def test_annual_report_pdf(client, manager, seeded):
    from pypdf import PdfReader

    login(client, manager)
    response = client.get(reverse("dashboard:annual_report"), {"jaar": 2024})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert_accessible_pdf(response.content, title_starts="Jaarverslag Zorg- en Veiligheidshuis")  # tables fit the page
    assert "Jaarverslag 2024" in text and "Doorlooptijden" in text and "< 5" in text
    assert "42,0" in text  # 80th percentile of opening → closure
    assert seeded.com[0].reference not in text
    assert AccessLogEntry.objects.filter(user=manager, object_type="jaarverslag", action="export").exists()


def test_lla_key_figures_page_and_export(client, manager, regisseur):
    from datetime import date

    from cases.models import Case, InclusionDecision
    from tests.dashboard.conftest import dated_case

    cases = [dated_case(regisseur, programme="LLA", opened_on=date(2024, 2, 1)) for _ in range(6)]
    for case in cases[:5]:
        InclusionDecision.objects.create(case=case, decided_by=regisseur, inclusion_meeting_date=date(2024, 3, 12))
    Case.objects.filter(pk=cases[5].pk).update(opened_on=date(2024, 9, 1))
    figures = build_lla_figures(Filters(2024))
    inclusions = figures.tables[0]
    march = next(r for r in inclusions.rows if r.label == "maart 2024")
    assert march.cells[0].display() == "5"
    assert inclusions.rows[-1].cells[0].display() == "6"

    login(client, manager)
    assert client.get(reverse("dashboard:lla"), {"jaar": 2024}).status_code == 200
    response = client.get(reverse("dashboard:lla_export", args=["csv"]), {"jaar": 2024})
    assert response.status_code == 200 and "maart 2024;5" in response.content.decode("utf-8-sig")
    assert AccessLogEntry.objects.filter(user=manager, object_type="kerncijfers LLA csv").exists()


@pytest.mark.parametrize(
    "params",
    [
        {"jaar": "abc"},
        {"jaar": "1990"},
        {"kwartaal": "9"},
        {"programma": "BESTAAT-NIET"},
        {"gemeente": "999999"},
        {"gemeente": "'; DROP TABLE"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, manager, params):
    login(client, manager)
    response = client.get(reverse("dashboard:dashboard"), params)
    assert response.status_code == 200
    assert "Kies een waarde uit de lijst." in response.content.decode()
    assert "dashboard" not in response.context or response.context.get("dashboard") is None
    for name, args in (("dashboard:dashboard_export", ["csv"]), ("dashboard:annual_report", [])):
        assert client.get(reverse(name, args=args), params).status_code == 400
    assert client.get(reverse("dashboard:dashboard_export", args=["pdf"])).status_code == 404


def test_navigation_shows_the_dashboard_to_managers_only(client, manager, agent):
    login(client, manager)
    assert reverse("dashboard:dashboard") in client.get(reverse("home")).content.decode()
    client.logout()
    login(client, agent)
    assert reverse("dashboard:dashboard") not in client.get(reverse("home")).content.decode()


def test_the_dashboard_menu_item_is_current_on_the_figure_pages_only(client, manager):
    login(client, manager)

    def current(url):
        return [key for key, _, _, is_current in client.get(url).context["nav_items"] if is_current]

    assert current(reverse("dashboard:dashboard")) == ["dashboard"]
    assert current(reverse("dashboard:lla")) == ["dashboard"]
    assert current(reverse("dashboard:programmes")) == ["programmes"]


def test_a_chart_of_only_small_numbers_is_not_drawn(client, manager):
    login(client, manager)
    html = client.get(reverse("dashboard:lla"), {"jaar": 2024}).content.decode()
    assert "Geen grafiek: alle aantallen in deze selectie zijn kleiner dan 5." in html
    assert '<svg class="zvh-chart__svg"' not in html
