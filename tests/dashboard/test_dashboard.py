"""The dashboard's figures on known data (tests/dashboard/conftest.py), the small-numbers rule over
every filter combination, figures that survive retention, and a fixed number of queries."""

import itertools
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AveLevelChange, Case, Escalation, ProcessPlan
from dashboard.aggregates import SqlitePercentile
from dashboard.dashboard import build_dashboard
from dashboard.filters import Filters
from dashboard.lla import build_lla_figures
from dashboard.tables import COUNT, SUPPRESSED, THRESHOLD, Cell, Table
from privacy.models import RetentionPolicy
from privacy.retention.services import run_retention
from programmes.models import Programme
from tests.auth import login
from tests.dashboard.conftest import seed_year

pytestmark = pytest.mark.django_db


def table(dashboard, key) -> Table:
    return next(t for t in dashboard.tables if t.key == key)


def row(t: Table, label_start: str) -> list[str]:
    found = next(r for r in t.rows if r.label.startswith(label_start))
    return [cell.display() for cell in found.cells]


def test_figures_of_a_year_on_known_data(seeded):
    dashboard = build_dashboard(Filters(year=2024))

    intake = table(dashboard, "instroom")
    assert intake.columns[4] == "Lopend op 31 december 2024"
    # escalations, new cases, prognosis, realisation, running on 31-12, closed
    assert row(intake, "COM –") == ["6", "7", "10", "70%", "5", "5"]
    assert row(intake, "MDA++") == [SUPPRESSED, SUPPRESSED, "–", "–", SUPPRESSED, SUPPRESSED]  # no prognosis
    assert row(intake, "Totaal") == ["6", "9", "–", "–", "7", "5"]
    assert [label for label, cell in dashboard.headline if cell.display() == "9"] == ["Nieuwe casussen"]

    assert row(table(dashboard, "triage"), "Advies gegeven") == ["6"]
    assert row(table(dashboard, "triage"), "Geaccepteerd") == [SUPPRESSED]

    lead = table(dashboard, "doorlooptijden")
    assert row(lead, "Aanmelding") == ["6", "3,5", "5,0"]  # 1..6 days
    assert row(lead, "Triagebesluit") == ["5", "9,0", "12,6"]  # 3, 6, 9, 12, 15 days
    assert row(lead, "Start casus") == ["5", "30,0", "42,0"]  # 10, 20, 30, 40, 50 days

    ave = table(dashboard, "ave")  # level on 31-12-2024: c6 had gone up to AVE4 in August
    assert [r.cells[0].value for r in ave.rows] == [0, 0, 6, 1, 7]
    assert [r.cells[0].display() for r in ave.rows] == [SUPPRESSED, SUPPRESSED, "6", SUPPRESSED, "7"]
    assert row(table(dashboard, "ave-bewegingen"), "AVE3") == [SUPPRESSED, SUPPRESSED, SUPPRESSED]

    municipalities = table(dashboard, "gemeenten")
    assert row(municipalities, "Gemeente Oss") == ["6", SUPPRESSED, "5"]  # running: c6, c8..c10
    assert row(municipalities, "Onbekend") == [SUPPRESSED, SUPPRESSED, SUPPRESSED]
    assert row(municipalities, "Totaal") == ["9", "7", "5"]

    survey = table(dashboard, "tevredenheid")
    # Five answers: the mark is shown (8,0); "doelen helder" was answered four times: hidden.
    assert row(survey, "COM –") == ["5", "5", "8,0", SUPPRESSED, "5,0", SUPPRESSED, SUPPRESSED]

    radar = table(dashboard, "knelpunten")
    assert radar.columns == ["K1 2024", "K2 2024", "K3 2024", "K4 2024", "Totaal 2024", "Zelfde periode 2023"]
    named = [r for r in radar.rows if r.cells[4].value and not r.is_total]
    assert len(named) == 2 and all(r.cells[4].value == 6 for r in named)
    assert row(radar, "Alle vermeldingen")[4] == "12"
    # Q1 and Q2 hold 3 each (< 5), the total 6 is shown; last year one mention (< 5).
    assert [c.display() for c in named[0].cells] == [SUPPRESSED] * 4 + ["6", SUPPRESSED]


def test_filters_narrow_every_figure(seeded):
    com = Programme.objects.get(code="COM")
    q1 = build_dashboard(Filters(year=2024, quarter=1, programme=com))
    intake = table(q1, "instroom")
    assert [r.label.split(" –")[0] for r in intake.rows] == ["COM", "Totaal"]
    assert intake.rows[0].cells[1].value == 4 and intake.rows[0].cells[2].value == 2.5  # prognosis pro rata
    assert intake.columns[4] == "Lopend op 31 maart 2024"

    oss = build_dashboard(Filters(year=2024, municipality=seeded.oss))
    assert row(table(oss, "instroom"), "Totaal")[1] == "6"
    assert [r.label for r in table(oss, "gemeenten").rows] == ["Gemeente Oss", "Totaal"]
    unknown = build_dashboard(Filters(year=2024, municipality_unknown=True))
    assert table(unknown, "instroom").rows[-1].cells[1].value == 1


def test_secondary_suppression_hides_a_second_cell():
    t = Table(key="t", title="t", row_header="r", columns=["n"])
    for value in (12, 3, 9):
        t.add_row(str(value), [Cell(value)])
    t.add_column_totals("Totaal", [0])
    t.protect()
    # 3 alone would follow from 24 - 12 - 9: the smallest other cell (9) is hidden too.
    assert [r.cells[0].display() for r in t.rows] == ["12", SUPPRESSED, SUPPRESSED, "24"]


def test_percentile_of_the_embedded_database_matches_postgresql():
    aggregate = SqlitePercentile()
    for value in (50, 10, 40, 20, 30):
        aggregate.step(value, 0.8)
    assert aggregate.finalize() == pytest.approx(42.0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT percentile_cont(0.8) WITHIN GROUP (ORDER BY v) FROM unnest(ARRAY[10,20,30,40,50]) v")
        assert cursor.fetchone()[0] == pytest.approx(42.0)


def _check_protected(t: Table, context: str) -> None:
    for r in t.rows:
        for cell in r.cells:
            text = cell.display()
            if cell.kind == COUNT:
                assert text == SUPPRESSED or int(text) >= THRESHOLD, f"{context} {t.key} {r.label}: {text}"
            elif cell.basis is not None and (cell.basis.value or 0) < THRESHOLD:
                assert text == SUPPRESSED, f"{context} {t.key} {r.label}: statistic over < 5 shown"
            if cell.source is not None and cell.source.hidden and cell.value is not None:
                assert text == SUPPRESSED, f"{context} {t.key} {r.label}: share of a hidden count shown"
    for total, parts in t.lines:
        hidden = sum(1 for c in [total, *parts] if c.hidden)
        assert hidden != 1, f"{context} {t.key}: one hidden cell follows from its total"


def test_no_filter_combination_shows_a_small_number(seeded):
    programmes = [None, *Programme.objects.filter(code__in=["COM", "MDA++", "LLA"])]
    municipalities = [(None, False), (seeded.oss, False), (seeded.uden, False), (None, True)]
    checked = 0
    for year, quarter, programme, (municipality, unknown) in itertools.product(
        [2023, 2024], [None, 1, 2, 3, 4], programmes, municipalities
    ):
        filters = Filters(year, quarter, programme, municipality, unknown)
        for figures in (build_dashboard(filters), build_lla_figures(filters)):
            for t in figures.tables:
                _check_protected(t, filters.describe())
                checked += 1
    assert checked > 1000


def test_figures_survive_retention(seeded, privacy_officer):
    from cases.models import Case, Person

    com = Programme.objects.get(code="COM")
    selections = [Filters(2024), Filters(2024, quarter=3), Filters(2024, programme=com, municipality=seeded.oss)]
    before = [[t.as_rows() for t in build_dashboard(f).tables] for f in selections]
    lla_before = build_lla_figures(Filters(2024)).tables[0].as_rows()
    RetentionPolicy.objects.create(category="afgesloten_casus", term_months=1, updated_by=privacy_officer)
    RetentionPolicy.objects.create(category="aanmelding_zonder_casus", term_months=1, updated_by=privacy_officer)

    summary = run_retention(today=date(2026, 1, 1))

    assert summary.cases == 5 and summary.escalations == 7
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 5
    assert not Person.objects.filter(case__in=seeded.com[:5]).exclude(last_name="Geanonimiseerd").exists()
    after = [[t.as_rows() for t in build_dashboard(f).tables] for f in selections]
    assert after == before
    assert build_lla_figures(Filters(2024)).tables[0].as_rows() == lla_before


def test_queries_do_not_grow_with_the_number_of_cases(client, manager, regisseur, agent, politie):
    url = reverse("dashboard:dashboard") + "?jaar=2024"
    login(client, manager)
    seed_year(regisseur, agent, politie)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    seed_year(regisseur, agent, politie, extra_com=12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert "10" not in row(table(response.context["dashboard"], "instroom"), "COM –")[:1]
    assert table(response.context["dashboard"], "instroom").rows[0].cells[1].value == 14
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 25


def test_the_dashboard_indexes_exist_and_are_declared_on_the_cases_models():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, tablename FROM pg_indexes WHERE indexname LIKE 'programmes_dash_%'")
        in_database = dict(cursor.fetchall())
    declared = {
        index.name: model._meta.db_table
        for model in (Case, Escalation, ProcessPlan, AveLevelChange)
        for index in model._meta.indexes
        if index.name.startswith("programmes_dash_")
    }
    expected = {
        "programmes_dash_case_closed": "cases_case",
        "programmes_dash_esc_submitted": "cases_escalation",
        "programmes_dash_plan_agreed": "cases_processplan",
        "programmes_dash_ave_case_time": "cases_avelevelchange",
        "programmes_dash_ave_time": "cases_avelevelchange",
    }
    assert declared == expected
    assert in_database == expected
