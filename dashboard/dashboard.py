"""The managers' dashboard and the annual report (the same figures as a PDF): aggregates only.

Every figure is computed in the database by the aggregate reads of dashboard/selectors.py (GROUP
BY, COUNT … FILTER, percentile_cont; only fields retention keeps), so the number of queries is fixed
(about a dozen) whatever the number of cases; this module only arranges the grouped rows into tables
(dashboard/tables.py applies the small-numbers rule) and charts. The Levensloopaanpak key figures
are in dashboard/lla.py, the stored and cached figures in dashboard/figures.py.

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
  quarter, against the same period a year earlier (an escalation can name several); beside it the
  bottlenecks registered in cases in the period (by their registration date, the case's programme
  and woongemeente), per quarter, how many were escalated to management, and a year earlier. Both
  tables follow the small-numbers rule; "not escalated" is protected as a hidden part, so it never
  follows from the total minus the escalated ones.
- Municipality: the woongemeente of the case ("Onbekend" when not recorded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cases.models import AveLevel, EscalationStatus
from programmes.models import Programme
from zvh.formats import date_text

from . import selectors
from .charts import Chart, bar_chart
from .filters import Filters
from .selectors import SCORE_FIELDS
from .tables import DAYS, MEAN, PERCENT, TARGET, Cell, Table, one_column_table, protect

NO_PROGRAMME = "Zonder programma"


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / 86400


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
            f"Lopend op {date_text(ref)}",
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


def intake_table(filters: Filters) -> Table:
    """The intake against the prognosis alone, as the dashboard shows it (the manager's start page
    reads its lines): four queries, the same small-numbers protection."""
    programmes = selectors.programmes()
    prognoses = selectors.prognoses_of(filters.year)
    return _intake_table(
        filters, programmes, prognoses, selectors.case_groups(filters), selectors.escalation_groups(filters)
    )


def _outcome_table(escalation_groups) -> Table:
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
    title = f"AVE-niveau van de lopende casussen op {date_text(filters.reference_date)}"
    return one_column_table("ave", title, "AVE-niveau", "Lopende casussen", AveLevel.choices, levels)


def _ave_movement_table(movements: dict[int, dict]) -> Table:
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
        columns=["Nieuwe casussen", f"Lopend op {date_text(ref)}", "Afgesloten"],
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


def _case_bottleneck_table(filters, categories, groups: dict[int, dict]) -> Table:
    previous = filters.previous_year()
    quarter_columns = [f"K{q} {filters.year}" for q in filters.quarters]
    several = len(filters.quarters) > 1
    table = Table(
        key="knelpunten-casussen",
        title="Trendradar: knelpunten in casussen",
        row_header="Knelpunt",
        columns=[
            *(quarter_columns if several else []),
            f"Totaal {filters.period_label}",
            "Waarvan opgeschaald naar het management",
            f"Zelfde periode {previous.year}",
        ],
        note="Hoe vaak partners en procesregisseurs een knelpunt registreerden in een lopende casus. Alleen "
        "aantallen; de beschrijving blijft in de casus.",
    )
    # Not shown, but protected with the shown cells: total = escalated + not escalated.
    not_escalated: list[Cell] = []
    for category in categories:
        row = groups.get(category.pk)
        if row is None and not category.is_active:
            continue
        row = row or {}
        quarters = [Cell(row.get(f"q{q}", 0)) for q in filters.quarters]
        total = Cell(sum(c.value for c in quarters))
        escalated = Cell(row.get("escalated", 0))
        rest = Cell(total.value - escalated.value)
        not_escalated.append(rest)
        table.lines.append((total, [escalated, rest]))
        if several:
            table.lines.append((total, quarters))
        cells = [*quarters, total] if several else [total]
        table.add_row(category.name, [*cells, escalated, Cell(row.get("previous", 0))])
    table.add_column_totals("Alle knelpunten", list(range(len(table.columns))))
    totals = table.rows[-1].cells
    quarters_shown = len(quarter_columns) if several else 0
    total, escalated = totals[quarters_shown], totals[quarters_shown + 1]
    rest = Cell(total.value - escalated.value)
    table.lines.append((total, [escalated, rest]))
    table.lines.append((rest, not_escalated))
    if several:
        table.lines.append((total, totals[:quarters_shown]))
    protect([*table.all_cells(), *not_escalated, rest], table.lines)
    return table


# --------------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------------


def _row_cells(table: Table, column: int) -> list[tuple[str, Cell, None]]:
    return [(row.label.split(" – ")[0], row.cells[column], None) for row in table.rows if not row.is_total]


def build_dashboard(filters: Filters) -> Dashboard:
    """Every figure of the dashboard for these filters, in a fixed number of queries."""
    programmes = selectors.programmes()
    prognoses = selectors.prognoses_of(filters.year)
    municipalities = selectors.municipalities()
    case_groups = selectors.case_groups(filters)
    escalation_groups = selectors.escalation_groups(filters)

    intake = _intake_table(filters, programmes, prognoses, case_groups, escalation_groups)
    outcomes = _outcome_table(escalation_groups)
    lead_times = _lead_time_table(selectors.lead_times(filters))
    ave = _ave_table(filters, selectors.ave_at_reference(filters))
    ave_moves = _ave_movement_table(selectors.ave_movements(filters))
    per_municipality = _municipality_table(filters, municipalities, case_groups)
    survey = _survey_table(filters, programmes, selectors.survey_groups(filters))
    categories, bottleneck_rows = selectors.bottleneck_groups(filters)
    bottlenecks = _bottleneck_table(filters, categories, bottleneck_rows)
    case_bottlenecks = _case_bottleneck_table(filters, categories, selectors.case_bottleneck_groups(filters))

    totals = intake.rows[-1].cells
    headline = [
        ("Nieuwe aanmeldingen", totals[0]),
        ("Nieuwe casussen", totals[1]),
        (f"Lopend op {date_text(filters.reference_date)}", totals[4]),
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
            "Welke knelpunten partners noemen als zij een casus aanmelden en welke zij tijdens een casus "
            "tegenkomen, per kwartaal en tegen dezelfde periode een jaar eerder.",
            [bottlenecks, case_bottlenecks],
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
