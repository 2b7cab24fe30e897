"""The documents on a case: add one, add a version, see its versions, download one.

Every page goes through `open_case` (logged); a restricted document is refused by `require`
(logged) to whoever `restricted_reader` refuses. A download is logged as an export and streamed
from the private storage with `Content-Disposition: attachment`, the sniffed content type and
`X-Content-Type-Options: nosniff`; a version in quarantine or found infected is never served."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from cases import services
from cases.document_forms import DocumentForm, VersionForm
from cases.document_selectors import document_of, escalation_document_of
from cases.models import Meeting, ProcessPlan
from cases.models.document import CLEAN_VERSIONS
from documents import storage as document_storage
from privacy import policy
from privacy.access import open_case, open_escalation, require
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.forms import ascii_digits
from zvh.view_helpers import save_form

RESTRICTED = "Dit document is afgeschermd; alleen de procesregisseur en de gekozen organisaties kunnen het openen."
REFUSED_FILE = "Kies het bestand opnieuw; wat u verder invulde is bewaard."


def _object_reference(document, number=None) -> str:
    return f"D{document.pk}" + (f"v{number}" if number is not None else "")


def _document(request, case, document_id, *, action=None):
    """The document of this case, refused (logged, 403) when restricted for this user."""
    document = document_of(case, document_id)
    if document is None:
        log_access(
            request=request,
            action=action or AccessAction.VIEW,
            case=case,
            allowed=False,
            object_type="document",
            object_reference=f"D{document_id}"[:20],
            reason="onbekend document in deze casus",
        )
        raise Http404("Document niet gevonden")
    require(
        request,
        policy.restricted_reader(request.user, case)(document),
        message=RESTRICTED,
        reason="afgeschermd document",
        action=action,
        case=case,
        object_type="document",
        object_reference=_object_reference(document),
    )
    return document


def _keep_typed(form):
    """After a refusal the form comes back with what was typed; a browser never re-fills a file
    input, so the file field says to choose the file again."""
    if form.errors:
        form.add_error("file", REFUSED_FILE)


def _annex_of(request, case):
    """?overleg=<id> or ?plan=<id> (issue 17): the meeting or plan version of this case the new
    document is an annex of; another case's (or an unknown) id is a 404, logged."""
    meeting_id, plan_id = request.GET.get("overleg", ""), request.GET.get("plan", "")
    if not meeting_id and not plan_id:
        return None, None
    model = Meeting if meeting_id else ProcessPlan
    wanted = meeting_id or plan_id
    found = model.objects.filter(case=case, pk=int(wanted)).first() if ascii_digits(wanted) else None
    if found is None:
        log_access(
            request=request,
            action=AccessAction.CREATE,
            case=case,
            allowed=False,
            object_type="document",
            object_reference=("overleg " if meeting_id else "plan ") + wanted[:10],
            reason="onbekend overleg of plan in deze casus",
        )
        raise Http404("Overleg of plan niet gevonden")
    return (found, None) if meeting_id else (None, found)


def _after_add(case, meeting, plan):
    if meeting is not None:
        return redirect("cases:meeting_detail", reference=case.reference, meeting_id=meeting.pk)
    if plan is not None:
        return redirect(f"{reverse('cases:plan', kwargs={'reference': case.reference})}?versie={plan.number}")
    return redirect("cases:detail", reference=case.reference)


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request, reference):
    case = open_case(request, reference, need=policy.CONTRIBUTE)
    meeting, plan = _annex_of(request, case)
    form = DocumentForm(request.POST or None, request.FILES or None, case=case)
    saved = save_form(
        request,
        form,
        lambda data: services.add_document(
            case=case,
            actor=request.user,
            title=data["title"],
            category=data["category"],
            upload=data["file"],
            restricted=data["restricted"],
            restricted_to=data["restricted_to"],
            submission_key=data["submission_key"],
            meeting=meeting,
            plan=plan,
        ),
        success="Het document is toegevoegd en op virussen gescand.",
    )
    if saved:
        return _after_add(case, meeting, plan)
    if request.method == "POST":
        _keep_typed(form)
    context = {"case": case, "form": form, "document": None, "meeting": meeting, "plan": plan}
    return render(request, "cases/document_form.html", context)


@login_required
@require_GET
def document_detail(request, reference, document_id):
    case = open_case(request, reference)
    document = _document(request, case, document_id)
    return render(
        request,
        "cases/document_detail.html",
        {
            "case": case,
            "document": document,
            "can_add_version": policy.CONTRIBUTE in case.granted_permissions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_version_add(request, reference, document_id):
    case = open_case(request, reference, need=policy.CONTRIBUTE)
    document = _document(request, case, document_id)
    form = VersionForm(request.POST or None, request.FILES or None)
    saved = save_form(
        request,
        form,
        lambda data: services.add_version(
            document=document, actor=request.user, upload=data["file"], submission_key=data["submission_key"]
        ),
        success=lambda version: f"Versie {version.number} is toegevoegd en op virussen gescand.",
    )
    if saved:
        return redirect("cases:document_detail", reference=case.reference, document_id=document.pk)
    if request.method == "POST":
        _keep_typed(form)
    return render(request, "cases/document_form.html", {"case": case, "form": form, "document": document})


@login_required
@require_GET
def document_download(request, reference, document_id, number):
    case = open_case(request, reference)
    document = _document(request, case, document_id, action=AccessAction.EXPORT)
    version = next((v for v in document.all_versions if v.number == number), None)
    if version is None or not version.is_downloadable:
        log_access(
            request=request,
            action=AccessAction.EXPORT,
            case=case,
            allowed=False,
            object_type="document",
            object_reference=_object_reference(document, number),
            reason="versie bestaat niet" if version is None else f"versie niet vrijgegeven ({version.scan_status})",
        )
        raise Http404("Deze versie is niet beschikbaar")
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        case=case,
        person_ids=list(case.persons.values_list("pk", flat=True)),
        allowed=True,
        object_type="document",
        object_reference=_object_reference(document, number),
        reason="document gedownload",
        is_break_glass=case.active_break_glass is not None,
    )
    return _stream(version)


def _stream(version):
    """The one way a stored document leaves the system (case documents and escalation attachments)."""
    response = StreamingHttpResponse(document_storage.chunks(version.file.name), content_type=version.content_type)
    response["Content-Disposition"] = content_disposition_header(True, version.original_name)
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def escalation_document_download(request, reference, attachment_id):
    """An attachment of an escalation: for whoever may view the escalation (its referrer and the
    triage team; after acceptance who may view the case), never the triage table. Logged as an export."""
    escalation = open_escalation(request, reference)
    document = escalation_document_of(escalation, attachment_id)
    version = document.versions.filter(CLEAN_VERSIONS).order_by("-number").first() if document else None
    if version is None or not version.is_downloadable:
        log_access(
            request=request,
            action=AccessAction.EXPORT,
            case=escalation.case,
            allowed=False,
            object_type="aanmelding",
            object_reference=escalation.reference,
            reason=f"onbekende of niet vrijgegeven bijlage D{attachment_id}"[:300],
        )
        raise Http404("Deze bijlage is niet beschikbaar")
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        case=escalation.case,
        allowed=True,
        object_type="aanmelding",
        object_reference=escalation.reference,
        reason=f"bijlage D{document.pk} van de aanmelding gedownload",
        escalation_person_ids=list(escalation.persons.values_list("pk", flat=True)),
    )
    return _stream(version)
