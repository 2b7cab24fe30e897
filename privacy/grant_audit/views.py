"""The privacy officer's list of grant repairs: every drift the nightly audit found and repaired."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from privacy import policy
from privacy.access import require
from privacy.models import AccessAction
from privacy.services import log_access

from . import selectors

PAGE_SIZE = 50
OBJECT_TYPE = "herstelde toegangsrechten"


@login_required
@require_GET
def grant_repairs(request):
    require(
        request,
        policy.may_read_access_log(request.user),
        message="Alleen de privacyfunctionaris ziet de herstelde toegangsrechten.",
        reason="alleen de privacyfunctionaris",
        action=AccessAction.LIST,
        object_type=OBJECT_TYPE,
    )
    page = selectors.grant_repairs_page(request.GET.get("pagina"), size=PAGE_SIZE)
    repairs = list(page.object_list)
    case_ids = [repair.case_id for repair in repairs if repair.case_id]
    log_access(request=request, action=AccessAction.LIST, allowed=True, object_type=OBJECT_TYPE, case_ids=case_ids)
    return render(request, "privacy/grant_repairs.html", {"page": page, "repairs": repairs})
