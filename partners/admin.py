from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_wgs_participant", "convenant_date", "is_active"]
    list_filter = ["kind", "is_wgs_participant", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Organisatie en rol", {"fields": ("organisation", "role", "job_title", "phone")}),
    )
    # Only a superuser may hand out superuser or staff status or model permissions: a functional
    # admin maintains accounts but cannot raise anyone's privileges, their own included.
    privilege_fields = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += list(self.privilege_fields)
        return readonly
