"""Data subjects' requests (inzage, correctie, verwijdering) and the register of processing
activities (AVG art. 30): services, selectors and the rendering of the subject-access report.

The privacy officer normally sees no case content (architecture invariant 2). Handling a data
subject's request at the one WGS contact point is the lawful exception, for this purpose only:
the officer searches for the subject's records, confirms which belong to the subject and produces
the report. `privacy.policy.may_handle_subject_requests` is the one rule for it; every search, confirmation and
report is written to the access log (never with a BSN: the BSN is used for the search and is
neither stored nor logged, nor put in a URL or a file name).

Concurrency: the register of processing uses optimistic locking (`version`, row locked with
SELECT ... FOR UPDATE); deciding a request locks the request row, so two officers cannot record
two outcomes.
"""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename

from cases.models import Case, CaseDocument, DocumentVersion, Escalation, EscalationPerson, Person
from documents import storage as document_storage
from documents.models import ScanStatus
from privacy.models import (
    AccessAction,
    AccessLogEntry,
    DataSubjectRequest,
    ProcessingActivity,
    SubjectRequestStatus,
)
from privacy.policy import may_handle_subject_requests
from privacy.services import log_access
from zvh.errors import ConcurrentEdit, ServiceError
from zvh.formats import date_text, moment_text
from zvh.pdf import PDF_BASE_URL, html_to_pdf, static_only_fetch, static_url_fetcher  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from partners.models import User

OBJECT_TYPE_REQUEST = "inzageverzoek"
OBJECT_TYPE_REPORT = "inzagerapport"


def request_reference(subject_request: DataSubjectRequest) -> str:
    """How a request is named in the access log and in file names: never the subject's name."""
    return f"VERZOEK-{subject_request.pk}"


# --- Requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectRequestData:
    kind: str
    received_on: date
    subject_name: str
    subject_date_of_birth: date | None = None
    description: str = ""
    submission_key: uuid.UUID | None = None


@transaction.atomic
def register_subject_request(*, actor: User, data: SubjectRequestData, request: HttpRequest | None = None):
    """Record a request received at the contact point (it counts as a request to all
    participants). The BSN the subject gave is not part of `data`: it is never stored."""
    if not may_handle_subject_requests(actor):
        raise PermissionError("Alleen de privacyfunctionaris behandelt verzoeken van betrokkenen.")
    if data.submission_key is not None:
        existing = DataSubjectRequest.objects.filter(submission_key=data.submission_key).first()
        if existing is not None:
            return existing  # double click or resubmitted form: the request registered the first time
    subject_request = DataSubjectRequest.objects.create(
        submission_key=data.submission_key,
        kind=data.kind,
        received_on=data.received_on,
        subject_name=data.subject_name.strip(),
        subject_date_of_birth=data.subject_date_of_birth,
        description=data.description.strip(),
        handled_by=actor,
    )
    log_access(
        request=request,
        user=actor,
        action=AccessAction.CREATE,
        allowed=True,
        object_type=OBJECT_TYPE_REQUEST,
        object_reference=request_reference(subject_request),
        reason=f"verzoek tot {subject_request.get_kind_display().lower()} geregistreerd",
    )
    return subject_request


def subject_requests():
    return DataSubjectRequest.objects.select_related("handled_by").order_by("-received_on", "-pk")


@dataclass
class Candidates:
    persons: list[Person]
    escalation_persons: list[EscalationPerson]

    def __bool__(self) -> bool:
        return bool(self.persons or self.escalation_persons)


_PREFIXES = ("van der ", "van den ", "van de ", "van ", "de ", "den ", "der ", "ter ", "ten ", "te ", "het ", "'t ")


def _name_query(last_name: str) -> Q:
    """Last name, case-insensitive; "de Vries" also finds last name "Vries" with prefix "de"."""
    term = " ".join(last_name.split())
    query = Q(last_name__iexact=term)
    lowered = term.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix) and len(term) > len(prefix):
            query |= Q(name_prefix__iexact=term[: len(prefix) - 1], last_name__iexact=term[len(prefix) :])
            break
    return query


def search_candidates(*, bsn: str = "", last_name: str = "", date_of_birth: date | None = None) -> Candidates:
    """Persons in cases and in escalations that may be the subject: same BSN, or the same last
    name and date of birth. The officer confirms which really are the subject."""
    query = Q(pk__in=[])
    if bsn:
        query |= Q(bsn=bsn)
    if last_name.strip() and date_of_birth:
        query |= _name_query(last_name) & Q(date_of_birth=date_of_birth)
    persons = list(
        Person.objects.filter(query).select_related("case", "case__programme").order_by("case__reference", "pk")
    )
    escalation_persons = list(
        EscalationPerson.objects.filter(query).select_related("escalation").order_by("escalation__reference", "pk")
    )
    return Candidates(persons=persons, escalation_persons=escalation_persons)


def confirmed_records(subject_request: DataSubjectRequest) -> Candidates:
    persons = list(
        Person.objects.filter(pk__in=subject_request.person_ids)
        .select_related("case", "case__programme")
        .order_by("case__reference", "pk")
    )
    escalation_persons = list(
        EscalationPerson.objects.filter(pk__in=subject_request.escalation_person_ids)
        .select_related("escalation")
        .order_by("escalation__reference", "pk")
    )
    return Candidates(persons=persons, escalation_persons=escalation_persons)


def _escalation_references(records: list[EscalationPerson]) -> str:
    return ", ".join(sorted({p.escalation.reference for p in records}))


def log_search(*, request: HttpRequest, subject_request: DataSubjectRequest, used_bsn: bool, found: Candidates):
    """Searching shows personal data: log which persons were shown, never the BSN searched for."""
    reason = "zoeken naar registraties van betrokkene " + ("op BSN en/of naam" if used_bsn else "op naam")
    if found.escalation_persons:
        reason += f"; aanmeldingen: {_escalation_references(found.escalation_persons)}"
    log_access(
        request=request,
        action=AccessAction.SEARCH,
        allowed=True,
        person_ids=[p.pk for p in found.persons],
        case_ids=[p.case_id for p in found.persons],
        object_type=OBJECT_TYPE_REQUEST,
        object_reference=request_reference(subject_request),
        reason=reason,
    )


@transaction.atomic
def confirm_records(
    *,
    subject_request: DataSubjectRequest,
    actor: User,
    person_ids: list[int],
    escalation_person_ids: list[int],
    request: HttpRequest | None = None,
) -> DataSubjectRequest:
    """Store which found records belong to the subject (the officer ticked them)."""
    locked = DataSubjectRequest.objects.select_for_update().get(pk=subject_request.pk)
    locked.person_ids = sorted(set(Person.objects.filter(pk__in=person_ids).values_list("pk", flat=True)))
    locked.escalation_person_ids = sorted(
        set(EscalationPerson.objects.filter(pk__in=escalation_person_ids).values_list("pk", flat=True))
    )
    locked.save(update_fields=["person_ids", "escalation_person_ids"])
    log_access(
        request=request,
        user=actor,
        action=AccessAction.CHANGE,
        allowed=True,
        person_ids=locked.person_ids,
        object_type=OBJECT_TYPE_REQUEST,
        object_reference=request_reference(locked),
        reason=f"registraties bevestigd: {len(locked.person_ids)} in casussen, "
        f"{len(locked.escalation_person_ids)} in aanmeldingen",
    )
    return locked


DECISION_STATUSES = [
    (SubjectRequestStatus.GRANTED.value, SubjectRequestStatus.GRANTED.label),
    (SubjectRequestStatus.PARTLY.value, SubjectRequestStatus.PARTLY.label),
    (SubjectRequestStatus.REFUSED.value, SubjectRequestStatus.REFUSED.label),
]


@transaction.atomic
def decide_subject_request(
    *, subject_request: DataSubjectRequest, actor: User, status: str, outcome: str, request: HttpRequest | None = None
) -> DataSubjectRequest:
    """Record the outcome of a request (who, when, what was decided and why). Correcting or
    deleting the data itself is done by the procesregisseur in the case, not here."""
    if not may_handle_subject_requests(actor):
        raise PermissionError("Alleen de privacyfunctionaris behandelt verzoeken van betrokkenen.")
    if status not in dict(DECISION_STATUSES):
        raise ServiceError("Kies of het verzoek is toegekend, deels toegekend of afgewezen.", field="status")
    if not outcome.strip():
        raise ServiceError("Beschrijf de uitkomst en de motivering.", field="outcome")
    locked = DataSubjectRequest.objects.select_for_update().get(pk=subject_request.pk)
    if locked.status != SubjectRequestStatus.OPEN:
        raise ServiceError(
            f"Dit verzoek is al afgehandeld op {moment_text(timezone.localtime(locked.decided_at))}."
            if locked.decided_at
            else "Dit verzoek is al afgehandeld."
        )
    locked.status = status
    locked.outcome = outcome.strip()
    locked.handled_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "outcome", "handled_by", "decided_at"])
    log_access(
        request=request,
        user=actor,
        action=AccessAction.CHANGE,
        allowed=True,
        object_type=OBJECT_TYPE_REQUEST,
        object_reference=request_reference(locked),
        reason=f"uitkomst vastgelegd: {locked.get_status_display().lower()}",
    )
    return locked


# --- Report data (the "inzage") ------------------------------------------------------------------


def _d(value) -> str | None:
    return value.isoformat() if value else None


def _dt(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _person(person) -> dict:
    return {
        "voornaam": person.first_name,
        "tussenvoegsel": person.name_prefix,
        "achternaam": person.last_name,
        "geboortedatum": _d(person.date_of_birth),
        "adres": person.street_address,
        "postcode": person.postal_code,
        "woonplaats": person.city,
        "bsn": person.bsn,
        "rol": person.get_role_in_case_display(),
    }


def _case(case: Case, own_records: list[Person], downloads: dict | None = None) -> dict:
    participants = case.participants.select_related("organisation").order_by("joined_on", "pk")
    return {
        "kenmerk": case.reference,
        "programma": f"{case.programme.code} – {case.programme.name}",
        "fase": case.get_phase_display(),
        "ave_niveau": case.get_ave_level_display(),
        "start": _d(case.opened_on),
        "afgesloten_op": _d(case.closed_on),
        "reden_afsluiting": case.get_closure_reason_display() if case.closure_reason else "",
        "resultaat": case.closure_result,
        "aanleiding_en_hulpvraag": case.summary,
        "casusregie_bij": str(case.casusregisseur) if case.casusregisseur_id else "",
        "uw_gegevens_in_deze_casus": [_person(p) for p in own_records],
        # Organisations only: the names of the professionals are not the subject's data.
        "partners_aan_tafel": [
            {
                "organisatie": str(p.organisation),
                "rol_aan_tafel": p.contribution,
                "aan_tafel_sinds": _d(p.joined_on),
                "vertrokken_op": _d(p.left_on),
            }
            for p in participants
        ],
        "ave_geschiedenis": [
            {
                "tijdstip": _dt(change.changed_at),
                "van": f"AVE{change.from_level}" if change.from_level else "",
                "naar": f"AVE{change.to_level}",
                "reden": change.reason,
            }
            for change in case.ave_history.order_by("changed_at", "pk")
        ],
        "programmahistorie": [
            {
                "tijdstip": _dt(change.changed_at),
                "van": change.from_programme.code,
                "naar": change.to_programme.code,
                "reden": change.reason,
            }
            for change in case.programme_changes.select_related("from_programme", "to_programme").order_by(
                "changed_at", "pk"
            )
        ],
        "plannen_van_aanpak": _plans(case),
        "casusoverleggen": _meetings(case),
        "evaluatie": _evaluations(case),
        "knelpunten": [
            {
                "geregistreerd_op": _dt(b.registered_at),
                "knelpunt": str(b.category),
                "beschrijving": b.description,
                "opgeschaald_naar_management": b.escalate_to_management,
            }
            for b in case.bottlenecks.select_related("category").order_by("registered_at", "pk")
        ],
        "documenten": _documents(_case_documents(case), downloads or {}),
        "tijdlijn": [
            {
                "tijdstip": _dt(entry.created_at),
                "soort": entry.get_kind_display(),
                "tekst": entry.text,
                "organisatie": str(entry.author.organisation) if entry.author and entry.author.organisation_id else "",
            }
            for entry in case.timeline.select_related("author__organisation").order_by("created_at", "pk")
        ],
    }


# What the partners wrote about the subject in the process plan, the meetings and the closing
# evaluation is their personal data too (art. 15 AVG): every version, with organisations, not the
# names of professionals (as for the partners at the table).


def _plans(case: Case) -> list[dict]:
    plans = case.plans.prefetch_related(
        "assessments__domain", "goals__domain", "actions__owner_organisation", "actions__goal"
    ).order_by("number")
    return [
        {
            "versie": plan.number,
            "status": plan.get_status_display(),
            "vastgesteld_op": _dt(plan.agreed_at),
            "samenvatting": plan.summary,
            "analyse_per_leefgebied": [
                {
                    "leefgebied": str(a.domain),
                    "score": a.score,
                    "risicos": a.risks,
                    "beschermende_factoren": a.protective_factors,
                }
                for a in plan.assessments.all()
            ],
            "doelen": [{"leefgebied": str(g.domain), "doel": g.description} for g in plan.goals.all()],
            "acties": [
                {
                    "actie": action.description,
                    "eigenaar": str(action.owner_organisation),
                    "deadline": _d(action.deadline),
                    "status": action.get_status_display(),
                    "toelichting_status": action.status_note,
                }
                for action in plan.actions.all()
            ],
        }
        for plan in plans
    ]


def _meetings(case: Case) -> list[dict]:
    meetings = case.meetings.prefetch_related("decisions").order_by("starts_at", "pk")
    return [
        {
            "datum": _dt(meeting.starts_at),
            "status": meeting.get_status_display(),
            "agenda": meeting.agenda,
            "verslag": meeting.minutes,
            "besluiten": [decision.text for decision in meeting.decisions.all()],
        }
        for meeting in meetings
    ]


def _evaluations(case: Case) -> list[dict]:
    evaluations = case.evaluations.prefetch_related("goal_results__goal").order_by("recorded_at", "pk")
    return [
        {
            "vastgelegd_op": _dt(evaluation.recorded_at),
            "wat_werkte": evaluation.what_worked,
            "resultaat_per_doel": [
                {"doel": r.goal.description, "resultaat": r.get_result_display(), "toelichting": r.explanation}
                for r in evaluation.goal_results.all()
            ],
        }
        for evaluation in evaluations
    ]


# Documents (issue 17): every document about the subject, restricted ones too (the officer compiles
# the report; they are marked "afgeschermd"), each version with the uploader's organisation (not
# the professional's name, as for the partners at the table), and who downloaded it (the access
# log's export entries of that document: organisation and role, when).

DOCUMENT_OBJECT_TYPE = "document"  # as cases/views/documents.py logs a download
_DOCUMENT_REFERENCE = re.compile(r"^D(\d+)(?:v(\d+))?$")


def document_reference(document, number: int | None = None) -> str:
    """How the access log names a case document (version): as cases/views/documents.py does."""
    return f"D{document.pk}" + (f"v{number}" if number is not None else "")


def document_downloads(case_ids: list[int]) -> dict[int, list[dict]]:
    """Allowed exports of documents in these cases, per document id, oldest first."""
    if not case_ids:
        return {}
    entries = AccessLogEntry.objects.filter(
        case_id__in=case_ids, action=AccessAction.EXPORT, allowed=True, object_type=DOCUMENT_OBJECT_TYPE
    ).order_by("occurred_at", "pk")
    downloads: dict[int, list[dict]] = {}
    for entry in entries:
        match = _DOCUMENT_REFERENCE.match(entry.object_reference or "")
        if match is None:
            continue
        downloads.setdefault(int(match.group(1)), []).append(
            {
                "tijdstip": _dt(entry.occurred_at),
                "versie": int(match.group(2)) if match.group(2) else None,
                "organisatie": entry.user_organisation,
                "rol": entry.user_role_label,
            }
        )
    return downloads


# cases/views/documents.py logs an attachment's download under the escalation's reference (so the
# access-log search by reference finds it) and names the document in the reason.
_ESCALATION_DOWNLOAD_REASON = re.compile(r"^bijlage D(\d+) ")


def escalation_document_downloads(escalation) -> dict[int, list[dict]]:
    """Allowed downloads of this escalation's attachments, per document id, oldest first."""
    entries = AccessLogEntry.objects.filter(
        object_type="aanmelding", object_reference=escalation.reference, action=AccessAction.EXPORT, allowed=True
    ).order_by("occurred_at", "pk")
    downloads: dict[int, list[dict]] = {}
    for entry in entries:
        match = _ESCALATION_DOWNLOAD_REASON.match(entry.reason or "")
        if match is not None:
            downloads.setdefault(int(match.group(1)), []).append(
                {"tijdstip": _dt(entry.occurred_at), "versie": None, "organisatie": entry.user_organisation,
                 "rol": entry.user_role_label}
            )  # fmt: skip
    return downloads


def _case_documents(case: Case):
    versions = DocumentVersion.objects.select_related("uploaded_by_organisation").order_by("number")
    return (
        CaseDocument.objects.filter(case=case)
        .select_related("category")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="report_versions"))
        .order_by("created_at", "pk")
    )


def _version(version) -> dict:
    organisation = getattr(version, "uploaded_by_organisation", None)
    return {
        "versie": version.number,
        "geupload_op": _dt(getattr(version, "uploaded_at", None)),
        "organisatie": str(organisation) if organisation else "",
        "bestandstype": version.content_type,
        "grootte_bytes": version.size,
        "virusscan": version.get_scan_status_display(),
        "beschikbaar": version.is_downloadable,
    }


def _documents(documents, downloads: dict[int, list[dict]]) -> list[dict]:
    rows = []
    for document in documents:
        versions = getattr(document, "report_versions", None)
        if versions is None:
            versions = sorted(document.versions.all(), key=lambda v: v.number)
        category = getattr(document, "category", None)
        rows.append(
            {
                "titel": document.title,
                "categorie": str(category) if category else "",
                "toegevoegd_op": _dt(getattr(document, "created_at", None)),
                "afgeschermd": bool(getattr(document, "restricted", False)),
                "versies": [_version(v) for v in versions],
                "gedownload": downloads.get(document.pk, []),
            }
        )
    return rows


def _escalation(escalation: Escalation, own_records: list[EscalationPerson], downloads: dict | None = None) -> dict:
    return {
        "kenmerk": escalation.reference,
        "status": escalation.get_status_display(),
        "ingediend_op": _dt(escalation.submitted_at),
        "verwijzende_organisatie": str(escalation.referrer_organisation),
        "aanleiding": escalation.reason,
        "knelpunten": [str(c) for c in escalation.bottleneck_categories.all()],
        "wat_loopt_er_vast": escalation.bottleneck_text,
        "ave_niveau": escalation.get_ave_level_display(),
        "urgentie": escalation.get_urgency_display(),
        "doel": escalation.goal,
        "al_betrokken_partners": [str(o) for o in escalation.involved_organisations.all()],
        "betrokkene_geinformeerd": escalation.person_informed,
        "reden_niet_geinformeerd": escalation.get_not_informed_reason_display()
        if escalation.not_informed_reason
        else "",
        "beoordeeld_op": _dt(escalation.decided_at),
        "terugkoppeling": escalation.feedback,
        "advies": escalation.advice,
        "vragen_van_het_triageteam": [
            {
                "gesteld_op": _dt(q.asked_at),
                "vraag": q.question,
                "beantwoord_op": _dt(q.answered_at),
                "antwoord": q.answer,
            }
            for q in escalation.questions.order_by("asked_at", "pk")
        ],
        "reden_intrekken": escalation.withdrawal_reason,
        # Issue 16: the advice of the safety partners at the triage table (organisation, text, date).
        "advies_triagetafel": [
            {"organisatie": str(advice.organisation), "advies": advice.text, "gegeven_op": _dt(advice.created_at)}
            for advice in escalation.table_advices.select_related("organisation").order_by("created_at", "pk")
        ],
        "casus": escalation.case.reference if escalation.case_id else "",
        # The referrer's attachments (after acceptance also listed under the case they were linked to).
        "documenten": _documents(escalation.documents.all(), escalation_document_downloads(escalation)),
        "uw_gegevens_in_deze_aanmelding": [_person(p) for p in own_records],
    }


def _person_log_filter(person_ids: list[int]) -> Q:
    """Log entries that name one of these persons. JSON containment is an indexed-friendly
    operator on PostgreSQL; SQLite (the embedded default) has none, so there we filter in Python."""
    if not person_ids:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        query = Q(pk__in=[])
        for pid in person_ids:
            query |= Q(person_ids__contains=[pid])
        return query
    wanted = set(person_ids)
    matching = [
        pk
        for pk, ids in AccessLogEntry.objects.values_list("pk", "person_ids").iterator(chunk_size=2000)
        if ids and wanted.intersection(ids)
    ]
    return Q(pk__in=matching)


def access_entries_for(records: Candidates) -> list[AccessLogEntry]:
    """Who accessed the subject's data when: entries naming the person, entries about their
    cases, and entries about the escalations they are named in."""
    person_ids = [p.pk for p in records.persons]
    case_ids = sorted({p.case_id for p in records.persons})
    references = sorted({p.escalation.reference for p in records.escalation_persons})
    query = _person_log_filter(person_ids)
    if case_ids:
        query |= Q(case_id__in=case_ids)
    for reference in references:  # iexact: the log's UPPER(object_reference) index
        query |= Q(object_reference__iexact=reference)
    return list(AccessLogEntry.objects.filter(query).order_by("occurred_at", "pk"))


def _access(entry: AccessLogEntry) -> dict:
    return {
        "tijdstip": _dt(entry.occurred_at),
        "gebruiker": entry.username,
        "rol": entry.user_role_label,
        "organisatie": entry.user_organisation,
        "handeling": entry.get_action_display(),
        "onderdeel": entry.object_type,
        "casus": entry.case_reference,
        "kenmerk": entry.object_reference,
        "toegestaan": entry.allowed,
        "doorbraak": entry.is_break_glass,
    }


def build_report(subject_request: DataSubjectRequest, *, generated_by: User) -> dict:
    """Everything held on the confirmed records of one subject, as plain data (JSON and PDF)."""
    records = confirmed_records(subject_request)
    cases: dict[int, list[Person]] = {}
    for person in records.persons:
        cases.setdefault(person.case_id, []).append(person)
    escalations: dict[int, list[EscalationPerson]] = {}
    for person in records.escalation_persons:
        escalations.setdefault(person.escalation_id, []).append(person)
    case_rows = Case.objects.select_related("programme", "casusregisseur").filter(pk__in=cases).order_by("reference")
    escalation_rows = (
        Escalation.objects.select_related("referrer_organisation", "case")
        .prefetch_related("bottleneck_categories", "involved_organisations")
        .filter(pk__in=escalations)
        .order_by("reference")
    )
    downloads = document_downloads(list(cases))
    now = timezone.now()
    return {
        "rapport": {
            "soort": "Inzagerapport (art. 15 AVG, Wet gegevensverwerking door samenwerkingsverbanden)",
            "verzoek": request_reference(subject_request),
            "soort_verzoek": subject_request.get_kind_display(),
            "ontvangen_op": _d(subject_request.received_on),
            "betrokkene": subject_request.subject_name,
            "geboortedatum_betrokkene": _d(subject_request.subject_date_of_birth),
            "opgesteld_op": _dt(now),
            "opgesteld_door": generated_by.get_full_name() or generated_by.get_username(),
        },
        "casussen": [_case(case, cases[case.pk], downloads) for case in case_rows],
        "aanmeldingen": [_escalation(escalation, escalations[escalation.pk]) for escalation in escalation_rows],
        "toegang": [_access(entry) for entry in access_entries_for(records)],
    }


def log_report(*, request: HttpRequest, subject_request: DataSubjectRequest, file_format: str) -> None:
    """Each export is logged like a page view: which persons and cases the report shows."""
    records = confirmed_records(subject_request)
    case_ids = sorted({p.case_id for p in records.persons})
    single_case = records.persons[0].case if len(case_ids) == 1 else None
    reason = f"inzagerapport ({file_format}) voor {request_reference(subject_request)}"
    if records.escalation_persons:
        reason += f"; aanmeldingen: {_escalation_references(records.escalation_persons)}"
    log_access(
        request=request,
        action=AccessAction.EXPORT,
        allowed=True,
        case=single_case,
        person_ids=[p.pk for p in records.persons],
        case_ids=case_ids,
        object_type=OBJECT_TYPE_REPORT,
        object_reference=request_reference(subject_request),
        reason=reason,
    )


def report_filename(subject_request: DataSubjectRequest, extension: str) -> str:
    """No name, no BSN: the request number and the date only."""
    return f"inzage-{subject_request.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


def render_report_json(report: dict) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")


# PDF rendering: zvh/pdf.py (html_to_pdf with a fetcher that serves only our static files).

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?$")


def _for_reading(value):
    """The report as a person reads it: ISO dates of the JSON become Dutch dates (25-11-2026)."""
    if isinstance(value, dict):
        return {key: _for_reading(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_for_reading(item) for item in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date_text(date.fromisoformat(value))
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        return moment_text(datetime.fromisoformat(value))
    return value


def render_report_html(report: dict) -> str:
    readable = _for_reading(report)
    return render_to_string("privacy/subject_access/report_pdf.html", {"report": readable, "r": readable["rapport"]})


def render_report_pdf(report: dict) -> bytes:
    return html_to_pdf(render_report_html(report))


# --- The report with the documents (a ZIP) -------------------------------------------------------


def report_document_versions(subject_request: DataSubjectRequest) -> list[DocumentVersion]:
    """The versions a ZIP of the report includes: clean ones only (scanned, stored), never a file
    in quarantine or found infected; restricted documents too (the officer compiles the report)."""
    case_ids = sorted({p.case_id for p in confirmed_records(subject_request).persons})
    return list(
        DocumentVersion.objects.filter(document__case_id__in=case_ids, scan_status=ScanStatus.CLEAN)
        .exclude(file="")
        .select_related("document__case")
        .order_by("document__case__reference", "document__created_at", "document_id", "number")
    )


def _zip_name(version: DocumentVersion) -> str:
    document = version.document
    name = get_valid_filename(version.original_name) or "bestand"
    return f"documenten/{document.case.reference}/D{document.pk}v{version.number}-{name}"


def log_report_documents(*, request: HttpRequest, subject_request: DataSubjectRequest, versions) -> None:
    """Every document put in the ZIP is an export of that document, logged as a download is."""
    persons: dict[int, list[int]] = {}
    for person in confirmed_records(subject_request).persons:
        persons.setdefault(person.case_id, []).append(person.pk)
    for version in versions:
        case = version.document.case
        log_access(
            request=request,
            action=AccessAction.EXPORT,
            allowed=True,
            case=case,
            person_ids=persons.get(case.pk, []),
            object_type=DOCUMENT_OBJECT_TYPE,
            object_reference=document_reference(version.document, version.number),
            reason=f"bijgevoegd bij inzagerapport {request_reference(subject_request)}",
        )


MISSING_NOTE = "ontbrekende-bestanden.txt"


def write_report_zip(out, *, report_pdf: bytes, pdf_name: str, versions) -> list[DocumentVersion]:
    """The report PDF and each version, copied chunk by chunk from the storage into `out`.
    Returns the versions included; one whose stored object is gone is left out and named in a
    note in the ZIP (the officer sees it and can ask the partner), not a broken download."""
    storage = document_storage.document_storage()
    included, missing = [], []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(pdf_name, report_pdf)
        for version in versions:
            if not storage.exists(version.file.name):
                missing.append(version)
                continue
            with archive.open(_zip_name(version), "w", force_zip64=version.size > 2**31) as member:
                for block in document_storage.chunks(version.file.name):
                    member.write(block)
            included.append(version)
        if missing:
            lines = [f"{_zip_name(v)}: niet gevonden in de opslag" for v in missing]
            archive.writestr(MISSING_NOTE, "Deze documentversies konden niet worden bijgevoegd:\n" + "\n".join(lines))
    return included


# --- Register of processing (AVG art. 30) --------------------------------------------------------

ACTIVITY_FIELDS = (
    "name",
    "purpose",
    "legal_basis",
    "data_subjects",
    "data_categories",
    "recipients",
    "retention",
    "security_measures",
    "controllers",
)


def processing_activities():
    return ProcessingActivity.objects.select_related("updated_by").order_by("name")


def _require_officer(actor: User) -> None:
    if not may_handle_subject_requests(actor):
        raise PermissionError("Alleen de privacyfunctionaris beheert het register van verwerkingen.")


def _name_taken(name: str, exclude_pk: int | None = None) -> bool:
    return ProcessingActivity.objects.filter(name__iexact=name.strip()).exclude(pk=exclude_pk).exists()


@transaction.atomic
def create_processing_activity(*, actor: User, data: dict) -> ProcessingActivity:
    _require_officer(actor)
    if _name_taken(data["name"]):
        raise ServiceError("Er staat al een verwerking met deze naam in het register.", field="name")
    return ProcessingActivity.objects.create(
        **{field: data[field].strip() for field in ACTIVITY_FIELDS}, updated_by=actor, version=1
    )


@transaction.atomic
def update_processing_activity(
    *, activity: ProcessingActivity, actor: User, expected_version: int, data: dict
) -> ProcessingActivity:
    _require_officer(actor)
    locked = ProcessingActivity.objects.select_for_update().get(pk=activity.pk)
    if locked.version != expected_version:
        raise ConcurrentEdit("Deze verwerking")
    if _name_taken(data["name"], exclude_pk=locked.pk):
        raise ServiceError("Er staat al een verwerking met deze naam in het register.", field="name")
    for field in ACTIVITY_FIELDS:
        setattr(locked, field, data[field].strip())
    locked.updated_by = actor
    locked.version += 1
    locked.save()
    return locked
