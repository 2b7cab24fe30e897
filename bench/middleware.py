"""Counts the SQL queries of one request (bench settings only; never in production)."""

import re

from django.db import connection

# The idle-session renewal (zvh.middleware.IdleSessionMiddleware) writes the session row at most
# once a minute per user, on whichever page that user opens first after the minute: a matter of
# the clock, not of the page or the size of the database.
SESSION_WRITE = re.compile(r'^\s*(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"django_session"', re.IGNORECASE)


class QueryCountMiddleware:
    """First in the stack, so the session, user, second-factor and access-log queries count too.
    The page's count goes out in the `X-Bench-Queries` response header; session writes go out in
    `X-Bench-Session-Writes` instead, so a page's count does not depend on whether a renewal
    happened to fall on it (the per-page counts are compared between the two databases)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = session_writes = 0

        def counter(execute, sql, params, many, context):
            nonlocal count, session_writes
            if SESSION_WRITE.match(sql):
                session_writes += 1
            else:
                count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-Session-Writes"] = str(session_writes)
        return response
