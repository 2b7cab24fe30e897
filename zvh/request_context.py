"""The request (or task) a log line or an access-log entry belongs to.

One id per request, the same in the JSON log lines, the `X-Request-ID` response header and the
access log (privacy.AccessLogEntry.request_id), so an operator can go from a log line to what the
privacy officer sees and back without either holding a name. Celery tasks get `task-<task id>`.
"""

import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)

# What a trusted proxy may hand us (nginx's $request_id is 32 hex digits; uuids have dashes).
# Anything else is replaced: a header is attacker-controlled when no proxy overwrites it.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id.get()
