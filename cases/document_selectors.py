"""Reads of a case's documents (kept apart from cases/selectors.py; the same rules apply).

A document shows on the case page once it has a version the scanner found clean; one in
quarantine or only infected does not. A restricted document shows only its marker (category,
date and organisation, never the title) to whoever `restricted_reader` refuses."""

from __future__ import annotations

from django.db.models import Prefetch

from partners.models import User
from privacy.policy import restricted_reader

from .models import Case, CaseDocument, DocumentVersion
from .models.document import CLEAN_VERSIONS


def case_documents(case: Case, user: User, *, meeting=None, plan=None) -> list[CaseDocument]:
    """The documents of a case for its page, newest first: four queries however many there are
    (one when there are none). `meeting` / `plan`: only the annexes of that meeting or plan version.
    Each has `readable` (may this user read title and versions) and `current` (latest clean version)."""
    clean = (
        DocumentVersion.objects.filter(CLEAN_VERSIONS).select_related("uploaded_by_organisation").order_by("-number")
    )
    annexes = {"meeting": meeting} if meeting is not None else {"plan": plan} if plan is not None else {}
    documents = list(
        CaseDocument.objects.filter(case=case, **annexes)
        .select_related("category", "author_organisation")
        .prefetch_related("restricted_to", Prefetch("versions", queryset=clean, to_attr="clean_versions"))
    )
    if not documents:
        return []
    may_read = restricted_reader(user, case)  # one grant query, only when there is something to judge
    shown = []
    for document in documents:
        if not document.clean_versions:
            continue
        document.readable = may_read(document)
        document.current = document.clean_versions[0]
        shown.append(document)
    return shown


def document_of(case: Case, document_id: int) -> CaseDocument | None:
    """One document of this case (None for a document of another case) with every version."""
    versions = DocumentVersion.objects.select_related("uploaded_by", "uploaded_by_organisation").order_by("-number")
    return (
        CaseDocument.objects.filter(case=case, pk=document_id)
        .select_related("category", "author_organisation", "created_by")
        .prefetch_related("restricted_to", Prefetch("versions", queryset=versions, to_attr="all_versions"))
        .first()
    )


def escalation_documents(escalation) -> list[CaseDocument]:
    """The attachments of an escalation (issue 17) for its page and the triage page; each with
    `current`, its clean version. Never restricted: who may view the escalation reads them all."""
    clean = DocumentVersion.objects.filter(CLEAN_VERSIONS).order_by("-number")
    documents = (
        CaseDocument.objects.filter(escalation=escalation)
        .select_related("category")
        .prefetch_related(Prefetch("versions", queryset=clean, to_attr="clean_versions"))
        .order_by("created_at", "pk")
    )
    shown = []
    for document in documents:
        if document.clean_versions:
            document.current = document.clean_versions[0]
            shown.append(document)
    return shown


def escalation_document_of(escalation, document_id: int) -> CaseDocument | None:
    return CaseDocument.objects.filter(escalation=escalation, pk=document_id).first()
