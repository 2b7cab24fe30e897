"""The programmes and their yearly prognoses, for managers and regisseurs (the reference data itself
is the programmes app's)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from privacy import policy
from privacy.access import require
from privacy.models import AccessAction
from programmes.selectors import programmes_with_prognoses


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
    return render(request, "dashboard/programmes.html", {"programmes": programmes, "years": years})
