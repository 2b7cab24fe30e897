"""Collaboration agenda screens (seed 003): the stuurgroep view of a year's agenda and its PDF
(read by the bureau and the partners' professionals), and the pages where the bureau maintains
priorities, kartrekkers and actions and where kartrekkers report progress. No case data."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from partners.models import AgendaAction, AgendaPriority, CollaborationAgenda
from privacy import policy
from privacy.access import require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.pdf import html_to_pdf
from zvh.view_helpers import DENIED, save_form

from . import selectors, services
from .forms import ActionForm, AgendaCreateForm, AgendaEditForm, PriorityForm, ProgressForm


def _agenda(year: int) -> CollaborationAgenda:
    return get_object_or_404(CollaborationAgenda, year=year)


def _priority(agenda: CollaborationAgenda, priority_id: int) -> AgendaPriority:
    return get_object_or_404(AgendaPriority.objects.prefetch_related("kartrekkers"), agenda=agenda, pk=priority_id)


@login_required
def agenda_index(request):
    require(
        request,
        policy.may_view_agenda(request.user),
        message=DENIED,
        reason="rol zonder deel aan de agenda",
        object_type="samenwerkingsagenda",
    )
    context = {"agendas": selectors.agenda_years(), "can_manage": policy.may_manage_agenda(request.user)}
    return render(request, "agenda/agenda_index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_new(request):
    require(
        request,
        policy.may_manage_agenda(request.user),
        message=DENIED,
        reason="alleen het ondersteunend bureau",
        object_type="samenwerkingsagenda",
    )
    form = AgendaCreateForm(request.POST or None, initial={"year": timezone.localdate().year})

    def save(data):
        return services.create_agenda(
            actor=request.user, year=data["year"], title=data["title"], introduction=data["introduction"]
        )

    agenda = save_form(
        request, form, save, success=lambda saved: f"{saved} is aangemaakt. Voeg nu de prioriteiten toe."
    )
    if agenda is not None:
        return redirect("agenda:agenda", year=agenda.year)
    return render(request, "agenda/agenda_new.html", {"form": form})


@login_required
def agenda_detail(request, year):
    """The stuurgroep view: every priority in order with kartrekkers, actions, status and the
    latest progress."""
    require(
        request,
        policy.may_view_agenda(request.user),
        message=DENIED,
        reason="rol zonder deel aan de agenda",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    context = {
        "agenda": agenda,
        **selectors.agenda_overview(agenda),
        "can_manage": policy.may_manage_agenda(request.user),
    }
    return render(request, "agenda/agenda_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request, year):
    require(
        request,
        policy.may_manage_agenda(request.user),
        message=DENIED,
        reason="alleen het ondersteunend bureau",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    initial = {f: getattr(agenda, f) for f in ("version", "title", "introduction", "status", "adopted_on")}
    form = AgendaEditForm(request.POST or None, initial=initial)

    def save(data):
        fields = {key: data[key] for key in ("title", "introduction", "status", "adopted_on")}
        return services.update_agenda(actor=request.user, agenda=agenda, expected_version=data["version"], **fields)

    if save_form(request, form, save, success="De agenda is opgeslagen.", stored=agenda):
        return redirect("agenda:agenda", year=agenda.year)
    return render(request, "agenda/agenda_edit.html", {"agenda": agenda, "form": form})


def _log_export(request, agenda: CollaborationAgenda) -> None:
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        allowed=True,
        object_type="samenwerkingsagenda",
        object_reference=f"SA-{agenda.year}",
    )


@login_required
def agenda_pdf(request, year):
    """The year's agenda progress as a PDF for the stuurgroep. Logged as an export."""
    require(
        request,
        policy.may_view_agenda(request.user),
        message=DENIED,
        reason="rol zonder deel aan de agenda",
        action=AccessAction.EXPORT,
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    _log_export(request, agenda)
    html = render_to_string(
        "agenda/pdf/agenda.html",
        {
            "agenda": agenda,
            **selectors.agenda_overview(agenda, notes_per_priority=1),
            "recipient": request.user.get_full_name() or request.user.get_username(),
            "generated_at": timezone.localtime(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"samenwerkingsagenda-{agenda.year}-voortgang-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _priority_data(data) -> services.PriorityData:
    return services.PriorityData(
        focus_area=data["focus_area"],
        title=data["title"],
        description=data["description"],
        position=data["position"],
        kartrekkers=list(data["kartrekkers"]),
        kartrekker_note=data["kartrekker_note"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_new(request, year):
    require(
        request,
        policy.may_manage_agenda(request.user),
        message=DENIED,
        reason="alleen het ondersteunend bureau",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    last = agenda.priorities.order_by("-position").first()
    form = PriorityForm(request.POST or None, initial={"focus_area": last.focus_area if last else ""})
    priority = save_form(
        request,
        form,
        lambda data: services.save_priority(actor=request.user, agenda=agenda, data=_priority_data(data)),
        success=lambda saved: f"Prioriteit {saved.position} ‘{saved}’ is toegevoegd.",
    )
    if priority is not None:
        return redirect("agenda:priority", year=agenda.year, priority_id=priority.pk)
    return render(request, "agenda/priority_form.html", {"agenda": agenda, "priority": None, "form": form})


@login_required
def priority_detail(request, year, priority_id):
    require(
        request,
        policy.may_view_agenda(request.user),
        message=DENIED,
        reason="rol zonder deel aan de agenda",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    priority = _priority(agenda, priority_id)
    context = {
        "agenda": agenda,
        "priority": priority,
        "actions": priority.actions.select_related("lead"),
        "notes": priority.progress_notes.select_related("author"),
        "can_manage": policy.may_manage_agenda(request.user),
        "can_report": policy.may_report_agenda_progress(request.user, priority),
    }
    return render(request, "agenda/priority_detail.html", context)


def _priority_initial(priority: AgendaPriority) -> dict:
    initial = {
        f: getattr(priority, f)
        for f in ("version", "focus_area", "title", "description", "position", "kartrekker_note")
    }
    initial["kartrekkers"] = list(priority.kartrekkers.all())
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def priority_edit(request, year, priority_id):
    require(
        request,
        policy.may_manage_agenda(request.user),
        message=DENIED,
        reason="alleen het ondersteunend bureau",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    priority = _priority(agenda, priority_id)
    form = PriorityForm(request.POST or None, initial=_priority_initial(priority))

    def save(data):
        return services.save_priority(
            actor=request.user,
            agenda=agenda,
            priority=priority,
            expected_version=data["version"],
            data=_priority_data(data),
        )

    if save_form(request, form, save, success="De prioriteit is opgeslagen.", stored=priority):
        return redirect("agenda:priority", year=agenda.year, priority_id=priority.pk)
    return render(request, "agenda/priority_form.html", {"agenda": agenda, "priority": priority, "form": form})


def _require_may_report(request, priority: AgendaPriority) -> None:
    require(
        request,
        policy.may_report_agenda_progress(request.user, priority),
        message=DENIED,
        reason="geen bureau of kartrekker",
        object_type="samenwerkingsagenda",
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_add(request, year, priority_id):
    require(
        request,
        policy.may_view_agenda(request.user),
        message=DENIED,
        reason="rol zonder deel aan de agenda",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    priority = _priority(agenda, priority_id)
    _require_may_report(request, priority)
    form = ProgressForm(request.POST or None, priority=priority)

    def save(data):
        return services.add_progress_note(
            actor=request.user,
            priority=priority,
            text=data["text"],
            status=data["status"],
            expected_version=data["version"],
            submission_key=data["submission_key"],
        )

    if save_form(request, form, save, success="De voortgang is vastgelegd.", stored=priority):
        return redirect("agenda:priority", year=agenda.year, priority_id=priority.pk)
    latest = priority.progress_notes.select_related("author")[:3]
    context = {"agenda": agenda, "priority": priority, "form": form, "latest_notes": latest}
    return render(request, "agenda/progress_form.html", context)


def _action_data(data) -> services.ActionData:
    return services.ActionData(
        description=data["description"], lead=data["lead"], due_on=data["due_on"], status=data["status"]
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request, year, priority_id):
    require(
        request,
        policy.may_manage_agenda(request.user),
        message=DENIED,
        reason="alleen het ondersteunend bureau",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    priority = _priority(agenda, priority_id)
    form = ActionForm(request.POST or None)

    def save(data):
        return services.save_action(actor=request.user, priority=priority, data=_action_data(data))

    if save_form(request, form, save, success="De actie is toegevoegd."):
        return redirect("agenda:priority", year=agenda.year, priority_id=priority.pk)
    context = {"agenda": agenda, "priority": priority, "action": None, "form": form}
    return render(request, "agenda/action_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, year, priority_id, agenda_action_id):
    require(
        request,
        policy.may_manage_agenda(request.user),
        message=DENIED,
        reason="alleen het ondersteunend bureau",
        object_type="samenwerkingsagenda",
    )
    agenda = _agenda(year)
    priority = _priority(agenda, priority_id)
    action = get_object_or_404(AgendaAction, priority=priority, pk=agenda_action_id)
    initial = {f: getattr(action, f) for f in ("version", "description", "lead", "due_on", "status")}
    form = ActionForm(request.POST or None, initial=initial)

    def save(data):
        return services.save_action(
            actor=request.user,
            priority=priority,
            action=action,
            expected_version=data["version"],
            data=_action_data(data),
        )

    if save_form(request, form, save, success="De actie is opgeslagen.", stored=action):
        return redirect("agenda:priority", year=agenda.year, priority_id=priority.pk)
    context = {"agenda": agenda, "priority": priority, "action": action, "form": form}
    return render(request, "agenda/action_form.html", context)
