from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from partners.models import Organisation, Role, User

from .services import assign_role


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_wgs_participant", "convenant_date", "is_active"]
    list_filter = ["kind", "is_wgs_participant", "is_active"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # an open registry form (registry:organisation_edit) then sees the change
        super().save_model(request, obj, form, change)


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

    # A functional admin creates and maintains partner professionals' accounts; any other role,
    # and their own account's role or organisation, only a superuser sets.
    roles_for_functional_admin = ("", Role.PARTNERPROFESSIONAL)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += list(self.privilege_fields)
            if obj is not None and (obj.pk == request.user.pk or obj.role not in self.roles_for_functional_admin):
                readonly += ["role", "organisation"]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "role" in form.base_fields:
            form.base_fields["role"].choices = [
                (value, label) for value, label in Role.choices if value in self.roles_for_functional_admin
            ] + [("", "---------")]
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # nor their password
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        assign_role(user=obj, role=obj.role)  # groups, staff status and case grants follow the role
