"""Response headers beyond Django's own security middleware and the CSP, the idle timeout of
sessions, and the request id of every log line and access-log entry."""

import logging
import time

from django.conf import settings
from django.http import HttpResponseNotAllowed

from zvh import request_context

request_log = logging.getLogger("zvh.request")


class OnlyServedMethodsMiddleware:
    """Pages answer GET, HEAD and POST only; anything else (TRACE, OPTIONS, PUT, ...) is 405 before
    a view runs, so it is never served a page nor logged as a change of case data (issue 20). The
    API under /api/ speaks its own methods and answers its own 405s."""

    PAGE_METHODS = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.PAGE_METHODS and not request.path.startswith("/api/"):
            response = HttpResponseNotAllowed(self.PAGE_METHODS)
            response.content = b"Deze methode wordt niet ondersteund."
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        return self.get_response(request)


class RequestIdMiddleware:
    """First in the stack: gives the request its id (a trusted proxy's X-Request-ID, else a new
    one), returns it as X-Request-ID, and writes one log line per request: method, path without the
    query string (a search term is personal data), status, duration, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        trusted = getattr(settings, "TRUST_X_FORWARDED_FOR", False)
        if trusted and request_context.ACCEPTED_REQUEST_ID.fullmatch(offered):
            request_id = offered
        else:
            request_id = request_context.new_request_id()
        request.request_id = request_id
        id_token = request_context.request_id.set(request_id)
        user_token = request_context.user_id.set(None)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_context.user_id.reset(user_token)
            request_context.request_id.reset(id_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After the authentication middleware: from here on, log lines carry the user's id.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request_context.user_id.set(user.pk)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages with personal data must not stay in a shared browser's or proxy's cache.
            response.setdefault("Cache-Control", "no-store")
        return response


class IdleSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE (30 minutes) without a request. Django's
    SESSION_SAVE_EVERY_REQUEST renews it by writing and committing the session row on every page,
    which was a fixed share of every request's time (issue 8); renewing it at most once a minute
    keeps the same idle timeout to within that minute."""

    RENEW_AFTER_SECONDS = 60
    RENEWED_AT = "_sessie_vernieuwd"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        # Only a signed-in session: after logging out there is nothing to keep alive.
        if session is not None and session.session_key and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.RENEWED_AT, 0) >= self.RENEW_AFTER_SECONDS:
                session[self.RENEWED_AT] = now  # marks the session modified: saved with a new expiry
        return response
