"""Bottlenecks met during a case (issue 15): registered on the case by the regisseur or a partner at
the table, in the managed list of categories, optionally escalated to management; the dashboard's
bottleneck radar counts them beside the escalations' ones, under the same small-numbers rule, and
managers see counts only, never a description."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import services
from cases.models import BottleneckCategory, CaseBottleneck, Phase, TimelineKind
from dashboard.dashboard import build_dashboard
from dashboard.filters import Filters
from dashboard.tables import SUPPRESSED
from programmes.models import Programme
from tests.auth import login
from tests.dashboard.conftest import at
from tests.dashboard.test_dashboard import _check_protected, row, table
from tests.factories import closing_evaluation

pytestmark = pytest.mark.django_db

SECRET = "Wachtlijst beschermd wonen van zeven maanden bij zorgaanbieder De Linde"


def category(name):
    return BottleneckCategory.objects.get(name=name)


WAITING = "Geen passend zorgaanbod of wachtlijst"
DUTY = "Grenzen van de zorgplicht bereikt"
PLACEMENT = "Geen plaatsing mogelijk (wonen, opvang of behandeling)"


def test_the_managed_list_has_the_bottlenecks_the_issue_names():
    names = set(BottleneckCategory.objects.filter(is_active=True).values_list("name", flat=True))
    assert {WAITING, DUTY, PLACEMENT, "Diagnose vereist voordat zorg of ondersteuning start"} <= names


def test_a_partner_at_the_table_registers_a_bottleneck_seen_on_the_case_page(client, case, agent, regisseur):
    login(client, agent)
    url = reverse("cases:bottleneck_add", args=[case.reference])
    response = client.post(
        url, {"category": category(WAITING).pk, "description": SECRET, "escalate_to_management": "on"}
    )
    assert response.status_code == 302
    bottleneck = CaseBottleneck.objects.get(case=case)
    assert bottleneck.category.name == WAITING and bottleneck.escalate_to_management
    assert bottleneck.registered_by == agent and bottleneck.registered_at is not None
    entry = case.timeline.get(kind=TimelineKind.BOTTLENECK)
    assert WAITING in entry.text and "management" in entry.text and SECRET not in entry.text
    login(client, regisseur)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert SECRET in page and "Opgeschaald naar het management" in page


def test_the_form_keeps_what_was_typed_and_says_what_is_missing(client, case, regisseur):
    login(client, regisseur)
    response = client.post(reverse("cases:bottleneck_add", args=[case.reference]), {"description": SECRET})
    assert response.status_code == 200
    assert response.context["bottleneck_form"].errors["category"] == ["Kies een knelpunt uit de lijst."]
    assert SECRET in response.content.decode()
    assert not CaseBottleneck.objects.exists()


def test_a_partner_not_at_the_table_and_a_closed_case_are_refused(client, case, regisseur, colleague, other_regisseur):
    for outsider in (colleague, other_regisseur):  # Politie but not seated; another regisseur
        with pytest.raises(PermissionDenied):
            services.register_bottleneck(case=case, actor=outsider, category=category(DUTY), description="x")
        login(client, outsider)
        response = client.post(
            reverse("cases:bottleneck_add", args=[case.reference]),
            {"category": category(DUTY).pk, "description": "Poging van buiten de tafel"},
        )
        assert response.status_code == 404
    case.refresh_from_db()
    services.change_phase(
        case=case, actor=regisseur, to_phase=Phase.AFGESLOTEN, expected_version=case.version,
        closure_reason="doelen_bereikt", closure_result="Klaar", **closing_evaluation(case),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.register_bottleneck(case=case, actor=regisseur, category=category(DUTY), description="Na afsluiten")
    login(client, regisseur)
    response = client.post(
        reverse("cases:bottleneck_add", args=[case.reference]), {"category": category(DUTY).pk, "description": "x"}
    )
    assert response.status_code == 403
    assert not CaseBottleneck.objects.exists()


def register(case, actor, name, day, *, escalate=False, n=1):
    for _ in range(n):
        bottleneck = services.register_bottleneck(
            case=case, actor=actor, category=category(name), description=SECRET, escalate_to_management=escalate
        )
        CaseBottleneck.objects.filter(pk=bottleneck.pk).update(registered_at=at(day))  # dated like the seed


@pytest.fixture
def in_cases(seeded, regisseur):
    """2024: WAITING 10 (five in Q1, five in Q2; five of them escalated) in a COM case in Oss;
    DUTY 6 in Q3 (five escalated) and PLACEMENT 2 in Q1, in an MDA++ case in Uden. 2023: one WAITING."""
    com, mda = seeded.com[5], seeded.mda[0]
    register(com, regisseur, WAITING, date(2024, 2, 1), escalate=True, n=5)
    register(com, regisseur, WAITING, date(2024, 5, 1), n=5)
    register(mda, regisseur, DUTY, date(2024, 8, 1), escalate=True, n=5)
    register(mda, regisseur, DUTY, date(2024, 8, 2))
    register(mda, regisseur, PLACEMENT, date(2024, 1, 20), n=2)
    register(com, regisseur, WAITING, date(2023, 3, 1))
    return seeded


def test_the_radar_counts_case_bottlenecks_beside_the_escalations(in_cases):
    dashboard = build_dashboard(Filters(year=2024))
    escalations = table(dashboard, "knelpunten")
    named = [r for r in escalations.rows if r.cells[4].value and not r.is_total]
    assert len(named) == 2 and all(r.cells[4].value == 6 for r in named)  # unchanged by the case bottlenecks

    radar = table(dashboard, "knelpunten-casussen")
    assert radar.columns == [
        "K1 2024", "K2 2024", "K3 2024", "K4 2024", "Totaal 2024",
        "Waarvan opgeschaald naar het management", "Zelfde periode 2023",
    ]  # fmt: skip
    assert row(radar, WAITING) == ["5", "5", SUPPRESSED, SUPPRESSED, "10", "5", SUPPRESSED]
    # Six, five of them escalated: showing the 5 would tell that one was not escalated.
    assert row(radar, DUTY)[4:6] == ["6", SUPPRESSED]
    assert row(radar, PLACEMENT)[4] == SUPPRESSED  # two
    assert row(radar, "Alle knelpunten")[4] == "18"
    _check_protected(radar, "2024")


def test_the_radar_follows_the_filters_and_never_shows_a_small_number(in_cases):
    mda = Programme.objects.get(code="MDA++")
    radar = table(build_dashboard(Filters(year=2024, programme=mda)), "knelpunten-casussen")
    assert row(radar, WAITING)[4] == SUPPRESSED and row(radar, DUTY)[4] == "6"
    uden = table(build_dashboard(Filters(year=2024, municipality=in_cases.uden)), "knelpunten-casussen")
    assert row(uden, "Alle knelpunten")[4] == "8"  # DUTY 6 + PLACEMENT 2
    for quarter in (None, 1, 2, 3, 4):
        for programme in (None, mda, Programme.objects.get(code="COM")):
            for t in build_dashboard(Filters(2024, quarter, programme)).tables:
                _check_protected(t, f"K{quarter} {programme}")
    q3 = table(build_dashboard(Filters(2024, quarter=3)), "knelpunten-casussen")
    assert q3.columns == ["Totaal 3e kwartaal 2024", "Waarvan opgeschaald naar het management", "Zelfde periode 2023"]
    assert row(q3, DUTY)[0] == "6"


def test_managers_see_counts_never_descriptions(client, manager, in_cases):
    login(client, manager)
    page = client.get(reverse("dashboard:dashboard"), {"jaar": 2024}).content.decode()
    assert "Trendradar: knelpunten in casussen" in page and SECRET not in page
    assert client.get(reverse("cases:detail", args=[in_cases.com[5].reference])).status_code == 404
    export = client.get(reverse("dashboard:dashboard_export", args=["csv"]), {"jaar": 2024}).content.decode()
    assert "Trendradar: knelpunten in casussen" in export or "knelpunten-casussen" in export
    assert SECRET not in export


def test_escalating_to_management_tells_the_managers_without_case_data(
    case, regisseur, agent, manager, django_capture_on_commit_callbacks
):
    from django.core import mail

    manager.email = "manager@zvh.example"
    manager.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.register_bottleneck(case=case, actor=agent, category=category(DUTY), description=SECRET)
    assert mail.outbox == []  # not escalated: only the radar counts it
    with django_capture_on_commit_callbacks(execute=True):
        services.register_bottleneck(
            case=case, actor=agent, category=category(WAITING), description=SECRET, escalate_to_management=True
        )
    assert [m.to for m in mail.outbox] == [[manager.email]]
    message = mail.outbox[0]
    text = message.subject + message.body
    assert WAITING in message.subject and case.programme.code in message.body
    assert regisseur.get_full_name() in message.body and "/dashboard/" in message.body
    assert SECRET not in text and case.reference not in text
    assert all(p.last_name not in text for p in case.persons.all())
