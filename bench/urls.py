"""The application's URLs plus the benchmark's floor page (bench settings only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape

from zvh.urls import urlpatterns as app_urlpatterns


@login_required
def floor(request):
    """A bare authenticated page: session, user, second factor and every middleware, no data."""
    return HttpResponse(f"<!doctype html><title>floor</title><p>{escape(request.user.get_username())}</p>")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
