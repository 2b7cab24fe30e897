# The project's date formats (see zvh/formats/__init__.py): one for a date, one for a date and time.
DATE_FORMAT = "j F Y"  # 4 december 2026
DATETIME_FORMAT = "j F Y, H:i"  # 4 december 2026, 14:30
TIME_FORMAT = "H:i"  # 14:30
MONTH_DAY_FORMAT = "j F"  # 4 december: only where the year is shown next to it
