"""One way to write a date ("4 december 2026") and one for a date with a time ("4 december 2026,
14:30") on every page, e-mail, PDF and text (zvh/formats/). Templates may use only the named formats,
their literal values, and machine formats (ISO 8601 for <time datetime>, a year, a clock time)."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template

from zvh.formats import date_text, moment_text

ROOT = Path(settings.BASE_DIR)
ALLOWED = {
    "DATE_FORMAT", "DATETIME_FORMAT", "j F Y", "j F Y, H:i",  # the two formats, by name or value
    "j F",  # the first day of a range whose last day shows the year, or a date within this week
    "H:i", "Y", "c", "Y-m-d",  # a clock time, a year, machine formats (<time datetime>)
    r"Y-m-d\TH:i:sO", r"Y-m-d\TH:i",  # <time datetime> without microseconds (valid HTML)
    "H:i:s",  # the access log: the second matters to an auditor
}  # fmt: skip
DATE_FILTER = re.compile(r"""\|(?:date|time):(["'])(.*?)\1""")
PYTHON_DATES = re.compile(r"%d-%m-%Y|%d/%m/%Y|%-d %B")
APPS = ["agenda", "cases", "dashboard", "notifications", "partners", "privacy", "programmes", "registry", "zvh"]


def test_templates_write_dates_one_way():
    other = sorted(
        f"{path.relative_to(ROOT)}: {match.group(2)}"
        for path in (ROOT / "templates").rglob("*.*")
        for match in DATE_FILTER.finditer(path.read_text())
        if match.group(2) not in ALLOWED
    )
    assert other == []


def test_python_texts_use_the_named_formats():
    other = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PYTHON_DATES.search(line) and "input_formats" not in line
    ]
    assert other == []


def test_the_formats_read_as_dutch_dates():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    moment = datetime(2026, 12, 4, 13, 30, tzinfo=ZoneInfo("UTC"))  # 14:30 in Amsterdam
    assert date_text(date(2026, 12, 4)) == "4 december 2026"
    assert moment_text(moment) == "4 december 2026, 14:30"
    rendered = Template('{{ d|date:"DATE_FORMAT" }} / {{ m|date:"DATETIME_FORMAT" }}').render(
        Context({"d": date(2026, 3, 1), "m": moment.astimezone(amsterdam)})
    )
    assert rendered == "1 maart 2026 / 4 december 2026, 14:30"
