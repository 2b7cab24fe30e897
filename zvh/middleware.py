"""Response headers beyond Django's own security middleware and the CSP, and the idle timeout of sessions."""

import time


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
