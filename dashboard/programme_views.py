"""The programmes and their yearly prognoses, for managers and regisseurs (the reference data itself
is the programmes app's)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from privacy import policy
from privacy.models import AccessAction
from privacy.services import log_access
from programmes.selectors import programmes_with_prognoses


@login_required
def overview(request):
    if not policy.may_view_dashboard(request.user):
        log_access(request=request, action=AccessAction.LIST, allowed=False, object_type="programma's")
        raise PermissionDenied("Uw rol geeft geen toegang tot dit overzicht.")
    programmes, years = programmes_with_prognoses()
    return render(request, "dashboard/programmes.html", {"programmes": programmes, "years": years})
