"""The managers' dashboard, the annual report and the Levensloopaanpak key figures: aggregates only.

Every figure is computed in the database (GROUP BY, COUNT … FILTER, percentile_cont), so the number
of queries is fixed (about a dozen) whatever the number of cases; Python only arranges the grouped
rows into tables (programmes/tables.py applies the small-numbers rule) and charts.

Only fields that retention (privacy/retention.py) keeps are read: programme, phase, AVE levels and
their history, woongemeente, dates (opened/closed, submitted/decided, plan agreed, inclusion
meeting), closure reason, escalation status and bottleneck categories, survey scores and the birth
year. Never a name, an address, a BSN or free text: anonymising a case does not change a figure.

Definitions (a period is a year or one quarter of it; the reference date is the last day of the
period, or today while the period runs):
- New escalations: submitted in the period; their programme is the programme of the case they
  became, else the programme suggested by the referrer ("Zonder programma" when neither).
- New cases: opened in the period. Running: open on the reference date. Closed: closed in the period.
- Prognosis: `Prognosis.expected_new` of the year; for a quarter a quarter of it (pro rata).
- Lead times, of what was completed in the period, in days: escalation → triage (submitted_at →
  decided_at of escalations decided in the period); triage → agreed plan (the triage decision of the
  case's escalation, or the opening date of a case registered without one, → the agreement of plan
  version 1, the first agreed plan, agreed in the period); opening → closure (cases closed in the
  period). Median and 80th percentile (percentile_cont).
- AVE distribution: the level of each case running on the reference date at that date (from the
  AVE history). AVE movements: changes in the period, up or down, per starting level.
- Satisfaction: closure-survey invitations and answers of cases closed in the period.
- Bottleneck radar: bottleneck categories named in escalations submitted in the period, per
  quarter, against the same period a year earlier (an escalation can name several).
- Municipality: the woongemeente of the case ("Onbekend" when not recorded)."""

from __future__ import annotations

import time as time_module
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from .aggregates import Percentile
from .charts import Chart, bar_chart
from .models import Prognosis, Programme
from .tables import DAYS, MEAN, PERCENT, TARGET, Cell, Table, one_column_table

QUARTER_LABELS = {1: "1e kwartaal", 2: "2e kwartaal", 3: "3e kwartaal", 4: "4e kwartaal"}
SCORE_FIELDS = [
    ("overall_score", "Rapportcijfer (1–10)"),
    ("clear_goals", "Doelen helder (1–5)"),
    ("good_collaboration", "Samenwerking (1–5)"),
    ("information_sharing", "Informatiedeling (1–5)"),
    ("added_value", "Meerwaarde ZVH (1–5)"),
]
UNKNOWN_MUNICIPALITY = "onbekend"
NO_PROGRAMME = "Zonder programma"
LLA_CODE = "LLA"
AGE_GROUPS = [
    (0, 17, "jonger dan 18"),
    (18, 26, "18 tot en met 26"),
    (27, 45, "27 tot en met 45"),
    (46, 65, "46 tot en met 65"),
    (66, 200, "66 en ouder"),
]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / 86400


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: a year, optionally one quarter, one programme, one municipality
    (an Organisation of kind gemeente) or the cases without a recorded municipality."""

    year: int
    quarter: int | None = None
    programme: Programme | None = None
    municipality: object | None = None  # partners.Organisation
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
        start, end = (_aware(self.start), _aware(self.end)) if moments else (self.start, self.end)
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    def quarter_q(self, field_name: str, quarter: int) -> Q:
        return replace(self, quarter=quarter).between(field_name, moments=True)


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table]
    chart: Chart | None = None


@dataclass
class Dashboard:
    filters: Filters
    headline: list[tuple[str, Cell]]
    sections: list[Section] = field(default_factory=list)
    computed_at: datetime | None = None  # set when the figures come from the figure cache (cached_figures)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


# How long a request that finds no figures waits for another process computing the same selection
# (a cold computation takes some 150–200 ms at 100,000 cases) before it computes them itself.
FIGURES_LOCK_SECONDS = 10
FIGURES_WAIT_SECONDS = 2.0
FIGURES_POLL_SECONDS = 0.05


def figures_key(build, filters: Filters) -> str:
    """The cache key of one selection's figures: per build (dashboard, LLA), filters and day."""
    selection = (
        filters.year, filters.quarter, getattr(filters.programme, "pk", None),
        getattr(filters.municipality, "pk", None), filters.municipality_unknown, timezone.localdate().isoformat(),
    )  # fmt: skip
    return ":".join(["figures", build.__name__, *map(str, selection)])  # no spaces (memcached-safe)


def compute_figures(build, filters: Filters) -> Dashboard:
    """Compute one selection's figures now, stamped with the moment (the page shows it)."""
    figures = build(filters)
    figures.computed_at = timezone.now()
    return figures


def store_figures(build, filters: Filters, seconds: int) -> Dashboard:
    """Compute one selection's figures and store them for `seconds` (the beat job, programmes/tasks.py).
    Raises when the cache is down: the job then fails visibly; requests compute as without a cache."""
    figures = compute_figures(build, filters)
    cache.set(figures_key(build, filters), figures, seconds)
    return figures


def cached_figures(build, filters: Filters) -> Dashboard:
    """The figures of one selection: the one entry point of the figure pages.

    DASHBOARD_CACHE_SECONDS = 0 (development, tests) computes them every time. Otherwise (production:
    300) they come from the cache that every web process shares (Redis). The selections managers open
    most (this year and last year, whole year, all programmes and municipalities, dashboard and LLA)
    are stored there every two minutes by the beat job `dashboard-cijfers` (programmes/tasks.py), so a
    request only reads them. Any other selection is computed on first request and kept for
    DASHBOARD_CACHE_SECONDS; concurrent cold requests for the same selection compute it once: the
    first takes a short lock (cache.add), the others wait up to FIGURES_WAIT_SECONDS for its result
    and compute themselves if it is slower. At 100,000 cases a cold computation costs some 100–150 ms of
    aggregate SQL; figures may be minutes old and the page says when they were computed (issue 8).
    When the cache is unreachable the figures are computed as without one."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    if not seconds:
        return build(filters)
    key = figures_key(build, filters)
    try:
        figures = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: compute, as without a cache
        return build(filters)
    if figures is not None:
        return figures
    lock = f"{key}:lock"
    try:
        computing_elsewhere = not cache.add(lock, 1, FIGURES_LOCK_SECONDS)
    except Exception:  # noqa: BLE001
        computing_elsewhere = False
    if computing_elsewhere:
        figures = _wait_for(key)
        if figures is not None:
            return figures
    try:
        figures = compute_figures(build, filters)
        try:
            cache.set(key, figures, seconds)
        except Exception:  # noqa: BLE001, S110 - losing the cache loses nothing
            pass
    finally:
        if not computing_elsewhere:
            try:
                cache.delete(lock)
            except Exception:  # noqa: BLE001, S110 - the lock expires by itself
                pass
    return figures


def _wait_for(key: str) -> Dashboard | None:
    """The figures another process is computing, once stored; None after FIGURES_WAIT_SECONDS."""
    deadline = time_module.monotonic() + FIGURES_WAIT_SECONDS
    while time_module.monotonic() < deadline:
        time_module.sleep(FIGURES_POLL_SECONDS)
        try:
            figures = cache.get(key)
        except Exception:  # noqa: BLE001
            return None
        if figures is not None:
            return figures
    return None


def stored_selections(today: date | None = None) -> list[Filters]:
    """The selections the beat job keeps stored: the default one (this year, whole year, all
    programmes and municipalities) and the same for last year."""
    year = (today or timezone.localdate()).year
    return [Filters(year=year), Filters(year=year - 1)]


# --------------------------------------------------------------------------------------------
# Queries (each returns grouped rows, never cases)
# --------------------------------------------------------------------------------------------


def _running_q(ref: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}opened_on__lte": ref}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": ref})
    )


def _case_groups(filters: Filters) -> list[dict]:
    """New, running and closed cases per (programme, municipality): one query."""
    from cases.models import Case

    start, end, ref = filters.start, filters.end, filters.reference_date
    return list(
        Case.objects.filter(filters.case_q(), opened_on__lt=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .values("programme_id", "municipality_id")
        .annotate(
            new=Count("pk", filter=Q(opened_on__gte=start)),
            closed=Count("pk", filter=Q(closed_on__gte=start, closed_on__lt=end)),
            running=Count("pk", filter=_running_q(ref)),
        )
        .order_by()
    )


def _escalation_groups(filters: Filters) -> list[dict]:
    from cases.models import Case, Escalation

    # The case's programme by a look-up per escalation (index-only on case_by_id_cover_idx), not a
    # join that reads every case: the same figures, a fraction of the time at 100,000 cases.
    case_programme = Case.objects.filter(pk=OuterRef("case_id")).order_by().values("programme_id")
    return list(
        Escalation.objects.filter(filters.between("submitted_at", moments=True), filters.escalation_q())
        .annotate(
            programme_key=Coalesce(Subquery(case_programme), "suggested_programme_id", output_field=BigIntegerField())
        )
        .values("programme_key", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _lead_time(queryset, duration) -> dict:
    duration = ExpressionWrapper(duration, output_field=DurationField())
    return queryset.aggregate(n=Count("pk"), p50=Percentile(duration, 0.5), p80=Percentile(duration, 0.8))


def _lead_times(filters: Filters) -> list[tuple[str, dict]]:
    from cases.models import Case, Escalation, ProcessPlan

    triage = _lead_time(
        Escalation.objects.filter(filters.between("decided_at", moments=True), filters.escalation_q()),
        F("decided_at") - F("submitted_at"),
    )
    # In whole local days: the triage date (or the opening date of a case without escalation) to
    # the date the first plan was agreed.
    plans = ProcessPlan.objects.filter(
        filters.between("agreed_at", moments=True), filters.case_q("case__"), number=1, agreed_at__isnull=False
    ).annotate(
        agreed_on=TruncDate("agreed_at"),
        triaged_on=Coalesce(TruncDate("case__escalation__decided_at"), "case__opened_on", output_field=DateField()),
    )
    plan = _lead_time(plans, F("agreed_on") - F("triaged_on"))
    closure = _lead_time(
        Case.objects.filter(filters.between("closed_on"), filters.case_q()), F("closed_on") - F("opened_on")
    )
    return [
        ("Aanmelding → triagebesluit", triage),
        ("Triagebesluit → eerste vastgestelde plan", plan),
        ("Start casus → afsluiting", closure),
    ]


def _ave_at_reference(filters: Filters) -> dict[int, int]:
    from cases.models import AveLevelChange, Case

    ref = filters.reference_date
    level_then = (
        AveLevelChange.objects.filter(case=OuterRef("pk"), changed_at__lt=_aware(ref + timedelta(days=1)))
        .order_by("-changed_at", "-pk")
        .values("to_level")[:1]
    )
    # Up to today the level at the reference date is the case's own (the services keep it equal to
    # the last change): no look-up in the history per running case.
    level = F("ave_level") if ref >= timezone.localdate() else Coalesce(Subquery(level_then), "ave_level")
    rows = (
        Case.objects.filter(filters.case_q(), _running_q(ref))
        .annotate(level=level)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["level"]: row["n"] for row in rows}


def _ave_movements(filters: Filters) -> dict[int, dict]:
    from cases.models import AveLevelChange

    rows = (
        AveLevelChange.objects.filter(
            filters.between("changed_at", moments=True), filters.case_q("case__"), from_level__isnull=False
        )
        .values("from_level")
        .annotate(
            up=Count("pk", filter=Q(to_level__gt=F("from_level"))),
            down=Count("pk", filter=Q(to_level__lt=F("from_level"))),
        )
        .order_by()
    )
    return {row["from_level"]: row for row in rows}


def _survey_groups(filters: Filters) -> dict[int, dict]:
    from cases.models import SurveyInvitation

    sums = {f"{name}_sum": Sum(f"response__{name}") for name, _ in SCORE_FIELDS}
    counts = {f"{name}_n": Count(f"response__{name}") for name, _ in SCORE_FIELDS}
    rows = (
        SurveyInvitation.objects.filter(filters.between("case__closed_on"), filters.case_q("case__"))
        .values("case__programme_id")
        .annotate(invited=Count("pk"), answered=Count("response"), **sums, **counts)
        .order_by()
    )
    return {row["case__programme_id"]: row for row in rows}


def _bottleneck_groups(filters: Filters) -> tuple[list, dict[int, dict]]:
    from cases.models import BottleneckCategory, Escalation

    through = Escalation.bottleneck_categories.through
    previous = filters.previous_year()
    columns = {f"q{q}": Count("pk", filter=filters.quarter_q("escalation__submitted_at", q)) for q in filters.quarters}
    rows = (
        through.objects.filter(filters.escalation_q("escalation__"))
        .filter(
            filters.between("escalation__submitted_at", moments=True)
            | previous.between("escalation__submitted_at", moments=True)
        )
        .values("bottleneckcategory_id")
        .annotate(previous=Count("pk", filter=previous.between("escalation__submitted_at", moments=True)), **columns)
        .order_by()
    )
    return list(BottleneckCategory.objects.all()), {row["bottleneckcategory_id"]: row for row in rows}


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def programme_label(programme: Programme) -> str:
    return programme.code if programme.name == programme.code else f"{programme.code} – {programme.name}"


def _programmes_shown(filters: Filters, programmes: list[Programme], with_data: set) -> list[Programme]:
    if filters.programme is not None:
        return [filters.programme]
    return [p for p in programmes if p.is_active or p.pk in with_data]


def _sum_case_groups(case_groups: list[dict], key: str) -> dict:
    """New/running/closed per programme or per municipality, from the (programme, municipality) groups."""
    totals: dict = {}
    for row in case_groups:
        counts = totals.setdefault(row[key], {"new": 0, "running": 0, "closed": 0})
        for name in counts:
            counts[name] += row[name]
    return totals


def _intake_table(filters, programmes, prognoses, case_groups, escalation_groups) -> Table:
    ref = filters.reference_date
    per_programme = _sum_case_groups(case_groups, "programme_id")
    escalations: dict = {}
    for row in escalation_groups:
        escalations[row["programme_key"]] = escalations.get(row["programme_key"], 0) + row["n"]
    prorated = filters.share_of_year < 1
    table = Table(
        key="instroom",
        title="Aanmeldingen en casussen per programma, tegen de prognose",
        row_header="Programma",
        columns=[
            "Nieuwe aanmeldingen",
            "Nieuwe casussen",
            "Prognose nieuw (naar rato)" if prorated else "Prognose nieuw",
            "Realisatie t.o.v. prognose",
            f"Lopend op {ref:%d-%m-%Y}",
            "Afgesloten",
        ],
        note="Prognose: verwacht aantal nieuwe casussen volgens het jaarplan"
        + (", voor een kwartaal een kwart van het jaar." if prorated else "."),
    )
    shown = _programmes_shown(filters, programmes, set(per_programme) | set(escalations))
    for programme in shown:
        counts = per_programme.get(programme.pk, {"new": 0, "running": 0, "closed": 0})
        prognosis = prognoses.get(programme.pk)
        expected = prognosis.expected_new * filters.share_of_year if prognosis and prognosis.expected_new else None
        new = Cell(counts["new"])
        table.add_row(
            programme_label(programme),
            [
                Cell(escalations.get(programme.pk, 0)),
                new,
                Cell(expected, kind=TARGET),
                Cell(100 * counts["new"] / expected if expected else None, kind=PERCENT, source=new),
                Cell(counts["running"]),
                Cell(counts["closed"]),
            ],
        )
    if filters.programme is None:
        without = [Cell(escalations.get(None, 0))] + [Cell(None, kind=TARGET) for _ in range(5)]
        table.add_row(NO_PROGRAMME, without)
    table.add_column_totals("Totaal", [0, 1, 4, 5])
    return table.protect()


def _outcome_table(escalation_groups) -> Table:
    from cases.models import EscalationStatus

    per_status: dict = {}
    for row in escalation_groups:
        per_status[row["status"]] = per_status.get(row["status"], 0) + row["n"]
    title = "Nieuwe aanmeldingen naar uitkomst van de triage"
    return one_column_table("triage", title, "Uitkomst", "Aanmeldingen", EscalationStatus.choices, per_status)


def _lead_time_table(lead_times) -> Table:
    table = Table(
        key="doorlooptijden",
        title="Doorlooptijden",
        row_header="Van → tot",
        columns=["Aantal", "Mediaan (dagen)", "80e percentiel (dagen)"],
        note="Van wat in de periode is afgerond. Mediaan: de helft duurde korter; 80e percentiel: 8 op de 10 "
        "duurden korter. Bij minder dan 5 staat er geen doorlooptijd.",
    )
    for label, figures in lead_times:
        n = Cell(figures["n"])
        table.add_row(
            label,
            [n, Cell(_days(figures["p50"]), kind=DAYS, basis=n), Cell(_days(figures["p80"]), kind=DAYS, basis=n)],
        )
    return table.protect()


def _ave_table(filters, levels: dict[int, int]) -> Table:
    from cases.models import AveLevel

    title = f"AVE-niveau van de lopende casussen op {filters.reference_date:%d-%m-%Y}"
    return one_column_table("ave", title, "AVE-niveau", "Lopende casussen", AveLevel.choices, levels)


def _ave_movement_table(movements: dict[int, dict]) -> Table:
    from cases.models import AveLevel

    table = Table(
        key="ave-bewegingen",
        title="Wijzigingen van het AVE-niveau in de periode",
        row_header="Vanaf",
        columns=["Opgeschaald", "Afgeschaald", "Totaal"],
    )
    for level, _label in AveLevel.choices:
        row = movements.get(level, {"up": 0, "down": 0})
        up, down, total = Cell(row["up"]), Cell(row["down"]), Cell(row["up"] + row["down"])
        table.lines.append((total, [up, down]))
        table.add_row(f"AVE{level}", [up, down, total])
    table.add_column_totals("Totaal", [0, 1, 2])
    totals = table.rows[-1].cells
    table.lines.append((totals[2], [totals[0], totals[1]]))
    return table.protect()


def _municipality_table(filters, municipalities, case_groups) -> Table:
    ref = filters.reference_date
    per_municipality = _sum_case_groups(case_groups, "municipality_id")
    table = Table(
        key="gemeenten",
        title="Casussen per woongemeente",
        row_header="Woongemeente",
        columns=["Nieuwe casussen", f"Lopend op {ref:%d-%m-%Y}", "Afgesloten"],
    )
    if filters.municipality is not None:
        shown = [(filters.municipality.pk, str(filters.municipality))]
    elif filters.municipality_unknown:
        shown = [(None, "Onbekend")]
    else:
        shown = [(m.pk, str(m)) for m in municipalities if m.is_active or m.pk in per_municipality]
        shown.append((None, "Onbekend"))
    for pk, label in shown:
        counts = per_municipality.get(pk, {"new": 0, "running": 0, "closed": 0})
        table.add_row(label, [Cell(counts["new"]), Cell(counts["running"]), Cell(counts["closed"])])
    table.add_column_totals("Totaal", [0, 1, 2])
    return table.protect()


def _survey_table(filters, programmes, groups: dict[int, dict]) -> Table:
    table = Table(
        key="tevredenheid",
        title="Tevredenheid van de partners bij afsluiting",
        row_header="Programma",
        columns=["Uitnodigingen", "Antwoorden", *(label for _, label in SCORE_FIELDS)],
        note="Gemiddelde scores van de partnerprofessionals over de casussen die in de periode zijn afgesloten. "
        "Een gemiddelde over minder dan 5 antwoorden wordt niet getoond.",
    )
    empty = {"invited": 0, "answered": 0} | {f"{n}_{s}": 0 for n, _ in SCORE_FIELDS for s in ("sum", "n")}
    shown = _programmes_shown(filters, programmes, set(groups))
    all_rows = [groups.get(p.pk, empty) for p in shown]
    for programme, row in zip(shown, all_rows, strict=True):
        table.add_row(programme_label(programme), _survey_cells(row))
    table.add_column_totals("Totaal", [0, 1])
    total = {key: sum(row[key] or 0 for row in all_rows) for key in empty}
    table.rows[-1].cells[2:] = _survey_cells(total)[2:]
    return table.protect()


def _survey_cells(row: dict) -> list[Cell]:
    cells = [Cell(row["invited"]), Cell(row["answered"])]
    for name, _ in SCORE_FIELDS:
        n = Cell(row[f"{name}_n"])
        mean = (row[f"{name}_sum"] or 0) / n.value if n.value else None
        cells.append(Cell(mean, kind=MEAN, basis=n))
    return cells


def _bottleneck_table(filters, categories, groups: dict[int, dict]) -> Table:
    previous = filters.previous_year()
    quarter_columns = [f"K{q} {filters.year}" for q in filters.quarters]
    table = Table(
        key="knelpunten",
        title="Trendradar: knelpunten in aanmeldingen",
        row_header="Knelpunt",
        columns=[*quarter_columns, f"Totaal {filters.period_label}", f"Zelfde periode {previous.year}"],
        note="Hoe vaak een knelpunt in nieuwe aanmeldingen werd genoemd; één aanmelding kan meer knelpunten noemen.",
    )
    several = len(filters.quarters) > 1
    for category in categories:
        row = groups.get(category.pk)
        if row is None and not category.is_active:
            continue
        row = row or {}
        quarters = [Cell(row.get(f"q{q}", 0)) for q in filters.quarters]
        total = Cell(sum(c.value for c in quarters))
        if several:
            table.lines.append((total, quarters))
        cells = [*quarters, total] if several else [total]
        table.add_row(category.name, [*cells, Cell(row.get("previous", 0))])
    if not several:
        table.columns = table.columns[1:]
    count_columns = list(range(len(table.columns)))
    table.add_column_totals("Alle vermeldingen", count_columns)
    if several:
        totals = table.rows[-1].cells
        table.lines.append((totals[len(quarter_columns)], totals[: len(quarter_columns)]))
    return table.protect()


# --------------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------------


def _row_cells(table: Table, column: int) -> list[tuple[str, Cell, None]]:
    return [(row.label.split(" – ")[0], row.cells[column], None) for row in table.rows if not row.is_total]


def build_dashboard(filters: Filters) -> Dashboard:
    """Every figure of the dashboard for these filters, in a fixed number of queries."""
    from partners.models import Organisation, OrganisationKind

    programmes = list(Programme.objects.all())
    prognoses = {p.programme_id: p for p in Prognosis.objects.filter(year=filters.year)}
    municipalities = list(Organisation.objects.filter(kind=OrganisationKind.GEMEENTE).order_by("name"))
    case_groups = _case_groups(filters)
    escalation_groups = _escalation_groups(filters)

    intake = _intake_table(filters, programmes, prognoses, case_groups, escalation_groups)
    outcomes = _outcome_table(escalation_groups)
    lead_times = _lead_time_table(_lead_times(filters))
    ave = _ave_table(filters, _ave_at_reference(filters))
    ave_moves = _ave_movement_table(_ave_movements(filters))
    per_municipality = _municipality_table(filters, municipalities, case_groups)
    survey = _survey_table(filters, programmes, _survey_groups(filters))
    categories, bottleneck_rows = _bottleneck_groups(filters)
    bottlenecks = _bottleneck_table(filters, categories, bottleneck_rows)

    totals = intake.rows[-1].cells
    headline = [
        ("Nieuwe aanmeldingen", totals[0]),
        ("Nieuwe casussen", totals[1]),
        (f"Lopend op {filters.reference_date:%d-%m-%Y}", totals[4]),
        ("Afgesloten", totals[5]),
    ]
    intake_rows = [
        (row.label.split(" – ")[0], row.cells[1], row.cells[2])
        for row in intake.rows
        if not row.is_total and row.label != NO_PROGRAMME
    ]
    lead_rows = [(row.label, row.cells[1], row.cells[2]) for row in lead_times.rows]
    radar_columns = len(bottlenecks.columns)
    radar_rows = [
        (row.label, row.cells[radar_columns - 2], row.cells[radar_columns - 1])
        for row in bottlenecks.rows
        if not row.is_total
    ]
    sections = [
        Section(
            "instroom",
            "Instroom tegen de prognose",
            "Nieuwe aanmeldingen en casussen per programma, met de prognose uit het jaarplan, en de casussen die "
            "lopen of zijn afgesloten.",
            [intake, outcomes],
            bar_chart(
                "instroom-grafiek",
                "Nieuwe casussen per programma en de prognose",
                intake_rows,
                value_label="Nieuwe casussen",
                marker_label="Prognose",
            ),
        ),
        Section(
            "doorlooptijden",
            "Doorlooptijden",
            "Hoe lang het duurt van aanmelding tot triagebesluit, van triage tot een vastgesteld plan van aanpak en "
            "van start tot afsluiting van een casus.",
            [lead_times],
            bar_chart(
                "doorlooptijden-grafiek",
                "Mediaan en 80e percentiel in dagen",
                lead_rows,
                value_label="Mediaan (dagen)",
                marker_label="80e percentiel",
            ),
        ),
        Section(
            "ave",
            "AVE-niveaus",
            "Hoe zwaar de lopende casussen zijn (Afschalings- en Veiligheidsescalatiemodel) en hoe vaak het niveau "
            "omhoog of omlaag ging.",
            [ave, ave_moves],
            bar_chart(
                "ave-grafiek", "Lopende casussen per AVE-niveau", _row_cells(ave, 0), value_label="Lopende casussen"
            ),
        ),
        Section(
            "gemeenten",
            "Casussen per gemeente",
            "Nieuwe, lopende en afgesloten casussen naar woongemeente van de betrokkenen.",
            [per_municipality],
            bar_chart(
                "gemeenten-grafiek",
                "Nieuwe casussen per woongemeente",
                _row_cells(per_municipality, 0),
                value_label="Nieuwe casussen",
            ),
        ),
        Section(
            "tevredenheid",
            "Tevredenheid",
            "De uitkomsten van het tevredenheidsonderzoek onder de partners bij het afsluiten van een casus.",
            [survey],
        ),
        Section(
            "knelpunten",
            "Trendradar knelpunten",
            "Welke knelpunten partners noemen als zij een casus aanmelden, per kwartaal en tegen dezelfde periode "
            "een jaar eerder.",
            [bottlenecks],
            bar_chart(
                "knelpunten-grafiek",
                f"Knelpunten in {filters.period_label} en een jaar eerder",
                radar_rows,
                value_label=filters.period_label,
                marker_label=str(filters.previous_year().period_label),
            ),
        ),
    ]
    return Dashboard(filters=filters, headline=headline, sections=sections)


# --------------------------------------------------------------------------------------------
# Levensloopaanpak key figures
# --------------------------------------------------------------------------------------------


def _age_group(age: int) -> str:
    return next(label for low, high, label in AGE_GROUPS if low <= age <= high)


def build_lla_figures(filters: Filters) -> Dashboard:
    """Key figures of the Levensloopaanpak: inclusions (by the date of the inclusion meeting, else
    the opening date) per month of the period, and of the LLA cases running on the reference date
    their AVE level, phase, age group of the main person and whether a plan was agreed; closures in
    the period by reason. Municipality filter applies; the programme is always LLA."""
    from cases.models import AveLevel, Case, ClosureReason, Person, PersonRole, Phase, PlanStatus, ProcessPlan

    lla = Programme.objects.filter(code=LLA_CODE).first()
    filters = replace(filters, programme=lla)
    ref = filters.reference_date
    cases = Case.objects.filter(filters.case_q()) if lla else Case.objects.none()
    included_on = Coalesce("inclusion_decision__inclusion_meeting_date", "opened_on")
    monthly = {
        row["month"].month: row["n"]
        for row in cases.annotate(included_on=included_on)
        .filter(included_on__gte=filters.start, included_on__lt=filters.end)
        .annotate(month=TruncMonth("included_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    running = cases.filter(_running_q(ref))
    agreed_plan = ProcessPlan.objects.filter(case=OuterRef("pk"), status=PlanStatus.AGREED)
    by_state = list(
        running.annotate(agreed=Exists(agreed_plan))
        .values("ave_level", "phase", "agreed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    births = list(
        Person.objects.filter(case__in=running, role_in_case=PersonRole.MAIN, date_of_birth__isnull=False)
        .values("date_of_birth__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closures = {
        row["closure_reason"]: row["n"]
        for row in cases.filter(filters.between("closed_on"))
        .values("closure_reason")
        .annotate(n=Count("pk"))
        .order_by()
    }

    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    inclusions = Table(
        key="lla-inclusies",
        title="Inclusies in de Levensloopaanpak per maand",
        row_header="Maand",
        columns=["Geïncludeerd"],
        note="Datum van de inclusietafel; bij een casus zonder inclusiebesluit de startdatum.",
    )
    first_month = filters.start.month
    for month in range(first_month, first_month + 3 * len(filters.quarters)):
        inclusions.add_row(f"{months[month - 1]} {filters.year}", [Cell(monthly.get(month, 0))])
    inclusions.add_column_totals("Totaal", [0])

    def counted(key_of, keys_labels, title, key, header):
        counts: dict = {}
        for row in by_state:
            counts[key_of(row)] = counts.get(key_of(row), 0) + row["n"]
        return one_column_table(key, title, header, "Lopende casussen", keys_labels, counts)

    ave = counted(lambda r: r["ave_level"], AveLevel.choices, f"AVE-niveau op {ref:%d-%m-%Y}", "lla-ave", "AVE-niveau")
    phases = counted(
        lambda r: r["phase"],
        [c for c in Phase.choices if c[0] != Phase.AFGESLOTEN],
        f"Fase op {ref:%d-%m-%Y}",
        "lla-fase",
        "Fase",
    )
    plans = counted(
        lambda r: bool(r["agreed"]),
        [(True, "Met vastgesteld plan van aanpak"), (False, "Nog zonder vastgesteld plan")],
        "Plan van aanpak",
        "lla-plan",
        "Plan",
    )
    ages: dict = {}
    for row in births:
        group = _age_group(ref.year - row["date_of_birth__year"])
        ages[group] = ages.get(group, 0) + row["n"]
    age_table = one_column_table(
        "lla-leeftijd",
        "Leeftijd van de hoofdpersoon (in jaren, op geboortejaar)",
        "Leeftijd",
        "Lopende casussen",
        [(label, label) for _, _, label in AGE_GROUPS],
        ages,
    )
    closure_table = one_column_table(
        "lla-afsluiting",
        f"Afgesloten in {filters.period_label}, naar reden",
        "Reden",
        "Afgesloten",
        ClosureReason.choices,
        closures,
    )
    inclusions.protect()
    headline = [
        ("Geïncludeerd", inclusions.rows[-1].cells[0]),
        (f"Lopend op {ref:%d-%m-%Y}", ave.rows[-1].cells[0]),
        ("Afgesloten", closure_table.rows[-1].cells[0]),
    ]
    sections = [
        Section(
            "lla-inclusie",
            "Inclusies",
            "Hoeveel personen de inclusietafel in de periode heeft opgenomen.",
            [inclusions],
            bar_chart(
                "lla-inclusie-grafiek",
                "Inclusies per maand",
                [(r.label, r.cells[0], None) for r in inclusions.rows if not r.is_total],
                value_label="Geïncludeerd",
            ),
        ),
        Section(
            "lla-kenmerken",
            "Kenmerken",
            "De lopende casussen van de Levensloopaanpak op de peildatum.",
            [ave, age_table],
        ),
        Section(
            "lla-voortgang",
            "Voortgang",
            "Waar de lopende casussen staan, en waarom casussen zijn afgesloten.",
            [phases, plans, closure_table],
        ),
    ]
    return Dashboard(filters=filters, headline=headline, sections=sections)
