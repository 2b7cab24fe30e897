"""Counts the SQL queries of one request (bench settings only; never in production)."""

from django.db import connection


class QueryCountMiddleware:
    """First in the stack, so the session, user, second-factor and access-log queries count too.
    The count goes out in the `X-Bench-Queries` response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
