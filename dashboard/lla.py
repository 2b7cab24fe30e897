"""The Levensloopaanpak key figures (a page of its own beside the dashboard, the same filters without
the programme, which is always LLA): inclusions per month, and of the running LLA cases their AVE
level, age group of the main person (from the birth year only), phase and agreed plan; closures by
reason. The same small-numbers rule as the dashboard (dashboard/tables.py)."""

from __future__ import annotations

from dataclasses import replace

from cases.models import AveLevel, ClosureReason, Phase
from zvh.formats import date_text

from . import selectors
from .charts import bar_chart
from .dashboard import Dashboard, Section
from .filters import Filters
from .tables import Cell, Table, one_column_table

LLA_CODE = "LLA"
AGE_GROUPS = [
    (0, 17, "jonger dan 18"),
    (18, 26, "18 tot en met 26"),
    (27, 45, "27 tot en met 45"),
    (46, 65, "46 tot en met 65"),
    (66, 200, "66 en ouder"),
]


def _age_group(age: int) -> str:
    return next(label for low, high, label in AGE_GROUPS if low <= age <= high)


def build_lla_figures(filters: Filters) -> Dashboard:
    """Key figures of the Levensloopaanpak: inclusions (by the date of the inclusion meeting, else
    the opening date) per month of the period, and of the LLA cases running on the reference date
    their AVE level, phase, age group of the main person and whether a plan was agreed; closures in
    the period by reason. Municipality filter applies; the programme is always LLA."""
    filters = replace(filters, programme=selectors.programme_with_code(LLA_CODE))
    ref = filters.reference_date
    monthly = selectors.inclusions_per_month(filters)
    by_state = selectors.running_states(filters)
    births = selectors.main_person_birth_years(filters)
    closures = selectors.closures_by_reason(filters)

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

    ave = counted(
        lambda r: r["ave_level"], AveLevel.choices, f"AVE-niveau op {date_text(ref)}", "lla-ave", "AVE-niveau"
    )
    phases = counted(
        lambda r: r["phase"],
        # "Advies" belongs to the advice flow (COM-advies), not to the Levensloopaanpak: shown only if counted.
        [
            c
            for c in Phase.choices
            if c[0] != Phase.AFGESLOTEN and (c[0] != Phase.ADVIES or any(r["phase"] == Phase.ADVIES for r in by_state))
        ],
        f"Fase op {date_text(ref)}",
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
        (f"Lopend op {date_text(ref)}", ave.rows[-1].cells[0]),
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
