"""Case screens. Views only parse input, ask `privacy` for the case, call a service or selector
and render; rules live in services.py and privacy/policy.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from cases import case_list_selectors as list_selectors
from cases import selectors, services
from cases.case_list_forms import SaveFilterForm
from cases.document_selectors import case_documents
from cases.forms import (
    AveLevelForm,
    BottleneckForm,
    CaseDetailsForm,
    CaseRegisterForm,
    NewPersonForm,
    NoteForm,
    PersonForm,
    PhaseForm,
    SeatPartnerForm,
)
from cases.models import Person, Phase
from cases.selectors import plan_overview
from cases.services import saved_filters
from cases.views.confirmations import closing_confirmation
from cases.views.meeting import meetings_summary
from privacy import policy
from privacy.access import open_case, require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.errors import show_service_error
from zvh.forms import confirmed
from zvh.view_helpers import save_form

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def case_list(request):
    """The case list as a work list. A search term never sits in a URL (ASVS 8.3.1): the form posts,
    the term is stored as the user's last search and the browser is sent to `?filter=<key>`; an old
    link with `?q=` is converted the same way. Filters without personal data stay plain GET."""
    require(
        request,
        policy.may_work_on_cases(request.user),
        message="Uw rol geeft geen toegang tot casussen.",
        reason="rol zonder casustoegang",
        action=AccessAction.LIST,
    )
    if request.method == "POST":
        return _list_posted(request)
    if request.GET.get("q", "").strip():
        return redirect(_list_url(request.user, list_selectors.criteria_from_params(request.GET)))
    asked_key = request.GET.get("filter", "")
    saved = list_selectors.saved_filters_of(request.user, asked_key)
    if asked_key:
        if saved.asked is None:
            log_access(
                request=request,
                action=AccessAction.LIST,
                allowed=False,
                object_type="zoekopdracht",
                reason="zoekopdracht van een andere gebruiker of onbekend",
            )
            raise list_selectors.SavedFilterNotFound("Zoekopdracht niet gevonden")
        criteria = list_selectors.clean_criteria(saved.asked.criteria)
        base = QueryDict(mutable=True)
        base["filter"] = asked_key
        base_querystring = base.urlencode()
    else:
        criteria = list_selectors.criteria_from_params(request.GET)
        base_querystring = list_selectors.plain_querystring(criteria)
    if request.GET.get("sorteer"):
        criteria["sort"] = list_selectors.clean_sort(request.GET["sorteer"])
    return _render_list(request, criteria, saved, base_querystring)


def _list_posted(request):
    """The search form: search (store the term, redirect to its link), or save the filters under a name."""
    criteria = list_selectors.criteria_from_params(request.POST)
    if "opslaan" not in request.POST:
        return redirect(_list_url(request.user, criteria))
    form = SaveFilterForm(request.POST)
    if form.is_valid():
        try:
            saved_filter = saved_filters.save_named_filter(
                user=request.user, name=form.cleaned_data["naam"], criteria=criteria
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            kept = " De zoekterm bewaren we niet; die typt u opnieuw." if criteria["query"] else ""
            messages.success(request, f"Zoekopdracht ‘{saved_filter.name}’ is opgeslagen.{kept}")
            return redirect(f"{reverse('cases:list')}?{urlencode({'filter': saved_filter.key})}")
    # The refused name comes back beside its field with everything typed; the address stays /casussen/.
    saved = list_selectors.saved_filters_of(request.user)
    return _render_list(request, criteria, saved, list_selectors.plain_querystring(criteria), save_form=form)


def _list_url(user, criteria: dict) -> str:
    """Where a search lands: its stored last search when it has a term, else the plain filters."""
    url = reverse("cases:list")
    if criteria["query"]:
        row = saved_filters.remember_last_search(user=user, criteria=criteria)
        return f"{url}?{urlencode({'filter': row.key})}"
    params = list_selectors.plain_querystring(criteria)
    if criteria["sort"] != list_selectors.DEFAULT_SORT:
        params = (
            f"{params}&{urlencode({'sorteer': criteria['sort']})}"
            if params
            else urlencode({"sorteer": criteria["sort"]})
        )
    return f"{url}?{params}" if params else url


def _render_list(request, criteria: dict, saved, base_querystring: str, *, save_form=None):
    page, shown = list_selectors.case_list_page(
        user=request.user, page_number=request.GET.get("pagina"), page_size=PAGE_SIZE, **criteria
    )
    _log_case_list(request, criteria, shown)
    sort_param = urlencode({"sorteer": criteria["sort"]})
    context = {
        "page": page,
        "cases": shown,
        "filters": criteria,
        "has_filters": list_selectors.has_filters(criteria),
        **list_selectors.case_list_choices(criteria["sort"]),
        "sort_headers": list_selectors.sort_headers(criteria["sort"]),
        "show_regisseur": list_selectors.shows_regisseur_column(request.user, shown),
        "base_querystring": base_querystring,
        "querystring": f"{base_querystring}&{sort_param}" if base_querystring else sort_param,
        "saved_filters": saved.named,
        "current_filter": saved.asked,
        "save_form": save_form or SaveFilterForm(),
        "today": timezone.localdate(),
    }
    partial = request.htmx and not request.htmx.history_restore_request and request.method == "GET"
    response = render(request, "cases/_case_table.html" if partial else "cases/case_list.html", context)
    patch_vary_headers(response, ["HX-Request"])  # never serve the partial from cache as a page
    return response


@login_required
@require_POST
def saved_filter_delete(request, key):
    saved = list_selectors.saved_filters_of(request.user, key)
    if saved.asked is None:
        log_access(
            request=request,
            action=AccessAction.CHANGE,
            allowed=False,
            object_type="zoekopdracht",
            reason="zoekopdracht van een andere gebruiker of onbekend",
        )
        raise list_selectors.SavedFilterNotFound("Zoekopdracht niet gevonden")
    saved_filters.delete_saved_filter(user=request.user, saved_filter=saved.asked)
    messages.success(request, f"Zoekopdracht ‘{saved.asked}’ is verwijderd.")
    return redirect("cases:list")


def _log_case_list(request, filters: dict, shown) -> None:
    """Record which cases and persons the list or search showed."""
    log_access(
        request=request,
        action=AccessAction.SEARCH if filters["query"] else AccessAction.LIST,
        allowed=True,
        case_ids=[c.pk for c in shown],
        person_ids=[p.pk for c in shown for p in c.persons.all()],
        object_type="casuslijst",
        reason=f"zoekterm: {filters['query']}" if filters["query"] else "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    require(
        request,
        policy.may_register_cases(request.user),
        message="Alleen een procesregisseur kan een casus registreren.",
        reason="alleen procesregisseur",
        action=AccessAction.CREATE,
    )
    case_form = CaseRegisterForm(request.POST or None)
    person_form = PersonForm(request.POST or None, prefix="persoon")
    if request.method == "POST" and _both_valid(case_form, person_form):
        case = _register(request, case_form, person_form)
        if case is not None:
            messages.success(request, f"Casus {case.reference} is geregistreerd.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/case_create.html", {"case_form": case_form, "person_form": person_form})


def _both_valid(case_form, person_form) -> bool:
    """Validate both forms, so both show their errors."""
    case_valid = case_form.is_valid()
    return person_form.is_valid() and case_valid


def _register(request, case_form, person_form):
    """Register the case and log it; None (errors on the form) when the service refuses."""
    data = case_form.cleaned_data
    try:
        case = services.register_case(
            registered_by=request.user,
            programme=data["programme"],
            ave_level=data["ave_level"],
            summary=data["summary"],
            casusregisseur=data["casusregisseur"],
            municipality=data["municipality"],
            persons=[person_form.person_data()],
            submission_key=data["submission_key"],
        )
    except services.ServiceError as error:
        show_service_error(case_form, error)
        return None
    log_access(
        request=request,
        action=AccessAction.CREATE,
        case=case,
        person_ids=case.persons.values_list("pk", flat=True),
        allowed=True,
    )
    return case


@login_required
def case_detail(request, reference):
    case = open_case(request, reference, queryset=selectors.cases_with_casusregie())
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _detail_context(request, case, *, note_form=None, bottleneck_form=None) -> dict:
    """The case page's context; a refused note or bottleneck comes back with its bound form.
    `?tijdlijn=2` shows the timeline's second page of ten (cases/selectors.py:timeline_page)."""
    timeline_page_number = request.GET.get("tijdlijn")
    context = {
        "case": case,
        **selectors.case_detail_context(case, request.user, timeline_page_number=timeline_page_number),
    }
    context["note_form"] = note_form or NoteForm(case=case)
    context["can_change"] = policy.CHANGE in case.granted_permissions
    context["can_contribute"] = policy.CONTRIBUTE in case.granted_permissions
    context["can_register_bottleneck"] = context["can_contribute"]  # policy.may_register_bottleneck
    context["bottleneck_form"] = bottleneck_form or (BottleneckForm() if context["can_register_bottleneck"] else None)
    context["meetings_summary"] = meetings_summary(case)
    context["documents"] = case_documents(case, request.user)
    context["can_add_documents"] = context["can_contribute"]  # policy.may_add_documents
    context["can_generate_letters"] = context["can_change"]  # policy.may_generate_letters
    context.update(plan_overview(case))
    context.update(_lifecycle(case, request.user))
    return context


def _lifecycle(case, user) -> dict:
    """Programme history, linked cases and, on a closed case, whether the user may reopen it."""
    context = selectors.lifecycle_context(case, user)
    context["can_reopen"] = case.is_closed and policy.may_reopen_case(user, case)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    initial = {
        "version": case.version,
        "summary": case.summary,
        "casusregisseur": case.casusregisseur_id,
        "casusregisseur_user": case.casusregisseur_user_id,
        "municipality": case.municipality,
    }
    form = CaseDetailsForm(request.POST or None, initial=initial, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case_details(
                case=case,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                casusregisseur=form.cleaned_data["casusregisseur"],
                casusregisseur_user=form.cleaned_data["casusregisseur_user"],
                municipality=form.cleaned_data["municipality"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=case.version)
        else:
            messages.success(request, "De casusgegevens zijn opgeslagen.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_phase(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = PhaseForm(request.POST or None, case=case, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closing = data["to_phase"] == Phase.AFGESLOTEN
        if closing and "aanpassen" in request.POST:
            # Back from the confirmation to the form, with everything typed still filled in.
            return render(request, "cases/case_phase.html", {"case": case, "form": form})
        if closing and not confirmed(request):
            # Closing ends every partner's access: first a page that says so, carrying what was typed.
            return render(request, "cases/case_close_confirm.html", closing_confirmation(case, form))
        try:
            services.change_phase(
                case=case,
                actor=request.user,
                to_phase=data["to_phase"],
                expected_version=data["version"],
                note=data["note"],
                closure_reason=data["closure_reason"],
                closure_result=data["closure_result"],
                action_decisions=form.action_decisions(),
                goal_outcomes=form.goal_outcomes(),
                what_worked=data["what_worked"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=case.version)
        else:
            messages.success(request, f"De casus staat nu in de fase ‘{Phase(data['to_phase']).label}’.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/case_phase.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_ave(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = AveLevelForm(request.POST or None, initial={"version": case.version, "to_level": case.ave_level})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_ave_level(
                case=case,
                actor=request.user,
                to_level=data["to_level"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=case.version)
        else:
            messages.success(request, f"Het AVE-niveau is nu AVE{data['to_level']}.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/case_ave.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = NewPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_person(
                case=case,
                actor=request.user,
                data=form.person_data(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "De betrokkene is toegevoegd.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/person_form.html", {"case": case, "form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, reference, person_id):
    case = open_case(request, reference, need=policy.CHANGE)
    person = get_object_or_404(Person, pk=person_id, case=case)
    form = PersonForm(request.POST or None, instance=person if request.method == "GET" else Person(case=case))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                person=person,
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.person_data(),
            )
        except services.ServiceError as error:
            show_service_error(form, error, current_version=Person.objects.get(pk=person.pk).version)
        else:
            messages.success(request, "De gegevens van de betrokkene zijn opgeslagen.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/person_form.html", {"case": case, "form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = SeatPartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.seat_partner(
                case=case,
                actor=request.user,
                organisation=data["organisation"],
                professionals=list(data["professionals"]),
                contribution=data["contribution"],
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{data['organisation']} zit aan tafel.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/participant_form.html", {"case": case, "form": form})


@login_required
@require_POST
def note_add(request, reference):
    case = open_case(request, reference, need=policy.CONTRIBUTE)
    form = NoteForm(request.POST, case=case)
    saved = save_form(
        request,
        form,
        lambda data: services.add_note(
            case=case,
            author=request.user,
            text=data["text"],
            restricted=data["restricted"],
            restricted_to=data["restricted_to"],
            submission_key=data["submission_key"],
        ),
        success="De notitie is toegevoegd aan de tijdlijn.",
    )
    if saved:
        return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/case_detail.html", _detail_context(request, case, note_form=form), status=200)


@login_required
@require_POST
def bottleneck_add(request, reference):
    case = open_case(request, reference)
    require(
        request,
        policy.may_register_bottleneck(request.user, case),
        message="U kunt in deze casus geen knelpunt registreren.",
        reason="geen bijdrager aan de casus",
        action=AccessAction.CREATE,
        case=case,
    )
    form = BottleneckForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: services.register_bottleneck(
            case=case,
            actor=request.user,
            category=data["category"],
            description=data["description"],
            escalate_to_management=data["escalate_to_management"],
        ),
        success="Het knelpunt is geregistreerd.",
    )
    if saved:
        return redirect(f"{reverse('cases:detail', args=[case.reference])}#knelpunten-titel")
    return render(request, "cases/case_detail.html", _detail_context(request, case, bottleneck_form=form))
