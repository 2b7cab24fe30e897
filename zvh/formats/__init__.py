"""One way to write a date and one to write a date with a time, everywhere: pages, e-mails,
timeline entries, messages, PDFs. Templates use the named formats of `zvh/formats/nl/formats.py`
(`|date:"DATE_FORMAT"`, `|date:"DATETIME_FORMAT"`, settings FORMAT_MODULE_PATH); Python texts use
`date_text()` and `moment_text()` below. Machine formats (`<time datetime>`, file names, CSV) stay ISO 8601.
tests/test_date_formats.py holds templates and Python to this."""

from datetime import date, datetime

from django.utils import formats, timezone


def date_text(value: date | datetime) -> str:
    """ "4 december 2026" (a datetime is first put in local time)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def moment_text(value: datetime) -> str:
    """ "4 december 2026, 14:30", in local time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
