"""Reading an import file: the cases a ZVH brings from GCOS or its spreadsheets (docs/import.md).

One XLSX workbook with a sheet per kind, or a folder of CSV files with the same names (GCOS exports
CSV; spreadsheets are saved as XLSX). Every row becomes a dict of its column titles (lower case,
trimmed) with its location (sheet and row number) for the report. Reading only: validation and
writing are `cases.services.case_import`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

SHEETS = ("casussen", "betrokkenen", "partners", "ave", "acties")
REQUIRED_COLUMNS = {
    "casussen": ("extern_kenmerk", "programma", "startdatum", "ave_niveau", "aanleiding", "procesregisseur"),
    "betrokkenen": ("extern_kenmerk", "voornaam", "achternaam", "rol"),
    "partners": ("extern_kenmerk", "organisatie"),
    "ave": ("extern_kenmerk", "datum", "niveau", "reden"),
    "acties": ("extern_kenmerk", "actie", "organisatie", "deadline"),
}
OPTIONAL_SHEETS = {"partners", "ave", "acties"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (missing sheet or column, not a CSV/XLSX): nothing is imported."""


@dataclass
class Row:
    sheet: str
    number: int  # as a spreadsheet shows it: the title row is 1
    values: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    @property
    def where(self) -> str:
        return f"{self.sheet}, rij {self.number}"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets store 3 as 3.0
    return str(value)


def _rows(sheet: str, table: list[list]) -> list[Row]:
    if not table:
        raise ImportFileError(f"Het blad '{sheet}' is leeg: de eerste rij moet de kolomnamen bevatten.")
    titles = [_cell(title).strip().lower() for title in table[0]]
    missing = [column for column in REQUIRED_COLUMNS[sheet] if column not in titles]
    if missing:
        raise ImportFileError(f"Het blad '{sheet}' mist de kolom(men): {', '.join(missing)}.")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {title: _cell(cell) for title, cell in zip(titles, cells, strict=False) if title}
        if any(value.strip() for value in values.values()):
            rows.append(Row(sheet, number, values))
    return rows


def read_import_file(path: Path) -> dict[str, list[Row]]:
    """{sheet name: rows} of an XLSX workbook or a folder of CSV files (UTF-8, `;` or `,`)."""
    path = Path(path)
    tables: dict[str, list[list]] = {}
    if path.is_dir():
        for sheet in SHEETS:
            csv_path = path / f"{sheet}.csv"
            if csv_path.exists():
                text = csv_path.read_text(encoding="utf-8-sig")
                dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=";,")
                tables[sheet] = list(csv.reader(text.splitlines(), dialect))
    elif path.suffix.lower() == ".xlsx":
        # import here: openpyxl is only needed for workbooks
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 (any unreadable workbook is the same answer)
            raise ImportFileError(f"{path.name} is geen leesbaar XLSX-bestand ({error.__class__.__name__}).") from error
        for sheet in SHEETS:
            if sheet in workbook.sheetnames:
                tables[sheet] = [list(row) for row in workbook[sheet].iter_rows(values_only=True)]
        workbook.close()
    else:
        raise ImportFileError(f"{path}: geef een XLSX-bestand of een map met CSV-bestanden ({', '.join(SHEETS)}).")
    for sheet in SHEETS:
        if sheet not in tables and sheet not in OPTIONAL_SHEETS:
            raise ImportFileError(f"Het blad of bestand '{sheet}' ontbreekt.")
    return {sheet: _rows(sheet, tables[sheet]) if sheet in tables else [] for sheet in SHEETS}
