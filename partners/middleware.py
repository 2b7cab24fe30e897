"""Every page needs a password AND a verified second factor. A user who logged in with a password
only reaches the second-factor pages (and can log out) until the code is verified."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# URL names a half-logged-in user may open (the second factor itself, logging out, health checks).
OPEN_BEFORE_SECOND_FACTOR = {"mfa_verify", "mfa_setup", "logout", "login", "health", "security_txt", "security_policy"}


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_SECOND_FACTOR and not match.namespace:
            return None
        if request.path.startswith("/static/"):
            return None
        from .mfa import confirmed_app

        target = "mfa_verify" if confirmed_app(user) else "mfa_setup"
        # Only the path: a query string (search terms) does not travel along to the next page.
        return redirect(f"{reverse(target)}?{urlencode({'next': request.path})}")
