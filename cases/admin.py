"""Cases in the admin are read-only and filtered by the same policy as the application: the
admin is not a back door. Every change goes through cases/services.py via the case screens."""

from django.contrib import admin
from django.db.models import Q

from privacy import policy
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.admin_rules import ReadOnlyAdmin, ReferenceDataAdmin
from zvh.forms import ascii_digits

from .models import (
    BottleneckCategory,
    Case,
    DocumentCategory,
    Escalation,
    InclusionCriterion,
    LetterTemplate,
    LifeDomain,
)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
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
        case = self.get_queryset(request).filter(pk=object_id).first() if ascii_digits(object_id) else None
        log_access(
            request=request,
            action=AccessAction.VIEW,
            case=case,
            allowed=case is not None,
            reason="beheeromgeving" if case else f"beheeromgeving: geen toegang tot casus-id {object_id[:20]}",
        )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(BottleneckCategory)
class BottleneckCategoryAdmin(ReferenceDataAdmin):
    """A managed list (knelpunten) for the escalation form and the trend radar."""

    rule_free = "a choice list; escalations keep the category they chose, nothing is derived from it"

    list_display = ["name", "kind", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(DocumentCategory)
class DocumentCategoryAdmin(ReferenceDataAdmin):
    """A managed list (rapportage, beschikking, verslag, brief, overig) for documents on a case."""

    rule_free = "a choice list; documents keep the category they chose, nothing is derived from it"

    list_display = ["name", "sort_order", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(LifeDomain)
class LifeDomainAdmin(ReferenceDataAdmin):
    """The managed list of life domains (leefgebieden) with their guidance for the analysis."""

    rule_free = "guidance text and order for the plan's analysis; nothing is derived from it"

    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(InclusionCriterion)
class InclusionCriterionAdmin(ReferenceDataAdmin):
    rule_free = "a checklist shown at triage; the decision records its own answer"
    list_display = ["text", "programme", "sort_order", "is_active"]
    list_filter = ["programme", "is_active"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
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


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReferenceDataAdmin):
    """A managed list of letter templates; the text may only use the whitelisted placeholders
    (cases/letter_placeholders.py), refused with a Dutch message when saved."""

    rule_free = "a text with whitelisted placeholders; a letter made from it is a stored document, nothing else derives"

    list_display = ["name", "category", "is_active"]
    list_filter = ["is_active", "category"]
    list_editable = ["is_active"]
    fields = ["name", "category", "body", "is_active"]
