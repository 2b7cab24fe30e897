"""What a figure page shows: a period (a year or one quarter of it), optionally one programme and one
woongemeente, and the query conditions every aggregate read (dashboard/selectors.py) applies.

The reference date is the last day of the period, or today while the period runs: "running" and the
AVE level are counted on it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from partners.models import Organisation
from programmes.models import Programme

QUARTER_LABELS = {1: "1e kwartaal", 2: "2e kwartaal", 3: "3e kwartaal", 4: "4e kwartaal"}
UNKNOWN_MUNICIPALITY = "onbekend"


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the local time zone (periods count by local days)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: a year, optionally one quarter, one programme, one municipality
    (an Organisation of kind gemeente) or the cases without a recorded municipality."""

    year: int
    quarter: int | None = None
    programme: Programme | None = None
    municipality: Organisation | None = None
    municipality_unknown: bool = False

    @property
    def start(self) -> date:
        return date(self.year, 1 if not self.quarter else 3 * (self.quarter - 1) + 1, 1)

    @property
    def end(self) -> date:
        """First day after the period."""
        if not self.quarter or self.quarter == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.quarter + 1, 1)

    @property
    def quarters(self) -> list[int]:
        return [self.quarter] if self.quarter else [1, 2, 3, 4]

    @property
    def reference_date(self) -> date:
        return min(self.end - timedelta(days=1), timezone.localdate())

    @property
    def share_of_year(self) -> float:
        return len(self.quarters) / 4

    def previous_year(self) -> Filters:
        return replace(self, year=self.year - 1)

    @property
    def period_label(self) -> str:
        return f"{QUARTER_LABELS[self.quarter]} {self.year}" if self.quarter else str(self.year)

    def describe(self) -> str:
        parts = [self.period_label]
        if self.programme is not None:
            parts.append(f"programma {self.programme.code}")
        if self.municipality is not None:
            parts.append(str(self.municipality))
        elif self.municipality_unknown:
            parts.append("woongemeente onbekend")
        return ", ".join(parts)

    # Query conditions -------------------------------------------------------------------------

    def case_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.programme is not None:
            q &= Q(**{f"{prefix}programme": self.programme})
        if self.municipality is not None:
            q &= Q(**{f"{prefix}municipality": self.municipality})
        elif self.municipality_unknown:
            q &= Q(**{f"{prefix}municipality__isnull": True})
        return q

    def escalation_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.programme is not None:
            q &= Q(**{f"{prefix}case__programme": self.programme}) | Q(
                **{f"{prefix}case__isnull": True, f"{prefix}suggested_programme": self.programme}
            )
        if self.municipality is not None:
            q &= Q(**{f"{prefix}municipality": self.municipality})
        elif self.municipality_unknown:
            q &= Q(**{f"{prefix}municipality__isnull": True})
        return q

    def between(self, field_name: str, *, moments: bool = False) -> Q:
        start, end = (start_of_day(self.start), start_of_day(self.end)) if moments else (self.start, self.end)
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    def quarter_q(self, field_name: str, quarter: int) -> Q:
        return replace(self, quarter=quarter).between(field_name, moments=True)
