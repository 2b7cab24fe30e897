"""The programmes and their prognoses (reference data; the figures are in the dashboard app)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from privacy import policy
from privacy.access import require
from privacy.models import AccessAction

from .selectors import programmes_with_prognoses


@login_required
def overview(request):
    require(
        request,
        policy.may_view_dashboard(request.user),
        message="Uw rol geeft geen toegang tot dit overzicht.",
        reason="alleen manager of procesregisseur",
        action=AccessAction.LIST,
        object_type="programma's",
    )
    programmes, years = programmes_with_prognoses()
    return render(request, "programmes/overview.html", {"programmes": programmes, "years": years})
