from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cases import worklist_selectors as worklist
from dashboard.start_page import intake_lines
from privacy import policy
from privacy.break_glass.selectors import accesses_to_review
from privacy.models import AccessAction
from privacy.retention.selectors import retention_due_soon
from privacy.services import log_access
from privacy.subject_access.selectors import open_subject_requests

# The sections a start page can show in full ("alle N tonen" without a list page of their own).
EXPANDABLE = {"acties", "overleggen", "evaluaties", "zonder-plan", "akkoord"}
START_PAGE_LIMIT = worklist.SHOWN


@login_required
def home(request):
    """A start page per role: what needs the user today, each item linking to where it is handled.
    A user gets every section their role allows (the policy decides each); the page costs a fixed
    number of queries however many cases there are (tests/test_query_counts.py)."""
    user = request.user
    today = timezone.localdate()
    shown_in_full = request.GET.get("alle", "")
    expanded = shown_in_full if shown_in_full in EXPANDABLE else ""
    context = {"today": today, "expanded": expanded}
    if policy.may_work_on_cases(user) and user.is_procesregisseur:
        context["regie"] = {
            "escalations": worklist.waiting_escalations(user),
            "actions": worklist.due_actions(user, today, expanded=expanded == "acties"),
            "meetings": worklist.meetings_this_week(user, today, expanded=expanded == "overleggen"),
            "evaluations": worklist.evaluations_due(user, today, expanded=expanded == "evaluaties"),
            "reminders": worklist.open_reminder_section(user),
            "without_plan": worklist.cases_without_agreed_plan(user, today, expanded=expanded == "zonder-plan"),
            "plan_weeks": worklist.plan_agreement_weeks(),
            "near_days": worklist.ACTION_NEAR_DAYS,
            "evaluation_days": worklist.EVALUATION_NEAR_DAYS,
        }
    if policy.may_work_on_cases(user) and user.is_partnerprofessional:
        context["partner"] = {
            "actions": worklist.organisation_actions(user, today, expanded=expanded == "acties"),
            "meetings": worklist.coming_meetings(user, today, expanded=expanded == "overleggen"),
            "decisions": worklist.escalation_decisions(user, today),
            "agreements": worklist.plans_awaiting_agreement(user, expanded=expanded == "akkoord"),
            "decision_days": worklist.DECISIONS_RECENT_DAYS,
            "may_submit": policy.may_submit_escalations(user),
        }
    if policy.may_read_access_log(user):
        review_count, reviews = accesses_to_review(limit=START_PAGE_LIMIT)
        context["break_glass"] = {"count": review_count, "items": reviews}
    if policy.may_handle_subject_requests(user):
        request_count, requests = open_subject_requests(limit=START_PAGE_LIMIT)
        context["subject_requests"] = {"count": request_count, "items": requests}
    if policy.may_manage_retention(user):
        context["retention"] = retention_due_soon(today=today, limit=START_PAGE_LIMIT)
    if user.is_manager and policy.may_view_dashboard(user):
        context["intake"] = {"year": today.year, "lines": intake_lines(today.year)}
    _log_case_references(request, [*context.get("regie", {}).values(), *context.get("partner", {}).values()])
    return render(request, "home.html", context)


def _log_case_references(request, sections) -> None:
    """The start page names cases by reference: one access-log entry for the cases it lists, as
    every list of cases does."""
    case_ids = sorted({case_id for section in sections for case_id in getattr(section, "case_ids", ())})
    if case_ids:
        log_access(
            request=request, action=AccessAction.LIST, allowed=True, case_ids=case_ids, object_type="startpagina"
        )


@never_cache
def health(request):
    """Liveness and database check for the container health check; reveals nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
