"""Retention and destruction of personal data (WGS/BGS: bewaartermijnen per categorie).

The rules, as implemented here:

Terms
- The privacy officer sets a term in months per category (`RetentionCategory`): escalations
  (aanmeldingen) that never became a case, and closed cases. A term without programme is the
  default of its category; a term with a programme overrides the default for that programme
  (e.g. PGA Radicalisering with its own act). Only the privacy officer sets terms and extensions.
- No term applies (no term for the programme and no default of the category) → nothing of it is
  due. The dry-run report names categories without a default term.
- The term runs from a start date and ends on start + term months (the due date; day clamped to
  the end of a shorter month). An object is due on and after its due date. This rule and the
  closed case's due date live in the privacy kernel (privacy/due_dates.py), because
  reopening a case within its term (cases/services/lifecycle.py) applies the same rule.

What is due
- A closed case (phase ‘afgesloten’, with a closing date, not yet anonymised): start = `closed_on`,
  term of its programme, else the category default. An extension (`RetentionExtension`) keeps it
  until its `until` date inclusive: with extensions the case is due on the later of the due date
  and the day after the latest `until`. Only the privacy officer extends, with a reason and an end
  date in the future, and only for a closed case that still has its data.
- An escalation that never became a case (status not ‘ingediend’, no case, not yet anonymised):
  start = the date of `decided_at`, term of its suggested programme if that has one, else the
  category default. A pending escalation is never due.
- An escalation that became a case follows its case: when the case is anonymised, so is the
  escalation (same transaction, same category and term, its own destruction record). So does an
  escalation added to a running case (outcome "toegevoegd", `Escalation.added_to_case`): its
  persons are in that case now, so its data stay as long as the case's and go with them; it is
  never due on the (short) term of escalations without a case.
- Open cases, cases already anonymised and escalations already anonymised are never due, so a
  second run finds nothing to do (idempotent).

What destruction does (anonymise, don't delete: the rows stay for the dashboards)
- Persons of the case and of its escalation (Person, EscalationPerson): first and last name become
  "Geanonimiseerd", prefix, street address, postal code, city and BSN are blanked. The birth year
  is kept (date of birth becomes 1 January of that year) for age-group figures; on its own, once
  names, address, BSN and free text are gone, a year does not identify anyone. Role in the case
  stays.
- Free text is destroyed: Case.summary and closure_result (blanked), every TimelineEntry.text
  ("[vernietigd]"; kind, author and date stay), AveLevelChange.reason (blanked; levels, who and when
  stay), InclusionDecision.note (blanked; answers stay), the comments of the closure survey
  (SurveyResponse.comment, blanked; scores stay for the dashboards), the reasons of the case's retention
  extensions ("[vernietigd]"; the dates stay) and the escalation's reason, bottleneck text, goal,
  feedback, advice, contact name/phone/e-mail, other involved parties and the explanation why the
  person was not informed (blanked).
- Kept for the aggregates: the Case row (reference, programme, phase, AVE level, opened/closed dates,
  closure reason, procesregisseur), the AVE history, the partners and professionals at the table
  (professionals, not data subjects), the escalation's status, dates, urgency, AVE level,
  bottleneck categories, organisations and programme.
- django-auditlog entries of the anonymised objects (case, escalation, their persons, timeline,
  AVE history, inclusion decision) hold the old values and are deleted.
- `anonymised_at` is set on the case and the escalation; one `DestructionRecord` per case and per
  escalation records THAT it happened (run, category, type, reference, term, when, by whom), never
  what was destroyed.
- Each object is destroyed in its own transaction, after locking its row (SELECT … FOR UPDATE) and
  checking again that it is still due, so two racing runs (or a run racing an extension) destroy
  everything at most once. The access log is never touched (its own term, out of scope).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone

from cases.models import OPEN_ESCALATION_STATUSES, Case, Escalation, Person, Phase
from cases.services.case import refresh_person_search
from privacy import policy
from privacy.due_dates import Terms, add_months
from privacy.due_dates import case_due_on as _case_due_on
from privacy.models import DestructionRecord, RetentionCategory, RetentionExtension, RetentionPolicy
from privacy.services import sync_case_access
from zvh.data_retention import ANONYMISED, DESTROYED, belonging_to
from zvh.errors import ServiceError

if TYPE_CHECKING:
    from partners.models import User
    from programmes.models import Programme

SCHEDULED_JOB = "bewaartermijntaak"
ANONYMISED_NAME = ANONYMISED
DESTROYED_TEXT = DESTROYED
OBJECT_CASE = "casus"
OBJECT_ESCALATION = "aanmelding"
MAX_TERM_MONTHS = 1200


def _require_privacy_officer(actor: User | None) -> None:
    if not policy.may_manage_retention(actor):
        raise PermissionDenied("Alleen de privacyfunctionaris beheert bewaartermijnen.")


# --------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------


def retention_terms():
    """Every term, default first per category (for the overview)."""
    return RetentionPolicy.objects.select_related("programme", "updated_by").order_by(
        "category", "programme__sort_order", "programme__code"
    )


@transaction.atomic
def set_retention_term(
    *, actor: User, category: str, programme: Programme | None, term_months: int, legal_note: str = ""
) -> RetentionPolicy:
    """Set (create or change) the term of a category, for one programme or as the default."""
    _require_privacy_officer(actor)
    if category not in RetentionCategory.values:
        raise ServiceError("Kies een categorie.", field="category")
    if term_months is None or not 1 <= int(term_months) <= MAX_TERM_MONTHS:
        raise ServiceError(f"Een bewaartermijn is 1 tot {MAX_TERM_MONTHS} maanden.", field="term_months")
    values = {"term_months": int(term_months), "legal_note": (legal_note or "").strip()[:300], "updated_by": actor}
    lookup = {"category": category, "programme": programme}
    existing = RetentionPolicy.objects.select_for_update().filter(**lookup).order_by("pk").first()
    if existing is None:
        try:
            with transaction.atomic():
                return RetentionPolicy.objects.create(**lookup, **values)
        except IntegrityError:  # someone else created it at the same moment: change theirs
            existing = RetentionPolicy.objects.select_for_update().order_by("pk").get(**lookup)
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save()
    return existing


# --------------------------------------------------------------------------------------------
# Extensions
# --------------------------------------------------------------------------------------------


def extend_retention(*, actor: User, case: Case, reason: str, until: date) -> RetentionExtension:
    """Keep a closed case's data until `until` (inclusive), for a recorded reason."""

    _require_privacy_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Geef de reden waarom de gegevens langer worden bewaard.", field="reason")
    if until is None:
        raise ServiceError("Vul in tot wanneer de gegevens worden bewaard.", field="until")
    if until <= timezone.localdate():
        raise ServiceError("De einddatum van de verlenging moet in de toekomst liggen.", field="until")
    with transaction.atomic():
        # The same lock as the destruction of this case: an extension and a run never cross.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.anonymised_at is not None:
            raise ServiceError(
                f"De persoonsgegevens van casus {locked.reference} zijn al vernietigd.", field="reference"
            )
        if locked.phase != Phase.AFGESLOTEN or locked.closed_on is None:
            raise ServiceError(
                f"Casus {locked.reference} is nog niet afgesloten; alleen van een afgesloten casus kan de "
                "bewaartermijn worden verlengd.",
                field="reference",
            )
        return RetentionExtension.objects.create(case=locked, reason=reason, until=until, decided_by=actor)


def current_extensions(today: date | None = None):
    """Extensions still in force (until today or later), soonest end first."""
    today = today or timezone.localdate()
    return (
        RetentionExtension.objects.filter(until__gte=today, case__anonymised_at__isnull=True)
        .select_related("case", "case__programme", "decided_by")
        .order_by("until", "case__reference")
    )


def latest_destructions(limit: int = 50):
    return DestructionRecord.objects.order_by("-destroyed_at", "-pk")[:limit]


# --------------------------------------------------------------------------------------------
# What is due (the dry-run report)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One object the next run would anonymise. References and dates only, no personal data."""

    category: str
    object_type: str  # OBJECT_CASE or OBJECT_ESCALATION
    object_id: int
    reference: str
    programme_code: str
    start_date: date  # closing date of the case, or decision date of the escalation
    term_months: int
    due_on: date
    extended_until: date | None = None
    follows_case: str = ""  # for an escalation that follows its case: the case reference

    @property
    def category_label(self) -> str:
        return RetentionCategory(self.category).label

    @property
    def object_type_label(self) -> str:
        return "Casus" if self.object_type == OBJECT_CASE else "Aanmelding"

    @property
    def is_case(self) -> bool:
        """A case (whose term can be extended), not an escalation."""
        return self.object_type == OBJECT_CASE


@dataclass
class DueReport:
    today: date
    items: list[DueItem] = field(default_factory=list)
    categories_without_default: list[str] = field(default_factory=list)
    categories_without_term: list[str] = field(default_factory=list)

    def by_category(self) -> list[tuple[str, str, list[DueItem]]]:
        """(category, label, items) for every category, also those with nothing due."""
        return [
            (value, label, [item for item in self.items if item.category == value])
            for value, label in RetentionCategory.choices
        ]

    def counts(self) -> dict[str, int]:
        counted = Counter(item.category for item in self.items)
        return {value: counted.get(value, 0) for value in RetentionCategory.values}

    def references(self) -> set[tuple[str, str]]:
        return {(item.object_type, item.reference) for item in self.items}

    def category_notes(self) -> list[str]:
        notes = []
        for value in self.categories_without_term:
            notes.append(
                f"{RetentionCategory(value).label}: geen bewaartermijn vastgelegd, dus niets wordt vernietigd."
            )
        for value in self.categories_without_default:
            if value not in self.categories_without_term:
                notes.append(
                    f"{RetentionCategory(value).label}: geen standaardtermijn; alleen programma's met een eigen "
                    "termijn worden vernietigd."
                )
        return notes

    def __len__(self) -> int:
        return len(self.items)


def _linked_escalations(case_ids) -> dict[int, list[tuple[int, str]]]:
    """Per case, the escalations that follow it: the one it came from, then those added to it."""
    linked: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Escalation.objects.filter(models.Q(case_id__in=case_ids) | models.Q(added_to_case_id__in=case_ids))
        .filter(anonymised_at__isnull=True)
        .values_list("pk", "reference", "case_id", "added_to_case_id")
        .order_by(F("case_id").asc(nulls_last=True), "pk")
    )
    for pk, reference, case_id, added_to_case_id in rows:
        linked.setdefault(case_id or added_to_case_id, []).append((pk, reference))
    return linked


def _due_cases(today: date, terms: Terms) -> list[DueItem]:

    category = RetentionCategory.CLOSED_CASE
    shortest = terms.shortest(category)
    if shortest is None:
        return []
    # A generous pre-filter in the database (month clamping can move a due date a few days);
    # the exact rule is applied below.
    latest_start = add_months(today, -shortest) + timedelta(days=4)
    rows = (
        Case.objects.filter(
            phase=Phase.AFGESLOTEN,
            closed_on__isnull=False,
            closed_on__lte=latest_start,
            anonymised_at__isnull=True,
        )
        .annotate(latest_until=Max("retention_extensions__until"))
        .values_list("pk", "reference", "programme_id", "programme__code", "closed_on", "latest_until")
        .order_by("closed_on", "reference")
    )
    due = []
    for pk, reference, programme_id, programme_code, closed_on, latest_until in rows:
        term = terms.term(category, programme_id)
        if term is None:
            continue
        due_on = _case_due_on(closed_on, term, latest_until)
        if due_on <= today:
            due.append(
                DueItem(category, OBJECT_CASE, pk, reference, programme_code, closed_on, term, due_on, latest_until)
            )
    linked = _linked_escalations([item.object_id for item in due])
    items = []
    for item in due:
        items.append(item)
        for esc_pk, esc_reference in linked.get(item.object_id, ()):
            items.append(
                DueItem(
                    category,
                    OBJECT_ESCALATION,
                    esc_pk,
                    esc_reference,
                    item.programme_code,
                    item.start_date,
                    item.term_months,
                    item.due_on,
                    item.extended_until,
                    follows_case=item.reference,
                )
            )
    return items


def _escalation_is_due(status: str, case_id, decided_at, anonymised_at, added_to_case_id=None) -> bool:
    """An escalation without a case of its own, nor added to one (those follow their case)."""
    return (
        status not in OPEN_ESCALATION_STATUSES
        and case_id is None
        and added_to_case_id is None
        and decided_at is not None
        and anonymised_at is None
    )


def _due_escalations(today: date, terms: Terms) -> list[DueItem]:

    category = RetentionCategory.ESCALATION_WITHOUT_CASE
    if terms.shortest(category) is None:
        return []
    rows = (
        Escalation.objects.exclude(status__in=OPEN_ESCALATION_STATUSES)
        .filter(case__isnull=True, added_to_case__isnull=True, decided_at__isnull=False, anonymised_at__isnull=True)
        .values_list("pk", "reference", "suggested_programme_id", "suggested_programme__code", "decided_at")
        .order_by("decided_at", "reference")
    )
    items = []
    for pk, reference, programme_id, programme_code, decided_at in rows:
        term = terms.term(category, programme_id)
        if term is None:
            continue
        decided_on = timezone.localdate(decided_at)
        due_on = add_months(decided_on, term)
        if due_on <= today:
            items.append(
                DueItem(category, OBJECT_ESCALATION, pk, reference, programme_code or "", decided_on, term, due_on)
            )
    return items


def due_for_destruction(today: date | None = None) -> DueReport:
    """What the next run (on `today`) would anonymise, per category: references, start date,
    term and due date. Contains no personal data, so reading it needs no case access."""
    today = today or timezone.localdate()
    terms = Terms()
    report = DueReport(today=today)
    report.categories_without_term = [c for c in RetentionCategory.values if not terms.has_any(c)]
    report.categories_without_default = [c for c in RetentionCategory.values if not terms.has_default(c)]
    report.items = _due_cases(today, terms) + _due_escalations(today, terms)
    return report


COMING_DAYS = 28


def coming_due(today: date | None = None, days: int = COMING_DAYS) -> DueReport:
    """What becomes due in the coming `days` (4 weeks): due on `today + days` but not yet today, per
    category, soonest first, so the privacy officer can extend in time. No personal data."""
    today = today or timezone.localdate()
    due_now = due_for_destruction(today).references()
    later = due_for_destruction(today + timedelta(days=days))
    items = [item for item in later.items if (item.object_type, item.reference) not in due_now]
    return DueReport(today=today, items=sorted(items, key=lambda item: (item.due_on, item.reference)))


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass
class RetentionSummary:
    run_id: uuid.UUID
    performed_by: str
    today: date
    cases: int = 0
    escalations: int = 0
    per_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RetentionCategory.values, 0))

    @property
    def total(self) -> int:
        return self.cases + self.escalations

    def as_dict(self) -> dict:
        return {
            "run_id": str(self.run_id),
            "performed_by": self.performed_by,
            "date": self.today.isoformat(),
            "cases": self.cases,
            "escalations": self.escalations,
            "per_category": dict(self.per_category),
        }


def _blank_value(model_field):
    """What BLANK writes: NULL where allowed, else empty text / the field's empty JSON."""
    if model_field.null:
        return None
    if isinstance(model_field, models.JSONField):
        return model_field.get_default()
    return ""


def _delete_stored_files(model, rows, names) -> None:
    """Delete the stored files of these file fields, once the destruction is committed."""
    file_fields = [model._meta.get_field(name) for name in names]
    file_fields = [f for f in file_fields if isinstance(f, models.FileField)]
    for file_field in file_fields:
        stored = [name for name in rows.values_list(file_field.attname, flat=True) if name]
        storage = file_field.storage
        transaction.on_commit(lambda stored=stored, storage=storage: [storage.delete(name) for name in stored])


def _destroy_rows(model, path: str, object_id: int, declared) -> list[int]:
    """Apply the model's Destroy rules (zvh/data_retention.py) to every row reached from the
    Case or Escalation `object_id` along `path`, in bulk; returns the ids of the rows reached."""
    ids = list(model._default_manager.filter(**{path: object_id}).values_list("pk", flat=True))
    if not ids:
        return []
    rows = model._default_manager.filter(pk__in=ids)
    destroyed = declared.destroyed()
    _delete_stored_files(model, rows, destroyed)
    if any(rule.how == "delete_row" for rule in destroyed.values()):
        rows.delete()
        return ids
    replaced = {name: rule for name, rule in destroyed.items() if rule.how == "replace"}
    per_row = (
        {row.pk: {name: rule.function(row) for name, rule in replaced.items()} for row in rows} if replaced else {}
    )
    in_bulk = {}
    for name, rule in destroyed.items():
        if rule.how == "blank":
            in_bulk[name] = _blank_value(model._meta.get_field(name))
        elif rule.how == "marker":
            in_bulk[name] = rule.text
    if in_bulk:
        rows.update(**in_bulk)
    for pk, values in per_row.items():
        model._default_manager.filter(pk=pk).update(**values)
    return ids


def _destroy_everything_of(target: str, object_id: int) -> None:
    """Destroy every Destroy field of every row that belongs to the Case (`target="case"`) or
    Escalation (`"escalation"`), and the django-auditlog history of all those rows."""
    reached = [
        (model, _destroy_rows(model, path, object_id, declared)) for model, path, declared in belonging_to(target)
    ]
    for model, ids in reached:
        _delete_auditlog(model, ids)


def _delete_auditlog(model, ids) -> None:
    from django.contrib.contenttypes.models import ContentType

    ids = [int(pk) for pk in ids]
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_id__in=ids).delete()
    LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in ids]).delete()


def _anonymise_escalation(escalation_id: int, now) -> None:
    """The personal data of one (locked) escalation and of everything that belongs to it."""

    _destroy_everything_of("escalation", escalation_id)
    Escalation.objects.filter(pk=escalation_id).update(anonymised_at=now, version=F("version") + 1)


def _record(*, run_id, category, object_type, reference, term_months, performed_by, now) -> None:
    DestructionRecord.objects.create(
        run_id=run_id,
        category=category,
        object_type=object_type,
        object_reference=reference,
        term_months=term_months,
        destroyed_at=now,
        performed_by=performed_by,
    )


def _destroy_case(case_id: int, *, terms: Terms, today: date, run_id, performed_by: str) -> tuple[int, int]:
    """Anonymise one closed case and the escalation it came from, if (still) due.
    Returns (cases, escalations) destroyed: (0, 0) when another run was first or it is no longer due."""

    category = RetentionCategory.CLOSED_CASE
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=case_id).first()
        if case is None or case.anonymised_at is not None or case.phase != Phase.AFGESLOTEN or not case.closed_on:
            return 0, 0
        term = terms.term(category, case.programme_id)
        if term is None:
            return 0, 0
        latest_until = case.retention_extensions.aggregate(latest=Max("until"))["latest"]
        if _case_due_on(case.closed_on, term, latest_until) > today:
            return 0, 0
        escalation = Escalation.objects.select_for_update().filter(case=case, anonymised_at__isnull=True).first()
        # Escalations added to this case later follow it too; each keeps its own destruction record.
        added = list(
            Escalation.objects.select_for_update()
            .filter(added_to_case=case, anonymised_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "reference")
        )
        now = timezone.now()

        _destroy_everything_of("case", case.pk)  # the case, its escalation and all that belongs to them
        Case.objects.filter(pk=case.pk).update(anonymised_at=now, updated_at=now, version=case.version + 1)
        Person.objects.filter(case=case).update(updated_at=now, version=F("version") + 1)
        refresh_person_search(case)  # the case list's copy of the (now anonymised) names
        if escalation is not None:
            Escalation.objects.filter(pk=escalation.pk).update(anonymised_at=now, version=F("version") + 1)
        for added_pk, _ in added:  # not reached by the case's paths: destroyed as escalations
            _anonymise_escalation(added_pk, now)
        case.refresh_from_db()
        sync_case_access(case)  # retention ends the regisseur's read-only access too (policy)

        _record(
            run_id=run_id,
            category=category,
            object_type=OBJECT_CASE,
            reference=case.reference,
            term_months=term,
            performed_by=performed_by,
            now=now,
        )
        followers = ([escalation.reference] if escalation is not None else []) + [ref for _, ref in added]
        for reference in followers:
            _record(
                run_id=run_id,
                category=category,
                object_type=OBJECT_ESCALATION,
                reference=reference,
                term_months=term,
                performed_by=performed_by,
                now=now,
            )
        return 1, len(followers)


def _destroy_escalation(escalation_id: int, *, terms: Terms, today: date, run_id, performed_by: str) -> int:
    """Anonymise one escalation that never became a case, if (still) due. Returns 1 or 0."""

    category = RetentionCategory.ESCALATION_WITHOUT_CASE
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().filter(pk=escalation_id).first()
        if escalation is None or not _escalation_is_due(
            escalation.status,
            escalation.case_id,
            escalation.decided_at,
            escalation.anonymised_at,
            escalation.added_to_case_id,
        ):
            return 0
        term = terms.term(category, escalation.suggested_programme_id)
        if term is None or add_months(timezone.localdate(escalation.decided_at), term) > today:
            return 0
        now = timezone.now()
        _anonymise_escalation(escalation.pk, now)
        _record(
            run_id=run_id,
            category=category,
            object_type=OBJECT_ESCALATION,
            reference=escalation.reference,
            term_months=term,
            performed_by=performed_by,
            now=now,
        )
        return 1


def run_retention(*, performed_by: str = SCHEDULED_JOB, today: date | None = None) -> RetentionSummary:
    """Anonymise everything whose term has passed (see the module docstring) and record that it
    happened. Safe to run twice, and concurrently: each object is locked and checked again."""
    today = today or timezone.localdate()
    summary = RetentionSummary(run_id=uuid.uuid4(), performed_by=str(performed_by)[:150], today=today)
    terms = Terms()
    report = DueReport(today=today, items=_due_cases(today, terms) + _due_escalations(today, terms))
    for item in report.items:
        if item.object_type == OBJECT_CASE:
            cases, escalations = _destroy_case(
                item.object_id, terms=terms, today=today, run_id=summary.run_id, performed_by=summary.performed_by
            )
        elif not item.follows_case:
            cases, escalations = (
                0,
                _destroy_escalation(
                    item.object_id, terms=terms, today=today, run_id=summary.run_id, performed_by=summary.performed_by
                ),
            )
        else:
            continue  # destroyed together with its case
        summary.cases += cases
        summary.escalations += escalations
        summary.per_category[item.category] += cases + escalations
    return summary
