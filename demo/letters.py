"""Demo data for letters from a template (issue 17), called by `manage.py seed_demo`: an
invitation to the main person of the first running demo case, made by its regisseur through the
real service (PDF through WeasyPrint, stored and scanned as a document). Idempotent."""

from __future__ import annotations

from cases import services
from cases.models import Case, CaseDocument, LetterTemplate, Phase

TEMPLATE = "Uitnodiging aan betrokkene"


def seed_letters() -> None:
    case = Case.objects.exclude(phase=Phase.AFGESLOTEN).order_by("reference").first()
    template = LetterTemplate.objects.filter(name=TEMPLATE, is_active=True).first()
    if case is None or template is None or CaseDocument.objects.filter(case=case, title__startswith=TEMPLATE).exists():
        return
    services.generate_letter(
        case=case,
        actor=case.procesregisseur,
        template=template,
        extra_text="Dit is een voorbeeldbrief met fictieve gegevens.",
    )
