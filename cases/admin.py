"""Cases in the admin are read-only and filtered by the same policy as the application: the
admin is not a back door. Every change goes through cases/services.py via the case screens."""

from django.contrib import admin
from django.db.models import Q

from privacy import policy
from privacy.models import AccessAction
from privacy.services import log_access

from .models import BottleneckCategory, Case, Escalation, InclusionCriterion, LifeDomain


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "programme", "phase", "ave_level", "opened_on"]
    list_filter = ["phase", "programme"]
    fields = ["reference", "programme", "phase", "ave_level", "opened_on", "closed_on"]
    readonly_fields = fields

    def get_queryset(self, request):
        return policy.cases_visible_to(request.user).select_related("programme")

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return policy.may_view_case(request.user, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        log_access(
            request=request,
            action=AccessAction.VIEW,
            case=case,
            allowed=case is not None,
            reason="beheeromgeving" if case else f"beheeromgeving: geen toegang tot casus-id {object_id[:20]}",
        )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BottleneckCategory)
class BottleneckCategoryAdmin(admin.ModelAdmin):
    """A managed list (knelpunten) for the escalation form and the trend radar."""

    list_display = ["name", "kind", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    """The managed list of life domains (leefgebieden) with their guidance for the analysis."""

    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(InclusionCriterion)
class InclusionCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "programme", "sort_order", "is_active"]
    list_filter = ["programme", "is_active"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """Read-only and filtered by the same policy as the application: triage outcomes are decided
    only through cases.services.decide_escalation (the triage screen)."""

    list_display = ["reference", "status", "urgency", "submitted_at"]
    list_filter = ["status", "urgency"]
    fields = ["reference", "status", "urgency", "submitted_at", "decided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Same rule as policy.may_view_escalation for the triage team (the only staff who could see any).
        if not policy.may_triage(request.user):
            return Escalation.objects.none()
        return Escalation.objects.filter(Q(case__isnull=True) | Q(case__in=policy.cases_visible_to(request.user)))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_active and request.user.is_staff and policy.may_triage(request.user)
        return policy.may_view_escalation(request.user, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
