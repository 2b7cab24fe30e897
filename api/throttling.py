"""Every call is counted against its client (a partner application or a personal token) in the
shared cache (Redis in production), so all web processes count together."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self):
        return settings.API_RATE_LIMIT  # read per call, so a deployment (or a test) can change it

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        client = getattr(request._request, "api_client_key", None)
        if client is None:
            return self.cache_format % {"scope": self.scope, "ident": f"addr:{self.get_ident(request)}"}
        return self.cache_format % {"scope": self.scope, "ident": client}
