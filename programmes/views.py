"""The programmes and their prognoses (reference data; the figures are in the dashboard app)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from privacy import policy
from privacy.models import AccessAction
from privacy.services import log_access

from .selectors import programmes_with_prognoses


@login_required
def overview(request):
    if not policy.may_view_dashboard(request.user):
        log_access(request=request, action=AccessAction.LIST, allowed=False, object_type="programma's")
        raise PermissionDenied("Uw rol geeft geen toegang tot dit overzicht.")
    programmes, years = programmes_with_prognoses()
    return render(request, "programmes/overview.html", {"programmes": programmes, "years": years})
