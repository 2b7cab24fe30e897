from auditlog.models import LogEntry
from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as reset_lockout
from django.contrib import admin

from zvh.admin_rules import ReadOnlyAdmin, ServiceBackedAdmin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is append-only for everyone, superusers included."""

    list_display = ["occurred_at", "username", "user_role", "action", "case_reference", "allowed"]
    list_filter = ["action", "allowed", "user_role"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_privacy_officer


# django-auditlog's change history holds old values of personal data (names, free text). Nobody
# reads it through the admin: it is evidence for audits, queried deliberately, not browsed.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


# django-axes: its logs of logins and failures are evidence, never rewritten; a lockout (an access
# attempt) is lifted only through axes' own reset, which is what deleting one here does.
for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdmin, axes_admin.AccessFailureLogAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ServiceBackedAdmin, axes_admin.AccessAttemptAdmin):
    delete_service = reset_lockout  # lifting a lockout; an attempt itself is never edited

    def call_delete_service(self, request, obj) -> None:
        reset_lockout(ip=obj.ip_address, username=obj.username)
