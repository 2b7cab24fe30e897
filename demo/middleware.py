"""The project's own 404 page in the demo, where DEBUG would show Django's technical one.

Django answers an unknown address or a raised Http404 with its technical page whenever DEBUG is
on (403 always goes through templates/403.html). A first-run user should see what a deployment
shows, so the dev settings add this middleware (last: CommonMiddleware still adds a missing slash
to a 404 first). It renders templates/404.html like django.views.defaults.page_not_found does."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve


class ProjectNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exception:
                return not_found(request, exception)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return not_found(request, exception)
        return None


def not_found(request, exception):
    # Only the path, never the exception text: a view's message may name a reference.
    return render(request, "404.html", {"request_path": request.path}, status=404)
