"""Plan screens (plan van aanpak): the plan and its versions, concept editing by the procesregisseur,
action status by the owning partner, and the PDFs (agreed plan, case summary).

Views only parse input, ask `privacy` for the case, call a service and render; the rules live in
cases/services/plan.py and privacy/policy.py. Every object looked up by id must belong to the case
opened through `open_case` (no IDOR)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import document_selectors, selectors, services
from cases.models import (
    Case,
    Participant,
    ParticipantProfessional,
    Phase,
    PlanAction,
    PlanStatus,
    ProcessPlan,
)
from cases.plan_forms import (
    GUIDANCE_ACTIES,
    GUIDANCE_ANALYSE,
    GUIDANCE_DOELEN,
    GUIDANCE_REGIE,
    GUIDANCE_VASTSTELLEN,
    SCORE_LABELS,
    ActionForm,
    ActionStatusForm,
    AgreeForm,
    AssessmentVersionForm,
    GoalForm,
    PartnerAgreementForm,
    PlanDetailsForm,
    assessment_forms,
)
from privacy import policy
from privacy.access import open_case, require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.errors import show_service_error
from zvh.forms import ascii_digits
from zvh.pdf import html_to_pdf

# The guidance beside each part of the concept editor.
GUIDANCE = {
    "analyse": GUIDANCE_ANALYSE,
    "doelen": GUIDANCE_DOELEN,
    "acties": GUIDANCE_ACTIES,
    "regie": GUIDANCE_REGIE,
    "vaststellen": GUIDANCE_VASTSTELLEN,
}


def _get_plan(case: Case, plan_id: int) -> ProcessPlan:
    plan = get_object_or_404(
        ProcessPlan.objects.select_related("casusregisseur", "casusregisseur_user", "agreed_by"), pk=plan_id, case=case
    )
    plan.case = case  # the case opened through open_case (casusregie of a concept is the case's)
    return plan


def _get_action(case: Case, action_id: int) -> PlanAction:
    action = get_object_or_404(
        PlanAction.objects.select_related("plan", "owner_organisation", "owner_user", "goal"),
        pk=action_id,
        plan__case=case,
    )
    action.plan.case = case
    return action


def _can_change(case: Case) -> bool:
    return policy.CHANGE in case.granted_permissions


# --- Plan page ------------------------------------------------------------------------------------


@login_required
@require_GET
def plan(request, reference):
    case = open_case(request, reference, need=policy.VIEW, queryset=selectors.cases_with_casusregie())
    wanted = request.GET.get("versie", "")
    context = selectors.plan_page(case, request.user, int(wanted) if ascii_digits(wanted) else None)
    context.update(case=case, can_change=_can_change(case), score_labels=SCORE_LABELS)
    context["agreement_form"] = PartnerAgreementForm()
    shown = context.get("plan")
    if shown is not None:  # issue 17: annexes of the version shown, documents of the case
        context["annexes"] = document_selectors.case_documents(case, request.user, plan=shown)
        may_add = policy.CONTRIBUTE in case.granted_permissions and not case.is_closed
        add_url = f"{reverse('cases:document_add', args=[case.reference])}?plan={shown.pk}"
        context["annex_add_url"] = add_url if may_add else ""
    context.update(phase_version=case.version, execution_phase=Phase.UITVOERING)
    return render(request, "cases/plan/plan.html", context)


@login_required
@require_POST
def plan_partner_agree(request, reference, plan_id):
    """A partner professional at the table records their organisation's agreement to a concept."""
    case = open_case(request, reference, need=policy.VIEW)
    version = _get_plan(case, plan_id)
    require(
        request,
        policy.may_agree_plan(request.user, case),
        message="Alleen een professional die namens een partner aan tafel zit, geeft akkoord op het plan.",
        reason="niet aan tafel voor een partner",
        case=case,
        object_type="plan-akkoord",
        object_reference=f"v{version.number}",
    )
    form = PartnerAgreementForm(request.POST)
    if form.is_valid():
        try:
            services.record_agreement(plan=version, actor=request.user, remark=form.cleaned_data["remark"])
        except services.ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"Het akkoord van {request.user.organisation} op versie {version.number} is vastgelegd."
            )
        return redirect(f"{_plan_url(case)}?versie={version.number}")
    # Only a too long remark gets here: the page again, the typed remark kept beside its error.
    context = selectors.plan_page(case, request.user, version.number)
    context.update(case=case, can_change=_can_change(case), score_labels=SCORE_LABELS, agreement_form=form)
    context.update(phase_version=case.version, execution_phase=Phase.UITVOERING)
    return render(request, "cases/plan/plan.html", context, status=400)


@login_required
@require_POST
def plan_start(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    try:
        new = services.start_plan(case=case, actor=request.user)
    except services.ServiceError as error:
        messages.error(request, error.message)
        return redirect("cases:plan", reference=case.reference)
    messages.success(request, f"Versie {new.number} van het plan is een concept; werk het bij en stel het vast.")
    return redirect("cases:plan_edit", reference=case.reference, plan_id=new.pk)


# --- Concept editing (one part per page, one save per part) -----------------------------------------

# The concept editor's parts in order, each its own page (`?deel=`) with one form and one save: the
# editor on one page was 9,800 px with five save buttons (issue 18).
PLAN_PARTS = (
    ("regie", "Regie en evaluatie"),
    ("analyse", "Analyse per leefgebied"),
    ("doelen", "Doelen"),
    ("acties", "Acties"),
    ("vaststellen", "Vaststellen"),
)
PART_KEYS = [key for key, _ in PLAN_PARTS]


def _edit_page(request, case: Case, plan: ProcessPlan, *, part: str = "", status=200, **forms):
    """The part asked for (`?deel=`, else the first); a refused form comes back on its own part."""
    part = part or request.GET.get("deel", "")
    index = PART_KEYS.index(part) if part in PART_KEYS else 0
    context = {
        "case": case,
        "plan": plan,
        "parts": PLAN_PARTS,
        "part": PART_KEYS[index],
        "previous_part": PLAN_PARTS[index - 1] if index > 0 else None,
        "next_part": PLAN_PARTS[index + 1] if index + 1 < len(PLAN_PARTS) else None,
        "details_form": forms.get("details_form") or PlanDetailsForm.for_plan(plan),
        "version_form": forms.get("version_form") or AssessmentVersionForm(initial={"version": plan.version}),
        "assessment_forms": forms.get("assessment_forms") or assessment_forms(plan),
        "goal_form": forms.get("goal_form") or GoalForm(),
        "action_form": forms.get("action_form") or ActionForm(plan=plan),
        "agree_form": forms.get("agree_form") or AgreeForm(initial={"version": plan.version}),
        "guidance": GUIDANCE,
        **selectors.plan_content(plan),
        **selectors.agreement_overview(plan, request.user),
    }
    context["has_errors"] = any(
        f.errors
        for f in [
            context["details_form"],
            context["version_form"],
            context["goal_form"],
            context["action_form"],
            context["agree_form"],
            *context["assessment_forms"],
        ]
    )
    return render(request, "cases/plan/plan_edit.html", context, status=status)


def _open_concept(request, reference, plan_id):
    """The case (CHANGE) and the concept version; an agreed version sends the user back to the
    read-only plan page."""
    case = open_case(request, reference, need=policy.CHANGE)
    version = _get_plan(case, plan_id)
    if version.is_frozen:
        messages.info(request, f"Versie {version.number} is vastgesteld en kan niet meer worden gewijzigd.")
        return case, None
    return case, version


def _frozen_redirect(case, plan_id):
    version = ProcessPlan.objects.get(pk=plan_id)
    return redirect(f"{_plan_url(case)}?versie={version.number}")


def _plan_url(case: Case) -> str:
    return reverse("cases:plan", kwargs={"reference": case.reference})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, reference, plan_id):
    case, version = _open_concept(request, reference, plan_id)
    if version is None:
        return _frozen_redirect(case, plan_id)
    form = PlanDetailsForm.for_plan(version, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_plan(
                plan=version,
                actor=request.user,
                expected_version=data["version"],
                summary=data["summary"],
                casusregisseur=data["casusregisseur"],
                casusregisseur_user=data["casusregisseur_user"],
                next_review_on=data["next_review_on"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=ProcessPlan.objects.get(pk=version.pk).version)
        else:
            messages.success(request, "De gegevens van het plan zijn opgeslagen.")
            return redirect("cases:plan_edit", reference=case.reference, plan_id=version.pk)
    return _edit_page(request, case, version, part="regie" if form.is_bound else "", details_form=form)


@login_required
@require_POST
def plan_assessment(request, reference, plan_id):
    case, version = _open_concept(request, reference, plan_id)
    if version is None:
        return _frozen_redirect(case, plan_id)
    version_form = AssessmentVersionForm(request.POST)
    forms = assessment_forms(version, request.POST)
    valid = version_form.is_valid() & all([f.is_valid() for f in forms])
    if valid:
        changed = [
            (form.domain, *(form.cleaned_data[key] for key in ("score", "risks", "protective_factors")))
            for form in forms
            if form.has_changed() and (form.has_content() or form.existing is not None)
        ]
        try:
            services.save_assessments(
                plan=version, actor=request.user, expected_version=version_form.cleaned_data["version"], items=changed
            )
        except services.ConcurrentEdit as error:
            version_form.data = version_form.data.copy()
            version_form.data["version"] = str(version.version)  # typed input stays; saving again works
            version_form.add_error(None, error.message)
        except services.ServiceError as error:
            version_form.add_error(None, error.message)
        else:
            messages.success(request, "De analyse per leefgebied is opgeslagen.")
            return redirect(_edit_url(case, version, "analyse"))
    return _edit_page(request, case, version, part="analyse", version_form=version_form, assessment_forms=forms)


def _edit_url(case: Case, version: ProcessPlan, part: str = "") -> str:
    url = reverse("cases:plan_edit", kwargs={"reference": case.reference, "plan_id": version.pk})
    return f"{url}?deel={part}" if part else url


@login_required
@require_POST
def plan_goal_add(request, reference, plan_id):
    case, version = _open_concept(request, reference, plan_id)
    if version is None:
        return _frozen_redirect(case, plan_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.add_goal(
                plan=version,
                actor=request.user,
                domain=form.cleaned_data["domain"],
                description=form.cleaned_data["description"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Het doel is toegevoegd.")
            return redirect(_edit_url(case, version, "doelen"))
    return _edit_page(request, case, version, part="doelen", goal_form=form)


@login_required
@require_POST
def plan_action_add(request, reference, plan_id):
    case, version = _open_concept(request, reference, plan_id)
    if version is None:
        return _frozen_redirect(case, plan_id)
    form = ActionForm(request.POST, plan=version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                plan=version,
                actor=request.user,
                description=data["description"],
                owner_organisation=data["owner_organisation"],
                owner_user=data["owner_user"],
                deadline=data["deadline"],
                goal=data["goal"],
                submission_key=data["submission_key"],
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "De actie is toegevoegd.")
            return redirect(_edit_url(case, version, "acties"))
    return _edit_page(request, case, version, part="acties", action_form=form)


@login_required
@require_POST
def plan_agree(request, reference, plan_id):
    case, version = _open_concept(request, reference, plan_id)
    if version is None:
        return _frozen_redirect(case, plan_id)
    form = AgreeForm(request.POST)
    if form.is_valid():
        try:
            services.agree_plan(
                plan=version,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                agreement_note=form.cleaned_data["agreement_note"],
                confirm_missing=form.cleaned_data["confirm_missing"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=ProcessPlan.objects.get(pk=version.pk).version)
        else:
            messages.success(request, f"Versie {version.number} van het plan is vastgesteld.")
            return redirect("cases:plan", reference=case.reference)
    return _edit_page(request, case, version, part="vaststellen", agree_form=form)


@login_required
@require_POST
def plan_request_agreement(request, reference, plan_id):
    """The regisseur asks the partners at the table to agree to the concept (a button: nothing typed)."""
    case, version = _open_concept(request, reference, plan_id)
    if version is None:
        return _frozen_redirect(case, plan_id)
    form = AgreeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Het verzoek om akkoord is niet verstuurd: laad de pagina opnieuw en probeer het nog eens."
        )
        return redirect(_edit_url(case, version, "vaststellen"))
    try:
        asked = services.request_agreement(
            plan=version, actor=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.ServiceError as error:
        messages.error(request, error.message)
    else:
        names = ", ".join(str(o) for o in asked)
        messages.success(
            request, f"Akkoord gevraagd aan de professionals aan tafel namens {names}. Zij krijgen een bericht."
        )
    return redirect(_edit_url(case, version, "vaststellen"))


# --- Action status by the owning partner -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_action_status(request, reference, action_id):
    case = open_case(request, reference, need=policy.VIEW)
    action = _get_action(case, action_id)
    require(
        request,
        policy.may_update_action(request.user, action),
        message="Alleen de eigenaar van deze actie of de procesregisseur werkt de status bij.",
        reason="geen eigenaar van deze actie",
        case=case,
        object_type="plan-actie",
        object_reference=str(action.pk),
    )
    form = ActionStatusForm(request.POST or None, initial={"status": action.status, "note": action.status_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action_status(
                action=action, actor=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "De status van de actie is bijgewerkt.")
            return redirect("cases:plan", reference=case.reference)
    return render(request, "cases/plan/action_status.html", {"case": case, "action": action, "form": form})


# --- PDFs ------------------------------------------------------------------------------------------


def _recipient(request) -> str:
    return request.user.get_full_name() or request.user.get_username()


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_plan_html(case: Case, version: ProcessPlan, recipient: str) -> str:
    plans = selectors.case_plans(case)
    context = {
        "case": case,
        "plan": version,
        "recipient": recipient,
        "generated_at": timezone.localtime(),
        "matrix": selectors.score_matrix(case, [p for p in plans if p.number <= version.number]),
        "participants": _active_participants(case),
        "agreements": selectors.plan_agreements(version),
        **selectors.plan_content(version),
    }
    return render_to_string("cases/pdf/plan.html", context)


def _active_participants(case: Case) -> list[Participant]:
    seats = ParticipantProfessional.objects.filter(left_on__isnull=True).select_related("user")
    return list(
        case.participants.filter(left_on__isnull=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("professionals", queryset=seats, to_attr="active_seats"))
        .order_by("organisation__name")
    )


@login_required
@require_GET
def plan_pdf(request, reference, plan_id):
    case = open_case(request, reference, need=policy.VIEW, queryset=selectors.cases_with_casusregie())
    version = _get_plan(case, plan_id)
    pdf = html_to_pdf(render_plan_html(case, version, _recipient(request)))
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        case=case,
        person_ids=case.persons.values_list("pk", flat=True),
        object_type="plan-pdf",
        object_reference=f"v{version.number}",
        allowed=True,
        is_break_glass=case.active_break_glass is not None,
    )
    suffix = "" if version.is_frozen else "-concept"
    return _pdf_response(pdf, f"plan-{case.reference}-v{version.number}{suffix}.pdf")


@login_required
@require_GET
def case_summary_pdf(request, reference):
    case = open_case(request, reference, need=policy.VIEW, queryset=selectors.cases_with_casusregie())
    latest = services.latest_plan(case)
    agreed = case.plans.filter(status=PlanStatus.AGREED).order_by("-number").first()
    shown = agreed or latest
    context = {
        "case": case,
        "recipient": _recipient(request),
        "generated_at": timezone.localtime(),
        "persons": list(case.persons.all()),
        "participants": _active_participants(case),
        "ave_history": list(case.ave_history.select_related("changed_by")),
        "timeline": selectors.timeline_for(request.user, case, limit=25),
        "plan": shown,
        **(selectors.plan_content(shown) if shown else {}),
        **selectors.closure_summary(case),
    }
    pdf = html_to_pdf(render_to_string("cases/pdf/case_summary.html", context))
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        case=case,
        person_ids=[p.pk for p in context["persons"]],
        object_type="casusoverzicht-pdf",
        allowed=True,
        is_break_glass=case.active_break_glass is not None,
    )
    return _pdf_response(pdf, f"casusoverzicht-{case.reference}-{timezone.localdate():%Y-%m-%d}.pdf")
