from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cases.models import Phase
from cases.selectors import active_seat_count, case_list


@login_required
def home(request):
    """A start page per role. Only procesregisseurs and seated partners see case references here."""
    user = request.user
    context = {}
    if user.works_on_cases:
        open_cases = case_list(user=user).exclude(phase=Phase.AFGESLOTEN)
        context["open_case_count"] = open_cases.count()
        if user.is_partnerprofessional:
            context["seat_count"] = active_seat_count(user)
    return render(request, "home.html", context)


@never_cache
def health(request):
    """Liveness and database check for the container health check; reveals nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
