"""The manager's start page: this year's intake against the prognosis, one line per programme.
The figures are the dashboard's own (`dashboard.intake_table`), so the small-numbers rule of
dashboard/tables.py applies unchanged: a count below 5 reads "< 5", and a percentage that would
reveal it is hidden too."""

from __future__ import annotations

from dataclasses import dataclass

from .dashboard import NO_PROGRAMME, intake_table
from .filters import Filters
from .tables import Cell


@dataclass(frozen=True)
class IntakeLine:
    label: str
    new_cases: Cell
    prognosis: Cell
    realisation: Cell
    is_total: bool = False


def intake_lines(year: int) -> list[IntakeLine]:
    """New cases, the prognosis and the realisation per programme of `year`, and the total."""
    table = intake_table(Filters(year=year))
    return [
        IntakeLine(row.label, row.cells[1], row.cells[2], row.cells[3], row.is_total)
        for row in table.rows
        if row.label != NO_PROGRAMME
    ]
