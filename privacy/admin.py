from auditlog.models import LogEntry
from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only for everyone, superusers included."""

    list_display = ["occurred_at", "username", "user_role", "action", "case_reference", "allowed"]
    list_filter = ["action", "allowed", "user_role"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_privacy_officer


# django-auditlog's change history holds old values of personal data (names, free text). Nobody
# reads it through the admin: it is evidence for audits, queried deliberately, not browsed.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
