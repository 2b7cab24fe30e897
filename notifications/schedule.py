"""Human-readable Dutch description of a beat schedule entry."""

from __future__ import annotations

from datetime import timedelta

from celery.schedules import crontab, schedule

DAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"]


def _single(values: set[int], full: int) -> int | None:
    return next(iter(values)) if len(values) == 1 and full > 1 else None


def _span(values: set[int]) -> str:
    ordered = sorted(values)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]:02d}:xx tot en met {ordered[-1]:02d}:xx"
    return ", ".join(f"{v:02d}" for v in ordered)


def describe_schedule(entry_schedule) -> str:
    if isinstance(entry_schedule, timedelta):
        return f"elke {int(entry_schedule.total_seconds())} seconden"
    if isinstance(entry_schedule, crontab):
        minutes, hours = entry_schedule.minute, entry_schedule.hour
        every_day = len(entry_schedule.day_of_week) == 7 and len(entry_schedule.day_of_month) == 31
        days = "elke dag" if every_day else "op " + ", ".join(DAYS[d] for d in sorted(entry_schedule.day_of_week))
        if len(hours) == 24 and len(minutes) < 60:
            step = sorted(minutes)
            if len(step) > 1 and all(b - a == step[1] - step[0] for a, b in zip(step, step[1:], strict=False)):
                return f"{days}, elke {step[1] - step[0]} minuten"
            return f"{days}, elk uur op minuut {', '.join(str(m) for m in step)}"
        minute = _single(minutes, 60)
        hour = _single(hours, 24)
        if minute is not None and hour is not None:
            return f"{days} om {hour:02d}:{minute:02d}"
        if minute is not None:
            return f"{days}, elk uur op minuut {minute} ({_span(hours).replace('xx', f'{minute:02d}')})"
        return f"{days} (cron: {entry_schedule._orig_minute} {entry_schedule._orig_hour})"
    if isinstance(entry_schedule, schedule):
        return f"elke {int(entry_schedule.run_every.total_seconds())} seconden"
    return str(entry_schedule)
