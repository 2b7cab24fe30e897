"""Tables of aggregate figures and the small-numbers rule, shared by the dashboard page, the annual
report (PDF) and the CSV/XLSX exports: what one shows, the others show.

The small-numbers rule (kleine aantallen):
- Primary suppression: every count below 5 is shown as "< 5", and that includes 0. So "< 5" never
  tells "nobody" from "one person", and a zero can never be subtracted to single someone out.
- Secondary suppression: a table declares its sums (`lines`: a total and the cells that add up to
  it, per row and per column). When a line has exactly one hidden cell, the smallest visible cell of
  that line is hidden too (or the total, when all parts are hidden), repeated until no line has
  exactly one hidden cell: a hidden cell never follows from subtracting the visible ones.
- Statistics (mean, median, percentile, percentage) are hidden when fewer than 5 cases or answers
  are behind them (`basis`), and a percentage of a count is hidden whenever that count is (`source`).
- Prognoses are targets set by the bureau, not counts of people: always shown.
Exports write the displayed text ("< 5"), never the hidden number."""

from __future__ import annotations

from dataclasses import dataclass, field

THRESHOLD = 5
SUPPRESSED = "< 5"

COUNT = "count"
MEAN = "mean"
DAYS = "days"
PERCENT = "percent"
TARGET = "target"


def _decimal(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace(".", ",")


@dataclass(eq=False)
class Cell:
    """One figure. `value` is the real number; only `display()`/`export_value()` leave this module."""

    value: int | float | None
    kind: str = COUNT
    basis: Cell | None = None  # the count behind a statistic (hidden below THRESHOLD)
    source: Cell | None = None  # a count this figure reveals (hidden whenever the source is)
    suppressed: bool = False  # set by protect() for counts

    @property
    def hidden(self) -> bool:
        if self.kind == COUNT:
            return self.suppressed
        if self.kind == PERCENT and self.value is None:
            return False  # no prognosis to compare with: nothing to hide (shown as "–")
        if self.source is not None and self.source.hidden:
            return True
        if self.basis is not None and (self.basis.value or 0) < THRESHOLD:
            return True
        return False

    @property
    def missing(self) -> bool:
        """No figure at all (no prognosis set, nothing to compute) – not a suppressed one."""
        return not self.hidden and self.value is None

    def display(self) -> str:
        if self.hidden:
            return SUPPRESSED
        if self.value is None:
            return "–"
        if self.kind in (COUNT, TARGET):
            return str(int(round(self.value)))
        if self.kind == PERCENT:
            return f"{round(self.value)}%"
        return _decimal(self.value)

    def export_value(self) -> int | float | str | None:
        """For a spreadsheet: numbers as numbers, hidden cells as the text "< 5"."""
        if self.hidden:
            return SUPPRESSED
        if self.value is None:
            return None
        if self.kind in (COUNT, TARGET):
            return int(round(self.value))
        if self.kind == PERCENT:
            return round(self.value)
        return round(float(self.value), 1)

    def chart_value(self) -> float | None:
        """What a chart may draw: nothing for a hidden or missing figure."""
        return None if self.hidden or self.value is None else float(self.value)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class Table:
    key: str  # id in HTML and sheet name in XLSX
    title: str
    row_header: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    lines: list[tuple[Cell, list[Cell]]] = field(default_factory=list)
    note: str = ""
    unit: str = ""  # e.g. "dagen", shown in the caption

    def add_row(self, label: str, cells: list[Cell], *, is_total: bool = False) -> Row:
        row = Row(label, cells, is_total)
        self.rows.append(row)
        return row

    def column(self, index: int, *, totals: bool = False) -> list[Cell]:
        return [row.cells[index] for row in self.rows if row.is_total == totals]

    def add_column_totals(self, label: str, indexes: list[int]) -> None:
        """A total row summing the count columns `indexes` over the rows; other columns stay empty."""
        body = [row for row in self.rows if not row.is_total]
        cells = []
        for index in range(len(self.columns)):
            if index in indexes:
                parts = [row.cells[index] for row in body]
                total = Cell(sum(c.value or 0 for c in parts))
                self.lines.append((total, parts))
                cells.append(total)
            else:
                cells.append(Cell(None, kind=TARGET))
        self.add_row(label, cells, is_total=True)

    def all_cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells]

    def protect(self) -> Table:
        protect(self.all_cells(), self.lines)
        return self

    def as_rows(self) -> list[list[str]]:
        """Header and body as displayed text (CSV, tests)."""
        return [[self.row_header, *self.columns]] + [
            [row.label, *(c.display() for c in row.cells)] for row in self.rows
        ]


def one_column_table(key: str, title: str, row_header: str, column: str, choices, counts: dict) -> Table:
    """A protected table of one count per choice (value, label) and their total."""
    table = Table(key=key, title=title, row_header=row_header, columns=[column])
    for value, label in choices:
        table.add_row(label, [Cell(counts.get(value, 0))])
    table.add_column_totals("Totaal", [0])
    return table.protect()


def protect(cells: list[Cell], lines: list[tuple[Cell, list[Cell]]]) -> None:
    """Primary and secondary suppression (see the module docstring) on the count cells."""
    for cell in cells:
        if cell.kind == COUNT:
            cell.suppressed = (cell.value or 0) < THRESHOLD
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            if not parts:
                continue
            members = [total, *parts]
            if sum(1 for cell in members if cell.suppressed) != 1:
                continue
            visible = [cell for cell in parts if not cell.suppressed] or [total]
            min(visible, key=lambda cell: cell.value or 0).suppressed = True
            changed = True
