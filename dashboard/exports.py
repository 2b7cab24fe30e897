"""CSV and XLSX of the dashboard tables: exactly the cells the page shows ("< 5" stays "< 5").

XLSX with openpyxl (write-only mode: rows are streamed into the file, little memory); numbers are
written as numbers so a spreadsheet can chart them, hidden cells as the text "< 5"."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from zvh.formats import moment_text

from .dashboard import Dashboard
from .tables import SUPPRESSED

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    """A text cell a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _preamble(title: str, dashboard: Dashboard) -> list[list[str]]:
    return [
        [title],
        ["Selectie", dashboard.filters.describe()],
        ["Gemaakt op", moment_text(timezone.now())],
        [f"Aantallen onder 5 (ook 0) staan als '{SUPPRESSED}'; zie de toelichting bij de tabellen."],
    ]


def to_csv(dashboard: Dashboard, title: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for line in _preamble(title, dashboard):
        writer.writerow([_text(v) for v in line])
    for table in dashboard.tables:
        writer.writerow([])
        writer.writerow([_text(table.title)])
        for row in table.as_rows():
            writer.writerow([_text(v) for v in row])
        if table.note:
            writer.writerow([_text(table.note)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def to_xlsx(dashboard: Dashboard, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    about = workbook.create_sheet("Over dit bestand")
    for line in _preamble(title, dashboard):
        about.append([_text(v) for v in line])
    used = {"Over dit bestand"}
    for table in dashboard.tables:
        sheet = workbook.create_sheet(_sheet_name(table.key, used))
        sheet.append([_text(table.title)])
        sheet.append([_text(v) for v in (table.row_header, *table.columns)])
        for row in table.rows:
            sheet.append([_text(row.label), *(cell.export_value() for cell in row.cells)])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
