"""The retention-term rule for closed cases, in the privacy kernel so that both the retention job
(privacy/retention/, a feature) and the cases domain (reopening a case within its term,
cases/services/lifecycle.py) use one rule instead of two copies.

- A term in months per category; a term with a programme overrides the category default.
- A term runs from its start date to start + term months (the day clamped to the end of a
  shorter month); an object is due on and after that date.
- A closed case starts at `closed_on`; a `RetentionExtension` keeps it until its `until` date
  inclusive, so with extensions it is due on the later of the due date and the day after the
  latest `until`.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Max

from .models import RetentionCategory, RetentionExtension, RetentionPolicy

if TYPE_CHECKING:
    from cases.models import Case


def add_months(start: date, months: int) -> date:
    """`start` plus whole months; the day is clamped to the end of a shorter month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class Terms:
    """The terms in force, loaded once: `term(category, programme_id)` → months or None."""

    def __init__(self):
        self._by_key: dict[tuple[str, int | None], int] = {
            (p.category, p.programme_id): p.term_months for p in RetentionPolicy.objects.all()
        }

    def term(self, category: str, programme_id: int | None) -> int | None:
        if programme_id is not None and (category, programme_id) in self._by_key:
            return self._by_key[(category, programme_id)]
        return self._by_key.get((category, None))

    def has_default(self, category: str) -> bool:
        return (category, None) in self._by_key

    def has_any(self, category: str) -> bool:
        return any(key[0] == category for key in self._by_key)

    def shortest(self, category: str) -> int | None:
        terms = [months for (cat, _), months in self._by_key.items() if cat == category]
        return min(terms) if terms else None


def case_due_on(closed_on: date, term_months: int, latest_until: date | None) -> date:
    """The day a closed case becomes due for destruction (see the rule above)."""
    due_on = add_months(closed_on, term_months)
    if latest_until is not None:
        due_on = max(due_on, latest_until + timedelta(days=1))
    return due_on


def closed_case_due_on(case: Case, terms: Terms | None = None) -> date | None:
    """The day retention destroys this closed case's data; None when it is not closed (no closing
    date) or no term applies (then nothing of it is destroyed)."""
    if case.closed_on is None:
        return None
    term = (terms or Terms()).term(RetentionCategory.CLOSED_CASE, case.programme_id)
    if term is None:
        return None
    latest_until = RetentionExtension.objects.filter(case_id=case.pk).aggregate(latest=Max("until"))["latest"]
    return case_due_on(case.closed_on, term, latest_until)
