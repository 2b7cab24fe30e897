from django.contrib import admin

from zvh.admin_rules import ReferenceDataAdmin

from .models import Prognosis, Programme


class PrognosisInline(admin.TabularInline):
    model = Prognosis
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ReferenceDataAdmin):
    rule_free = (
        "the admin is its only editor; the services read its settings (review interval, advice only, phase "
        "flow, expected duration) "
        "when they run, and no stored state is derived from them"
    )
    list_display = [
        "code", "name", "review_interval_days", "is_advice_only", "phase_flow", "expected_duration_months",
        "has_separate_legal_basis",
    ]  # fmt: skip
    inlines = [PrognosisInline]


@admin.register(Prognosis)
class PrognosisAdmin(ReferenceDataAdmin):
    rule_free = "expected caseload per year, only compared with actual figures on the dashboard"
    deletable = True
    list_display = ["programme", "year", "expected_new", "expected_running"]
    list_filter = ["year", "programme"]
