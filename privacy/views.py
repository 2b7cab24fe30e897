from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from . import policy
from .selectors import access_log_entries


@login_required
def access_log(request):
    """The privacy officer's view of the access log (read-only; nobody can edit it)."""
    if not policy.may_read_access_log(request.user):
        raise PermissionDenied("Alleen de privacyfunctionaris kan het toegangslog inzien.")
    filters = {
        "case_reference": request.GET.get("casus", "").strip()[:20],
        "username": request.GET.get("gebruiker", "").strip()[:150],
        "refused_only": request.GET.get("geweigerd") == "1",
    }
    page = Paginator(access_log_entries(**filters), 50).get_page(request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "privacy/access_log.html",
        {"page": page, "filters": filters, "querystring": querystring.urlencode()},
    )
