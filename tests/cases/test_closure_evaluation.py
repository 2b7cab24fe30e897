"""Closing a case (issue 15): every open action of the current plan gets a decision (afgerond,
vervallen, overgedragen aan lokaal veld) and the evaluation (a result per goal, what worked) is
recorded before closure, all in one transaction; the case summary PDF shows both."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from cases.models import ActionStatus, CaseEvaluation, GoalEvaluation, GoalResult, LifeDomain, Phase, TimelineKind
from cases.services import GoalOutcome
from privacy import policy
from tests.auth import login

TODAY = timezone.localdate()


@pytest.fixture
def plan(case, regisseur, politie):
    """Plan version 1 agreed, version 2 (the current one) with two goals and three actions: one
    already done, two still open."""
    housing = LifeDomain.objects.get(name="Huisvesting")
    first = services.start_plan(case=case, actor=regisseur)
    goal = services.add_goal(plan=first, actor=regisseur, domain=housing, description="Woning behouden")
    services.add_action(plan=first, actor=regisseur, description="Huisbezoek afleggen", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=7), goal=goal)  # fmt: skip
    first.refresh_from_db()
    services.agree_plan(
        plan=first, actor=regisseur, expected_version=first.version, agreement_note="Akkoord", confirm_missing=True
    )
    current = services.start_plan(case=case, actor=regisseur)
    other = LifeDomain.objects.exclude(pk=housing.pk).first()
    services.add_goal(plan=current, actor=regisseur, domain=other, description="Schulden in beeld")
    services.add_action(plan=current, actor=regisseur, description="Schuldhulp aanmelden", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=14))  # fmt: skip
    done = services.add_action(plan=current, actor=regisseur, description="Buren spreken", owner_organisation=politie,
                               deadline=TODAY + timedelta(days=3))  # fmt: skip
    services.update_action_status(action=done, actor=regisseur, status=ActionStatus.DONE)
    current.refresh_from_db()
    return current


def open_actions(plan):
    return {a.description: a for a in plan.actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])}


def goals(plan):
    return {g.description: g for g in plan.goals.all()}


def close(case, regisseur, **kwargs):
    case.refresh_from_db()
    return services.change_phase(
        case=case, actor=regisseur, to_phase=Phase.AFGESLOTEN, expected_version=case.version,
        closure_reason="doelen_bereikt", closure_result="Woning behouden, schulden in beeld.", **kwargs,
    )  # fmt: skip


def test_closing_is_refused_while_an_open_action_has_no_decision_and_nothing_changes(case, regisseur, agent, plan):
    actions, plan_goals = open_actions(plan), goals(plan)
    assert set(actions) == {"Huisbezoek afleggen", "Schuldhulp aanmelden"}  # carried over and new; not the done one
    outcomes = {g.pk: GoalOutcome(GoalResult.ACHIEVED) for g in plan_goals.values()}
    with pytest.raises(services.ServiceError) as refused:
        close(case, regisseur, action_decisions={actions["Huisbezoek afleggen"].pk: ActionStatus.DONE},
              goal_outcomes=outcomes, what_worked="Korte lijnen.")  # fmt: skip
    assert refused.value.field == f"action_{actions['Schuldhulp aanmelden'].pk}"
    assert "Schuldhulp aanmelden" in refused.value.message
    case.refresh_from_db()
    assert case.phase == Phase.AANMELDING and policy.may_view_case(agent, case)
    assert not CaseEvaluation.objects.filter(case=case).exists()
    assert set(open_actions(plan)) == {"Huisbezoek afleggen", "Schuldhulp aanmelden"}  # nothing half-closed


@pytest.mark.parametrize(
    ("missing", "field"),
    [("goal", "goal_{pk}_result"), ("what_worked", "what_worked"), ("decision", "action_{pk}")],
)
def test_closing_is_refused_without_the_evaluation(case, regisseur, plan, missing, field):
    actions, plan_goals = open_actions(plan), goals(plan)
    decisions = {a.pk: ActionStatus.DROPPED for a in actions.values()}
    outcomes = {g.pk: GoalOutcome(GoalResult.PARTLY, "Half") for g in plan_goals.values()}
    goal = plan_goals["Schulden in beeld"]
    if missing == "goal":
        outcomes.pop(goal.pk)
    if missing == "decision":
        decisions[actions["Huisbezoek afleggen"].pk] = ActionStatus.OPEN  # not a closing decision
    with pytest.raises(services.ServiceError) as refused:
        close(case, regisseur, action_decisions=decisions, goal_outcomes=outcomes,
              what_worked="" if missing == "what_worked" else "Samen huisbezoeken.")  # fmt: skip
    pk = goal.pk if missing == "goal" else actions["Huisbezoek afleggen"].pk
    assert refused.value.field == field.format(pk=pk)
    case.refresh_from_db()
    assert not case.is_closed


def test_each_action_ends_with_its_chosen_status_and_the_evaluation_is_recorded(case, regisseur, plan):
    actions, plan_goals = open_actions(plan), goals(plan)
    closed = close(
        case,
        regisseur,
        action_decisions={
            actions["Huisbezoek afleggen"].pk: ActionStatus.HANDED_OVER,
            actions["Schuldhulp aanmelden"].pk: ActionStatus.DROPPED,
        },
        goal_outcomes={
            plan_goals["Woning behouden"].pk: GoalOutcome(GoalResult.ACHIEVED, "Huur weer betaald"),
            plan_goals["Schulden in beeld"].pk: GoalOutcome(GoalResult.NOT_ACHIEVED, "Geen aanmelding"),
        },
        what_worked="Het gezamenlijke huisbezoek van politie en woningcorporatie.",
    )
    assert closed.is_closed
    statuses = {a.description: a.status for a in plan.actions.all()}
    assert statuses == {
        "Huisbezoek afleggen": ActionStatus.HANDED_OVER,
        "Schuldhulp aanmelden": ActionStatus.DROPPED,
        "Buren spreken": ActionStatus.DONE,  # already done: left as it was
    }
    handed = plan.actions.get(description="Huisbezoek afleggen")
    assert handed.status_updated_by == regisseur and handed.status_updated_at is not None
    evaluation = CaseEvaluation.objects.get(case=case)
    assert evaluation.what_worked.startswith("Het gezamenlijke huisbezoek") and evaluation.recorded_by == regisseur
    results = {
        r.goal.description: (r.result, r.explanation) for r in GoalEvaluation.objects.filter(evaluation=evaluation)
    }
    assert results == {
        "Woning behouden": (GoalResult.ACHIEVED, "Huur weer betaald"),
        "Schulden in beeld": (GoalResult.NOT_ACHIEVED, "Geen aanmelding"),
    }
    texts = list(case.timeline.filter(kind=TimelineKind.PHASE).values_list("text", flat=True))
    assert any("1 van 2 doelen behaald" in t and "1 overgedragen aan lokaal veld" in t and "1 vervallen" in t
               for t in texts)  # fmt: skip


def test_a_case_without_plan_closes_with_what_worked_only(case, regisseur):
    with pytest.raises(services.ServiceError) as refused:
        close(case, regisseur)
    assert refused.value.field == "what_worked"
    closed = close(case, regisseur, what_worked="Snel de juiste partner aan tafel.")
    assert closed.is_closed and closed.evaluations.get().goal_results.count() == 0


# --- The form ----------------------------------------------------------------------------------


def test_the_closing_form_lists_open_actions_and_goals_and_keeps_what_was_typed(client, case, regisseur, plan):
    actions, plan_goals = open_actions(plan), goals(plan)
    login(client, regisseur)
    url = reverse("cases:phase", args=[case.reference])
    page = client.get(url).content.decode()
    assert "Open acties (2)" in page and "Huisbezoek afleggen" in page and "Schuldhulp aanmelden" in page
    assert "Buren spreken" not in page  # done already: nothing to decide
    assert "Overgedragen aan lokaal veld" in page and "Deels behaald" in page and "Schulden in beeld" in page
    housing, debts = plan_goals["Woning behouden"], plan_goals["Schulden in beeld"]
    visit, debt_help = actions["Huisbezoek afleggen"], actions["Schuldhulp aanmelden"]
    posted = {
        "version": case.version, "to_phase": Phase.AFGESLOTEN, "closure_reason": "doelen_bereikt",
        "closure_result": "Woning behouden", f"action_{visit.pk}": ActionStatus.HANDED_OVER,
        f"goal_{housing.pk}_result": GoalResult.ACHIEVED, f"goal_{housing.pk}_explanation": "Huur betaald",
        "what_worked": "Samen optrekken met de corporatie",
    }  # fmt: skip
    response = client.post(url, posted)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[f"action_{debt_help.pk}"] == ["Kies wat er met deze open actie gebeurt."]
    assert form.errors[f"goal_{debts.pk}_result"] == ["Kies het resultaat van dit doel."]
    assert f"action_{visit.pk}" not in form.errors
    html = response.content.decode()
    assert "Samen optrekken met de corporatie" in html and 'value="Huur betaald"' in html  # nothing typed is lost
    assert f'id="id_action_{debt_help.pk}_error"' in html or "Kies wat er met deze open actie gebeurt." in html
    case.refresh_from_db()
    assert not case.is_closed

    posted |= {f"action_{debt_help.pk}": ActionStatus.DONE, f"goal_{debts.pk}_result": GoalResult.PARTLY}
    confirmation = client.post(url, posted)  # a valid closing first shows what it will do
    assert confirmation.templates[0].name == "cases/case_close_confirm.html"
    case.refresh_from_db()
    assert not case.is_closed
    assert client.post(url, posted | {"bevestigd": "ja"}).status_code == 302
    case.refresh_from_db()
    assert case.is_closed
    assert plan.actions.get(pk=debt_help.pk).status == ActionStatus.DONE
    assert plan.actions.get(pk=visit.pk).status == ActionStatus.HANDED_OVER


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_summary_pdf_shows_the_evaluation_and_what_happened_to_each_action(client, case, regisseur, plan):
    actions, plan_goals = open_actions(plan), goals(plan)
    close(
        case,
        regisseur,
        action_decisions={
            actions["Huisbezoek afleggen"].pk: ActionStatus.HANDED_OVER,
            actions["Schuldhulp aanmelden"].pk: ActionStatus.DROPPED,
        },
        goal_outcomes={
            plan_goals["Woning behouden"].pk: GoalOutcome(GoalResult.ACHIEVED, "Huurachterstand ingelopen"),
            plan_goals["Schulden in beeld"].pk: GoalOutcome(GoalResult.PARTLY),
        },
        what_worked="Vaste contactpersoon bij de corporatie.",
    )
    login(client, regisseur)  # read-only after closing, the PDF included
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Evaluatie bij afsluiting" in page and "Huurachterstand ingelopen" in page
    assert "Vaste contactpersoon bij de corporatie." in page and "Overgedragen aan lokaal veld" in page
    response = client.get(reverse("cases:case_summary_pdf", args=[case.reference]))
    assert response.status_code == 200
    text = " ".join(pdf_text(response).split())
    assert "Evaluatie bij afsluiting" in text
    assert "Woning behouden" in text and "Behaald" in text and "Huurachterstand ingelopen" in text
    assert "Deels behaald" in text
    assert "Vaste contactpersoon bij de corporatie." in text
    assert "Overgedragen aan lokaal veld" in text and "Vervallen" in text and "Gereed" in text
    assert "Bij afsluiten van de casus." in text
