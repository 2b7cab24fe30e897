"""Demo documents for the subject-access report (issue 17, part 2), called by `manage.py
seed_demo`: small generated PDFs on three running demo cases, uploaded through the real documents
service (checked, scanned when clamd answers — the embedded demo turns scanning off when no clamd
socket exists, zvh/settings/dev.py — and stored in the documents storage). Different categories,
one restricted to a partner at the table, one with a second version by a seated professional.
Fictitious content, no personal data. Idempotent: a document whose title exists is skipped."""

from __future__ import annotations

from django.core.files.base import ContentFile

from cases import services
from cases.models import Case, CaseDocument, DocumentCategory, ParticipantProfessional, Phase
from demo.docs import TITLE as PART_ONE_TITLE
from demo.docs import demo_pdf

BESCHIKKING = "Beschikking Wmo (voorbeeld)"
VERSLAG = "Verslag casusoverleg (voorbeeld)"
AFGESCHERMD = "Behandelplan GGZ (voorbeeld, afgeschermd)"
TITLES = (BESCHIKKING, VERSLAG, AFGESCHERMD)


def _seated_professional(case: Case):
    """A professional seated now at the table of `case` (not the regisseur), or None."""
    seat = (
        ParticipantProfessional.objects.filter(
            participant__case=case, participant__left_on__isnull=True, left_on__isnull=True, user__is_active=True
        )
        .exclude(user=case.procesregisseur)
        .select_related("user", "participant__organisation")
        .order_by("participant__organisation__name", "user__username")
        .first()
    )
    return seat


def _upload(text: str, name: str) -> ContentFile:
    return ContentFile(demo_pdf(text), name=name)


def seed_demo_documents() -> list[CaseDocument]:
    existing = set(CaseDocument.objects.filter(title__in=TITLES).values_list("title", flat=True))
    if existing == set(TITLES):
        return []
    cases = [
        case
        for case in Case.objects.exclude(phase=Phase.AFGESLOTEN)
        .exclude(documents__title=PART_ONE_TITLE)
        .select_related("procesregisseur")
        .order_by("reference")
        if _seated_professional(case) is not None
    ][:3]
    if len(cases) < 3:
        return []
    category = {c.name: c for c in DocumentCategory.objects.all()}
    made = []
    first, second, third = cases
    if BESCHIKKING not in existing:
        made.append(
            services.add_document(
                case=first,
                actor=first.procesregisseur,
                title=BESCHIKKING,
                category=category["Beschikking"],
                upload=_upload("Beschikking Wmo - fictieve gegevens", "beschikking-wmo.pdf"),
            )
        )
    if VERSLAG not in existing:
        seat = _seated_professional(second)
        document = services.add_document(
            case=second,
            actor=second.procesregisseur,
            title=VERSLAG,
            category=category["Verslag"],
            upload=_upload("Verslag casusoverleg - concept - fictieve gegevens", "verslag-concept.pdf"),
        )
        services.add_version(  # the partner corrects the minutes: a second version
            document=document,
            actor=seat.user,
            upload=_upload("Verslag casusoverleg - definitief - fictieve gegevens", "verslag-definitief.pdf"),
        )
        made.append(document)
    if AFGESCHERMD not in existing:
        seat = _seated_professional(third)
        made.append(
            services.add_document(
                case=third,
                actor=seat.user,
                title=AFGESCHERMD,
                category=category["Rapportage"],
                upload=_upload("Behandelplan - fictieve gegevens", "behandelplan.pdf"),
                restricted=True,
                restricted_to=[seat.participant.organisation],
            )
        )
    return made
