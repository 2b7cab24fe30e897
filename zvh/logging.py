"""Logs as JSON lines: one object per line with timestamp, level, logger, message, request id and
user id (a number), for a log collector to parse. Never names, BSNs or search terms: the request
line has the path without its query string, and nine-digit numbers in any message are masked."""

import json
import logging
import re
from datetime import UTC, datetime

from zvh import request_context

NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
# Extra fields (logger.info(..., extra={...})) a line may carry; anything else stays out.
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "task", "task_id")


def masked(text: str) -> str:
    return NINE_DIGITS.sub("*********", text)


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": masked(record.getMessage()),
            "request_id": request_context.request_id.get() or None,
            "user_id": request_context.user_id.get(),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                value = getattr(record, name)
                line[name] = masked(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = masked(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(*, level: str, json_lines: bool, request_lines: bool = True) -> dict:
    """settings.LOGGING: JSON lines on servers, readable text on a developer's console (where
    runserver prints its own request lines, so ours stay off)."""
    text = {"format": "%(levelname)s %(name)s %(message)s"}
    formatter = {"()": "zvh.logging.JsonLinesFormatter"} if json_lines else text
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Our own request line (zvh.middleware.RequestIdMiddleware) replaces gunicorn's access log.
            "zvh.request": {"level": level if request_lines else "WARNING"},
        },
    }
