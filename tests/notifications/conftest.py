"""Helpers for the notifications tests: e-mail addresses for the fixture users, closing a case,
a plan with an action near its deadline, and a broker that is down (or back)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import Phase
from notifications import outbox
from tests.factories import closing_evaluation
from zvh.celery import app

# Everything personal or free text the fixtures put into a case or escalation; none of it may
# ever appear in an e-mail.
PERSONAL = [
    "Jan",
    "Ingrid",
    "Aalbers",
    "111222333",
    "Kees",
    "Monique",
    "Driessen",
    "123456782",
    "Zorgen over veiligheid",
    "Escalerende ruzies",
    "verwijzer@example.org",
    "073 123 45 67",
    "Stabiel en veilig",
    "Huisbezoek bij het gezin",
]


@pytest.fixture
def addresses(regisseur, other_regisseur, agent, colleague):
    for user in (regisseur, other_regisseur, agent, colleague):
        user.email = f"{user.username}@zvh.example"
        user.save(update_fields=["email"])


def close_case(case, regisseur):
    case.refresh_from_db()
    return services.change_phase(
        case=case,
        actor=regisseur,
        to_phase=Phase.AFGESLOTEN,
        expected_version=case.version,
        closure_reason="doelen_bereikt",
        closure_result="Stabiel en veilig.",
        **closing_evaluation(case),
    )


def plan_with_action(case, regisseur, organisation, *, deadline, owner_user=None):
    plan = services.start_plan(case=case, actor=regisseur)
    return services.add_action(
        plan=plan,
        actor=regisseur,
        description="Huisbezoek bij het gezin Aalbers.",
        owner_organisation=organisation,
        owner_user=owner_user,
        deadline=deadline,
    )


def soon(days=1):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def broker(monkeypatch):
    """Publish through a real broker (not eagerly). `broker.down()` points it at a closed port,
    `broker.up(url)` back at Redis. Restored afterwards."""

    class Broker:
        def down(self):
            monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")
            outbox.reset_broker_state()

        def up(self, url):
            monkeypatch.setitem(app.conf, "broker_url", url)
            outbox.reset_broker_state()

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    yield Broker()
    outbox.reset_broker_state()
