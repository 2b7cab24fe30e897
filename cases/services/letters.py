"""A letter from a template (issue 17): the regisseur chooses a managed `LetterTemplate` and a
person of the case; the whitelisted placeholders are filled from the case
(cases/letter_placeholders.py — never the Django template engine on the managed text), the letter
is rendered as HTML (templates/cases/pdf/letter.html, autoescaped) and as a PDF through
`zvh.pdf.html_to_pdf` (tagged, PDF/UA-1), and stored as a document of the case through the documents service
(`add_document`: validated, stored, scanned like any upload) with the template's category.

Who may: `privacy.policy.may_generate_letters` (the regisseur). The generation is logged as a change
(`AccessAction.CREATE`, object type "brief") naming the person the letter is about. A repeated
`submission_key` returns the document the first submission stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cases.letter_placeholders import fill
from cases.models import Case, CaseDocument, DocumentVersion, Escalation, LetterTemplate, Person, PersonRole
from cases.models.plan import Meeting, MeetingStatus
from cases.services.documents import add_document
from partners.models import User
from privacy import policy
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.errors import ServiceError
from zvh.pdf import html_to_pdf

NOT_PLANNED = "nog niet gepland"
UNKNOWN = "onbekend"


def zvh_name() -> str:
    return getattr(settings, "ZVH_NAME", "Zorg- en Veiligheidshuis")


def default_person(case: Case) -> Person | None:
    persons = list(case.persons.all())
    return next((p for p in persons if p.role_in_case == PersonRole.MAIN), persons[0] if persons else None)


def placeholder_values(case: Case, person: Person | None) -> dict[str, str]:
    """The value of every whitelisted placeholder for this case and person (plain text)."""
    today = timezone.localdate()
    regisseur = case.procesregisseur
    escalation = (
        Escalation.objects.filter(case=case).select_related("referrer_organisation").order_by("submitted_at").first()
    )
    meeting = (
        Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    address = ""
    if person is not None:
        place = " ".join(part for part in (person.postal_code, person.city) if part)
        address = ", ".join(part for part in (person.street_address, place) if part)
    return {
        "kenmerk": case.reference,
        "datum": date_format(today, "j F Y"),
        "naam_betrokkene": person.full_name if person is not None else UNKNOWN,
        "adres_betrokkene": address or UNKNOWN,
        "procesregisseur": (regisseur.get_full_name() or regisseur.username) if regisseur else UNKNOWN,
        "zvh_naam": zvh_name(),
        "verwijzer_organisatie": str(escalation.referrer_organisation) if escalation else UNKNOWN,
        "volgend_overleg": date_format(timezone.localtime(meeting.starts_at), "j F Y \\o\\m H:i")
        if meeting
        else NOT_PLANNED,
    }


@dataclass(frozen=True)
class Letter:
    title: str
    paragraphs: list[str]
    recipient: str  # the person's name and address block, plain text


def compose(case: Case, template: LetterTemplate, person: Person | None, extra_text: str = "") -> Letter:
    """The letter's text: the template with its placeholders filled, plus the optional extra text."""
    values = placeholder_values(case, person)
    text = fill(template.body, values).replace("\r\n", "\n")
    paragraphs = [p.strip("\n") for p in text.split("\n\n") if p.strip()]
    extra = (extra_text or "").replace("\r\n", "\n").strip()
    if extra:
        paragraphs.append(extra)  # typed by the regisseur: plain text, never filled or interpreted
    recipient = "\n".join(v for v in (values["naam_betrokkene"], values["adres_betrokkene"]) if v != UNKNOWN)
    return Letter(title=f"{template.name} – {values['datum']}", paragraphs=paragraphs, recipient=recipient)


def render_letter_html(case: Case, letter: Letter) -> str:
    return render_to_string(
        "cases/pdf/letter.html",
        {"case": case, "letter": letter, "zvh_name": zvh_name(), "generated_at": timezone.localtime()},
    )


def _check(case: Case, actor: User, template: LetterTemplate, person: Person | None) -> None:
    if not policy.may_generate_letters(actor, case):
        raise PermissionDenied("Alleen de procesregisseur kan een brief maken.")
    if template is None or not template.is_active:
        raise ServiceError("Kies een briefsjabloon uit de lijst.", field="template")
    if person is not None and person.case_id != case.pk:
        raise ServiceError("Kies een betrokkene van deze casus.", field="person")


def generate_letter(
    *,
    case: Case,
    actor: User,
    template: LetterTemplate,
    person: Person | None = None,
    extra_text: str = "",
    submission_key: uuid.UUID | None = None,
) -> CaseDocument:
    """Make the letter as a PDF and store it as a new document of the case (module docstring)."""
    if submission_key is not None:
        existing = DocumentVersion.objects.filter(submission_key=submission_key, document__case=case).first()
        if existing is not None:
            return existing.document
    _check(case, actor, template, person)
    person = person or default_person(case)
    letter = compose(case, template, person, extra_text)
    pdf = html_to_pdf(render_letter_html(case, letter))  # tagged (zvh.pdf.PDF_VARIANT)
    upload = SimpleUploadedFile(f"brief-{case.reference}.pdf", pdf, content_type="application/pdf")
    document = add_document(
        case=case,
        actor=actor,
        title=letter.title,
        category=template.category,
        upload=upload,
        submission_key=submission_key,
    )
    log_access(
        user=actor,
        action=AccessAction.CREATE,
        allowed=True,
        case=case,
        person_ids=[person.pk] if person is not None else [],
        object_type="brief",
        object_reference=f"D{document.pk}",
        reason=f"brief gemaakt uit sjabloon {template.name}"[:200],
    )
    return document
