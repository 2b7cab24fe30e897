"""Case meeting screens (casusoverleg): list, schedule, cancel or reschedule (with a reason), record
attendance and minutes, decisions, the minutes as PDF, and the procesregisseur's "Mijn week". Views
only parse input, ask `privacy` for the case, call a service and render; the rules live in cases/services/plan.py and
privacy/policy.py. Partners at the table read meetings and minutes; only the regisseur changes."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import document_selectors, selectors, services
from cases.calendar import meeting_ics
from cases.meeting_forms import (
    SERVICE_FIELDS,
    DecisionForm,
    MeetingCancelForm,
    MeetingRecordForm,
    MeetingRescheduleForm,
    MeetingScheduleForm,
)
from cases.models import Meeting, MeetingStatus
from privacy import policy
from privacy.access import open_case, require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.errors import show_service_error
from zvh.pdf import html_to_pdf

MY_WEEK_DAYS = 7


def meetings_summary(case) -> dict:
    """Context for templates/cases/_meetings_summary.html (the case page): the next planned
    meeting, the last held one and how many there are. Use: context["meetings_summary"] = ..."""
    now = timezone.now()
    meetings = Meeting.objects.filter(case=case)
    return {
        "next": meetings.filter(status=MeetingStatus.PLANNED, starts_at__gte=now).order_by("starts_at").first(),
        "last_held": meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at").first(),
        "count": meetings.count(),
    }


def _service_error(form, error: services.ServiceError, *, current_version: int | None = None) -> None:
    """A service's refusal beside its field. After a concurrent edit the form keeps the typed input
    but carries the stored version, so saving again after review can succeed."""
    if error.field == "submission_key":  # another user's or form's one-time key: a fresh one
        show_service_error(form, error)
        return
    if isinstance(error, services.ConcurrentEdit) and current_version is not None:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current_version)
    field = SERVICE_FIELDS.get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _meeting(case, meeting_id) -> Meeting:
    """A meeting of this case only (no meeting of another case through this case's URL)."""
    return get_object_or_404(Meeting.objects.select_related("chair"), pk=meeting_id, case=case)


def _can_change(case) -> bool:
    return policy.CHANGE in case.granted_permissions


@login_required
@require_GET
def meeting_list(request, reference):
    case = open_case(request, reference)
    now = timezone.now()
    meetings = list(case.meetings.select_related("chair").prefetch_related("invitations"))
    context = {
        "case": case,
        "upcoming": sorted(
            (m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= now), key=lambda m: m.starts_at
        ),
        "past": [m for m in meetings if not (m.status == MeetingStatus.PLANNED and m.starts_at >= now)],
        "can_change": _can_change(case),
    }
    return render(request, "cases/meeting/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = MeetingScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                case=case,
                actor=request.user,
                starts_at=data["starts_at"],
                location=data["location"],
                is_online=data["is_online"],
                agenda=data["agenda"],
                submission_key=data["submission_key"],
            )
        except services.ServiceError as error:
            _service_error(form, error)
        else:
            messages.success(request, "Het casusoverleg is gepland; de partners aan tafel zijn uitgenodigd.")
            return redirect("cases:meeting_detail", reference=case.reference, meeting_id=meeting.pk)
    return render(request, "cases/meeting/schedule.html", {"case": case, "form": form})


def _decisions(meeting):
    """Decisions with the action each created (the original, not its copies in later plan versions)."""
    decisions = list(meeting.decisions.all())
    for decision in decisions:
        decision.created_actions = list(
            decision.actions.filter(carried_from__isnull=True).select_related("owner_organisation", "owner_user")
        )
    return decisions


@login_required
@require_GET
def meeting_detail(request, reference, meeting_id):
    case = open_case(request, reference)
    meeting = _meeting(case, meeting_id)
    context = {
        "case": case,
        "meeting": meeting,
        "attendance": selectors.meeting_attendance(meeting),
        "history": selectors.meeting_changes(meeting),
        "decisions": _decisions(meeting),
        "can_change": _can_change(case),
        "is_held": meeting.is_held,
        # issue 17: agenda and minutes annexes, documents of the case
        "annexes": document_selectors.case_documents(case, request.user, meeting=meeting),
        "annex_add_url": f"{reverse('cases:document_add', args=[case.reference])}?overleg={meeting.pk}"
        if policy.CONTRIBUTE in case.granted_permissions and not case.is_closed
        else "",
    }
    return render(request, "cases/meeting/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request, reference, meeting_id):
    case = open_case(request, reference, need=policy.CHANGE)
    meeting = _meeting(case, meeting_id)
    initial = {"version": meeting.version, "minutes": meeting.minutes}
    form = MeetingRecordForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_meeting(
                meeting=meeting,
                actor=request.user,
                expected_version=data["version"],
                attendance=form.attendance(),
                guests=form.guests(),
                minutes=data["minutes"],
            )
        except services.ServiceError as error:
            _service_error(form, error, current_version=Meeting.objects.get(pk=meeting.pk).version)
        else:
            messages.success(request, "De aanwezigheid en het verslag zijn opgeslagen.")
            return redirect("cases:meeting_detail", reference=case.reference, meeting_id=meeting.pk)
    return render(request, "cases/meeting/record.html", {"case": case, "meeting": meeting, "form": form})


def _change_meeting(request, reference, meeting_id, *, form_class, template, change, done):
    """The cancel and reschedule screens: only the regisseur, only while the meeting is planned
    (otherwise back to the meeting with the reason); the service decides and refuses."""
    case = open_case(request, reference, need=policy.CHANGE)
    meeting = _meeting(case, meeting_id)
    if not meeting.is_planned:
        state = "geannuleerd" if meeting.is_cancelled else "al gehouden"
        messages.error(request, f"Dit overleg is {state}; het kan niet meer worden gewijzigd.")
        return redirect("cases:meeting_detail", reference=case.reference, meeting_id=meeting.pk)
    form = form_class(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            change(meeting, form.cleaned_data)
        except services.ServiceError as error:
            _service_error(form, error, current_version=Meeting.objects.get(pk=meeting.pk).version)
        else:
            messages.success(request, done)
            return redirect("cases:meeting_detail", reference=case.reference, meeting_id=meeting.pk)
    return render(request, template, {"case": case, "meeting": meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, reference, meeting_id):
    return _change_meeting(
        request, reference, meeting_id,
        form_class=MeetingCancelForm,
        template="cases/meeting/cancel.html",
        change=lambda meeting, data: services.cancel_meeting(
            meeting=meeting, by=request.user, reason=data["reason"], expected_version=data["version"]
        ),
        done="Het casusoverleg is geannuleerd; de reden staat bij het overleg en in de tijdlijn.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, reference, meeting_id):
    return _change_meeting(
        request, reference, meeting_id,
        form_class=MeetingRescheduleForm,
        template="cases/meeting/reschedule.html",
        change=lambda meeting, data: services.reschedule_meeting(
            meeting=meeting, by=request.user, starts_at=data["starts_at"], reason=data["reason"],
            expected_version=data["version"],
        ),
        done="Het casusoverleg is verplaatst; de reden staat bij het overleg en in de tijdlijn.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decision(request, reference, meeting_id):
    case = open_case(request, reference, need=policy.CHANGE)
    meeting = _meeting(case, meeting_id)
    form = DecisionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.add_decision(
                meeting=meeting,
                actor=request.user,
                text=data["text"],
                action_owner=data["action_owner"],
                action_deadline=data["action_deadline"],
                action_owner_user=data["action_owner_user"],
            )
        except services.ServiceError as error:
            _service_error(form, error)
        else:
            if decision.actions.exists():
                messages.success(request, "Het besluit is vastgelegd en als actie in het concept-plan gezet.")
            else:
                messages.success(request, "Het besluit is vastgelegd.")
            return redirect("cases:meeting_detail", reference=case.reference, meeting_id=meeting.pk)
    context = {"case": case, "meeting": meeting, "form": form, "decisions": _decisions(meeting)}
    return render(request, "cases/meeting/decision.html", context)


@login_required
@require_GET
def meeting_minutes_pdf(request, reference, meeting_id):
    """The minutes of a held meeting as PDF, for whoever may read the case. Generating it is an
    export of personal data: logged, with a confidentiality footer naming the recipient."""
    case = open_case(request, reference)
    meeting = _meeting(case, meeting_id)
    if not meeting.is_held:
        raise Http404("Van dit overleg is nog geen verslag vastgelegd.")
    _log_minutes_export(request, case, meeting)
    today = timezone.localdate()
    html = render_to_string(
        "cases/pdf/meeting_minutes.html",
        {
            "case": case,
            "meeting": meeting,
            "attendance": selectors.meeting_attendance(meeting),
            "decisions": _decisions(meeting),
            "recipient": request.user.get_full_name() or request.user.get_username(),
            "generated_on": today,
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"verslag-{case.reference}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
def meeting_calendar(request, reference, meeting_id):
    """The meeting's calendar file (the same the invitation e-mail carries), for whoever may read
    the case: reference, time, place and a link only. Logged as an export (it names the case)."""
    case = open_case(request, reference)
    meeting = _meeting(case, meeting_id)
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        case=case,
        object_type="agenda-bestand",
        object_reference=str(meeting.pk),
        allowed=True,
        is_break_glass=case.active_break_glass is not None,
    )
    response = HttpResponse(
        meeting_ics(meeting, recipient_email=request.user.email), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="casusoverleg-{case.reference}.ics"'
    response["Cache-Control"] = "no-store, private"
    return response


def _log_minutes_export(request, case, meeting) -> None:
    """Generating the minutes is an export of the case's personal data."""
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        case=case,
        person_ids=case.persons.values_list("pk", flat=True),
        object_type="verslag-pdf",
        object_reference=str(meeting.pk),
        allowed=True,
        is_break_glass=case.active_break_glass is not None,
    )


@login_required
@require_GET
def my_week(request):
    """'Mijn week': the meetings of today and the next seven days in the cases the user directs."""
    user = request.user
    require(
        request,
        policy.may_register_cases(user),
        message="‘Mijn week’ is er voor procesregisseurs.",
        reason="alleen procesregisseur",
        action=AccessAction.LIST,
        object_type="mijn-week",
    )
    today = timezone.localdate()
    meetings = selectors.my_week_meetings(user, today, days=MY_WEEK_DAYS)
    log_access(
        request=request,
        action=AccessAction.LIST,
        allowed=True,
        case_ids=[m.case_id for m in meetings],
        object_type="mijn-week",
    )
    context = {"meetings": meetings, "start": today, "end": today + timedelta(days=MY_WEEK_DAYS)}
    return render(request, "cases/meeting/my_week.html", context)
