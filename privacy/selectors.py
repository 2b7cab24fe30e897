"""Reads of the privacy app: the access log for the privacy officer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.models import EscalationPerson, Person

from .models import AccessLogEntry

RESULT_ALLOWED = "toegestaan"
RESULT_REFUSED = "geweigerd"
MAX_PERSON_IDS = 100


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _mentions_any_person(entries: QuerySet, person_ids: list[int], escalation_person_ids: list[int]) -> QuerySet:
    """Entries whose `person_ids` contains one of `person_ids` or whose `escalation_person_ids`
    contains one of `escalation_person_ids` (both JSON lists)."""
    if connection.vendor == "postgresql":
        condition = Q()
        for person_id in person_ids:
            condition |= Q(person_ids__contains=[person_id])  # jsonb @> '[id]'
        for person_id in escalation_person_ids:
            condition |= Q(escalation_person_ids__contains=[person_id])
        return entries.filter(condition)
    # SQLite (the embedded default, demo-sized) has no JSON containment lookup: filter in Python.
    wanted, wanted_escalation = set(person_ids), set(escalation_person_ids)
    matching = [
        e.pk
        for e in entries.only("pk", "person_ids", "escalation_person_ids").iterator()
        if wanted & set(e.person_ids or []) or wanted_escalation & set(e.escalation_person_ids or [])
    ]
    return entries.filter(pk__in=matching)


def access_log_entries(
    *,
    case_reference: str = "",
    username: str = "",
    refused_only: bool = False,
    organisation: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    action: str = "",
    result: str = "",
    break_glass_only: bool = False,
    person_ids: Iterable[int] = (),
    escalation_person_ids: Iterable[int] = (),
) -> QuerySet[AccessLogEntry]:
    """The access log, newest first, narrowed by every filter given (all combine with AND).

    - case_reference: the case, or another object's reference (an escalation), exact, any case;
    - username: exact, any case; organisation: part of the user's organisation or "on behalf of";
    - date_from / date_to: whole days in local time, both inclusive;
    - action: an AccessAction value; result: "toegestaan" or "geweigerd" (refused_only: legacy);
    - break_glass_only: entries written under break-glass;
    - person_ids / escalation_person_ids: entries about one of these cases.Person or
      cases.EscalationPerson ids (see `persons_matching`, `escalation_persons_matching`).
    """
    entries = AccessLogEntry.objects.all()
    if case_reference:
        entries = entries.filter(Q(case_reference__iexact=case_reference) | Q(object_reference__iexact=case_reference))
    if username:
        entries = entries.filter(username__iexact=username)
    if organisation:
        entries = entries.filter(Q(user_organisation__icontains=organisation) | Q(on_behalf_of__icontains=organisation))
    if date_from:
        entries = entries.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(occurred_at__lt=_start_of(date_to + timedelta(days=1)))
    if action:
        entries = entries.filter(action=action)
    if refused_only or result == RESULT_REFUSED:
        entries = entries.filter(allowed=False)
    elif result == RESULT_ALLOWED:
        entries = entries.filter(allowed=True)
    if break_glass_only:
        entries = entries.filter(is_break_glass=True)
    person_ids = sorted(set(person_ids))[:MAX_PERSON_IDS]
    escalation_person_ids = sorted(set(escalation_person_ids))[:MAX_PERSON_IDS]
    if person_ids or escalation_person_ids:
        entries = _mentions_any_person(entries, person_ids, escalation_person_ids)
    return entries.order_by("-occurred_at", "-pk")


def persons_matching(*, bsn: str = "", last_name: str = "", date_of_birth: date | None = None) -> list[tuple[int, str]]:
    """Persons of cases (any case, open or closed) by BSN, or by last name and date of birth, as
    (person id, case reference) pairs and nothing else: the privacy officer's lookup shows no case
    content beyond the reference."""

    if bsn:
        persons = Person.objects.filter(bsn=bsn)
    elif last_name and date_of_birth:
        persons = Person.objects.filter(last_name__iexact=last_name.strip(), date_of_birth=date_of_birth)
    else:
        return []
    return list(persons.order_by("case__reference", "pk").values_list("pk", "case__reference")[:MAX_PERSON_IDS])


def person_references(person_ids: Iterable[int]) -> list[tuple[int, str]]:
    """(person id, case reference) for the ids of a person filter; ids of destroyed persons drop out."""

    ids = sorted(set(person_ids))[:MAX_PERSON_IDS]
    persons = Person.objects.filter(pk__in=ids).order_by("case__reference", "pk")
    return list(persons.values_list("pk", "case__reference"))


def escalation_persons_matching(
    *, bsn: str = "", last_name: str = "", date_of_birth: date | None = None
) -> list[tuple[int, str]]:
    """Persons of escalations (aanmeldingen), found as `persons_matching` finds case persons, as
    (escalation person id, escalation reference) pairs."""
    if bsn:
        persons = EscalationPerson.objects.filter(bsn=bsn)
    elif last_name and date_of_birth:
        persons = EscalationPerson.objects.filter(last_name__iexact=last_name.strip(), date_of_birth=date_of_birth)
    else:
        return []
    ordered = persons.order_by("escalation__reference", "pk")
    return list(ordered.values_list("pk", "escalation__reference")[:MAX_PERSON_IDS])


def escalation_person_references(ids: Iterable[int]) -> list[tuple[int, str]]:
    """(escalation person id, escalation reference) for the ids of a person filter."""
    wanted = sorted(set(ids))[:MAX_PERSON_IDS]
    persons = EscalationPerson.objects.filter(pk__in=wanted).order_by("escalation__reference", "pk")
    return list(persons.values_list("pk", "escalation__reference"))
