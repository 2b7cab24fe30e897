from django.contrib import admin

from .models import Prognosis, Programme


class PrognosisInline(admin.TabularInline):
    model = Prognosis
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "review_interval_days", "is_advice_only", "has_separate_legal_basis"]
    inlines = [PrognosisInline]


@admin.register(Prognosis)
class PrognosisAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "expected_new", "expected_running"]
    list_filter = ["year", "programme"]
