"""Rows of the URL × role matrix for the case plans screens.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name.

The case has a concept plan (version 1) with one goal and one action owned by Politie, where
`agent` sits at the table: the agent reads the plan and updates that action, but edits nothing.
POSTs are sent with an empty body: forms answer 200 with their messages."""

from datetime import timedelta

from django.utils import timezone

from .common import LOGIN, row

PLAN_READ = row(404, anonymous=LOGIN, regisseur=200, agent=200)
PLAN_WRITE = row(404, anonymous=LOGIN, regisseur=200, agent=403)

ROWS: dict = {
    ("cases:plan", "GET"): PLAN_READ,
    ("cases:plan_start", "POST"): row(404, anonymous=LOGIN, regisseur=302, agent=403),
    ("cases:plan_edit", "GET"): PLAN_WRITE,
    ("cases:plan_edit", "POST"): PLAN_WRITE,
    ("cases:plan_assessment", "POST"): PLAN_WRITE,
    ("cases:plan_goal_add", "POST"): PLAN_WRITE,
    ("cases:plan_action_add", "POST"): PLAN_WRITE,
    ("cases:plan_agree", "POST"): PLAN_WRITE,
    ("cases:plan_request_agreement", "POST"): row(404, anonymous=LOGIN, regisseur=302, agent=403),
    # The action is Politie's: the agent (seated for Politie) may update it, the colleague sees nothing.
    ("cases:plan_action_status", "GET"): PLAN_READ,
    ("cases:plan_action_status", "POST"): PLAN_READ,
    ("cases:plan_pdf", "GET"): PLAN_READ,
    ("cases:case_summary_pdf", "GET"): PLAN_READ,
}


def make_kwargs(case, escalation, users) -> dict:
    from cases import services
    from cases.models import LifeDomain

    regisseur, agent = users["regisseur"], users["agent"]
    plan = services.start_plan(case=case, actor=regisseur)
    if not plan.goals.exists():
        domain = LifeDomain.objects.filter(is_active=True).first()
        services.save_assessment(plan=plan, actor=regisseur, domain=domain, score=2, risks="Overlast")
        goal = services.add_goal(plan=plan, actor=regisseur, domain=domain, description="Rust in de wijk")
        services.add_action(
            plan=plan, actor=regisseur, description="Buurtonderzoek", owner_organisation=agent.organisation,
            owner_user=agent, deadline=timezone.localdate() + timedelta(days=14), goal=goal,
        )  # fmt: skip
    action = plan.actions.order_by("pk").first()
    return {"plan_id": plan.pk, "action_id": action.pk}
