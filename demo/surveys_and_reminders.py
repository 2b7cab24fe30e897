"""Demo data for reminders and the closure survey (called by `manage.py seed_demo`).

- Surveys: every closed demo case got its invitations when it was closed (the real service).
  About 70% of them are answered, decided per invitation (case reference + professional), so
  a second run answers nothing new; scores spread as real ones do (mostly 6–9, some outliers).
- Reminders: a few open demo cases get an action due in two days and one that is overdue (added
  to their concept plan through the plan service), and two agreed plans an evaluation date that
  has come (demo backdating, like the seed's timelines); then the real reminder job runs.
Idempotent, and all through the services, so e-mails go through the outbox as in production."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from cases import services
from cases.models import Case, Phase, PlanStatus, ProcessPlan, SurveyInvitation
from cases.reminders import generate_reminders
from cases.services.survey import SurveyAnswers, submit_response, survey_token

RESPONSE_RATE = 0.6  # per invitation; about 70% of the demo's invitations come out answered
SCORES = {4: 1, 5: 2, 6: 5, 7: 10, 8: 12, 9: 6, 10: 2}
COMMENTS = [
    "Korte lijnen met de procesregisseur; dat werkte goed.",
    "De casusoverleggen waren soms te vol gepland.",
    "Fijn dat de afspraken in het plan van aanpak helder waren.",
    "Informatie kwam soms laat binnen bij onze organisatie.",
    "Meerwaarde zat vooral in het gezamenlijke beeld aan tafel.",
]
DEMO_SOON = "Terugkoppeling aan de partners over de voortgang."
DEMO_OVERDUE = "Overdracht aan het lokale team voorbereiden."


def _answers(rng: random.Random):
    overall = rng.choices(list(SCORES), weights=list(SCORES.values()))[0]
    base = 2 if overall <= 5 else 3 if overall <= 7 else 4

    def likert():
        if rng.random() < 0.08:
            return None  # weet niet / n.v.t.
        return max(1, min(5, base + rng.choice([-1, 0, 0, 1])))

    return SurveyAnswers(
        overall_score=overall,
        clear_goals=likert(),
        good_collaboration=likert(),
        information_sharing=likert(),
        added_value=likert(),
        comment=rng.choice(COMMENTS) if rng.random() < 0.35 else "",
    )


def answer_demo_surveys() -> int:
    answered = 0
    invitations = SurveyInvitation.objects.filter(responded_at__isnull=True, expires_at__gt=timezone.now())
    for invitation in invitations.select_related("case", "recipient").order_by("pk"):
        seed = f"zvh-demo-survey-{invitation.case.reference}-{invitation.recipient.username}"
        rng = random.Random(seed)  # noqa: S311 - demo data, deterministic on purpose
        if rng.random() >= RESPONSE_RATE:
            continue
        submit_response(token=survey_token(invitation), answers=_answers(rng))
        answered += 1
    return answered


def _demo_actions(today) -> None:
    concepts = (
        services.latest_plan(case)
        for case in _open_cases_with_plans().filter(phase=Phase.PLAN).order_by("reference")[:3]
    )
    for plan in concepts:
        if plan is None or plan.status != PlanStatus.CONCEPT:
            continue
        seat = plan.case.participants.filter(left_on__isnull=True).select_related("organisation").first()
        if seat is None:
            continue
        due = ((DEMO_SOON, today + timedelta(days=2)), (DEMO_OVERDUE, today - timedelta(days=3)))
        for description, deadline in due:
            if plan.actions.filter(description=description).exists():
                continue
            services.add_action(
                plan=plan,
                actor=plan.case.procesregisseur,
                description=description,
                owner_organisation=seat.organisation,
                deadline=deadline,
            )
            plan.refresh_from_db()


def _open_cases_with_plans():
    return Case.objects.exclude(phase=Phase.AFGESLOTEN).filter(plans__isnull=False).distinct()


def _demo_reviews(today) -> None:
    cases = _open_cases_with_plans().filter(phase=Phase.UITVOERING).order_by("reference")[:2]
    for case in cases:
        # Demo backdating: this plan's evaluation date has come.
        ProcessPlan.objects.filter(case=case, status=PlanStatus.AGREED, next_review_on__gt=today).update(
            next_review_on=today - timedelta(days=1)
        )


def seed_demo_notifications() -> dict[str, int]:
    """Answer demo surveys, give some demo cases due actions and evaluations, run the reminder job."""
    today = timezone.localdate()
    answered = answer_demo_surveys()
    _demo_actions(today)
    _demo_reviews(today)
    run = generate_reminders(today)
    return {"answered": answered, "reminders": run.total}
