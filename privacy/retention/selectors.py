"""Reads of retention for the privacy officer's start page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .services import COMING_DAYS, DueItem, due_for_destruction


@dataclass(frozen=True)
class RetentionDueSoon:
    """What the next retention run destroys (`due_now`) and what becomes due in the coming
    `days` (`coming`, soonest first). References and dates only, no personal data."""

    due_now: int
    coming: int
    days: int
    items: list[DueItem]


def retention_due_soon(*, today: date, limit: int, days: int = COMING_DAYS) -> RetentionDueSoon:
    """The same rule as the retention overview (`due_for_destruction`), read for today and for
    `today + days`: a fixed number of queries however many cases are due."""
    now = due_for_destruction(today)
    due_now = now.references()
    later = [
        item
        for item in due_for_destruction(today + timedelta(days=days)).items
        if (item.object_type, item.reference) not in due_now
    ]
    later.sort(key=lambda item: (item.due_on, item.reference))
    shown = sorted(now.items, key=lambda item: (item.due_on, item.reference)) + later
    return RetentionDueSoon(due_now=len(now.items), coming=len(later), days=days, items=shown[:limit])
