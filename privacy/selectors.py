from django.db.models import Q

from .models import AccessLogEntry


def access_log_entries(*, case_reference: str = "", username: str = "", refused_only: bool = False):
    entries = AccessLogEntry.objects.all()
    if case_reference:
        entries = entries.filter(Q(case_reference__iexact=case_reference) | Q(object_reference__iexact=case_reference))
    if username:
        entries = entries.filter(username__iexact=username)
    if refused_only:
        entries = entries.filter(allowed=False)
    return entries.order_by("-occurred_at", "-pk")
