"""Organisations and accounts in the admin go through the registry's services
(zvh/admin_rules.py): a change of WGS status or of a role re-derives case access at once, exactly as
in the partner registry screen. Groups follow roles and second-factor devices are enrolled by their
owner, so the admin only shows them."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin as OtpStaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OtpTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.services.triage_table import check_triage_table_member
from partners.models import Organisation, Role, SecondFactorReset, User
from zvh.admin_rules import ReadOnlyAdmin, ServiceBackedAdmin
from zvh.errors import ServiceError

from .account_recovery import approve_second_factor_reset, request_second_factor_reset
from .services import OrganisationData, assign_role, save_organisation


@admin.register(Organisation)
class OrganisationAdmin(ServiceBackedAdmin):
    list_display = ["name", "kind", "is_wgs_participant", "convenant_date", "is_active", "joins_triage"]
    list_filter = ["kind", "is_wgs_participant", "is_active", "joins_triage"]
    search_fields = ["name"]
    fields = ["name", "kind", "is_wgs_participant", "convenant_date", "is_active", "joins_triage"]
    save_service = save_organisation  # the partner registry's service; no delete (retire: is_active)

    def call_save_service(self, request, obj, form, change):
        data = OrganisationData(
            name=obj.name,
            kind=obj.kind,
            is_wgs_participant=obj.is_wgs_participant,
            convenant_date=obj.convenant_date,
            is_active=obj.is_active,
            joins_triage=obj.joins_triage,
        )
        # The service locks the stored row and compares it with `data`: re-derives the grants of
        # every open table the organisation sits at when its WGS status or active status changes.
        return save_organisation(actor=request.user, data=data, organisation=obj if change else None)


class _AccountAdminBase(ServiceBackedAdmin, DjangoUserAdmin):
    pass


@admin.register(User)
class UserAdmin(_AccountAdminBase):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    # No password field and no password page (issue 20): nobody sets another user's password
    # directly; the owner resets it by e-mail (registry/account_recovery.py).
    fieldsets = (
        (None, {"fields": ("username",)}),
        *DjangoUserAdmin.fieldsets[1:],
        ("Organisatie en rol", {"fields": ("organisation", "role", "job_title", "phone", "at_triage_table")}),
    )
    # Only a superuser may hand out superuser or staff status or model permissions: a functional
    # admin maintains accounts but cannot raise anyone's privileges, their own included.
    privilege_fields = ("is_superuser", "is_staff", "groups", "user_permissions")

    # A functional admin creates and maintains partner professionals' accounts; any other role,
    # and their own account's role or organisation, only a superuser sets.
    roles_for_functional_admin = ("", Role.PARTNERPROFESSIONAL)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj)) + ["groups"]  # groups follow the role
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
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Not even for oneself: the screens' reset flow (e-mail link, then the second factor) is the
        # one way to a new password, so an admin session cannot be used to take an account over.
        raise PermissionDenied("Een wachtwoord stelt alleen de gebruiker zelf opnieuw in, via ‘Wachtwoord vergeten’.")

    save_service = assign_role  # groups, staff status and case grants follow the role, at once
    # No delete: an account that ends is deactivated (its access log and history name it).

    def call_save_service(self, request, obj, form, change):
        if "at_triage_table" in form.changed_data:
            check_triage_table_member(obj)  # issue 16: only professionals of a joining organisation
        obj.save()
        return assign_role(user=obj, role=obj.role)  # also after a change of organisation or is_active


# Groups follow roles (registry.services.ROLE_GROUPS, rebuilt by assign_role): never edited by hand.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin, DjangoGroupAdmin):
    pass


# A second factor is enrolled by its owner (partners/mfa.py); a device made or changed here would
# let someone else hold it.
for model, base in ((TOTPDevice, OtpTOTPDeviceAdmin), (StaticDevice, OtpStaticDeviceAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (ReadOnlyAdmin, base), {"__module__": __name__}))


@admin.register(SecondFactorReset)
class SecondFactorResetAdmin(ServiceBackedAdmin):
    """Four-eyes reset of a second factor: adding a row requests it; another functional admin
    approves it with the action (registry/account_recovery.py). A row is never edited or deleted."""

    list_display = ["user", "requested_by", "requested_at", "approved_by", "approved_at"]
    list_filter = [("approved_at", admin.EmptyFieldListFilter)]
    fields = ["user", "reason"]
    autocomplete_fields = ["user"]
    actions = ["approve"]
    save_service = request_second_factor_reset

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # the list (and its action) only

    def get_readonly_fields(self, request, obj=None):
        return ["user", "reason", "requested_by", "requested_at", "approved_by", "approved_at"] if obj else []

    def call_save_service(self, request, obj, form, change):
        return request_second_factor_reset(actor=request.user, user=obj.user, reason=obj.reason)

    @admin.action(description="Herstel goedkeuren (tweede functioneel beheerder): tweede factor verwijderen")
    def approve(self, request, queryset):
        for reset in queryset:
            try:
                approve_second_factor_reset(actor=request.user, reset=reset)
            except (ServiceError, PermissionDenied) as refusal:
                self.message_user(request, f"{reset.user}: {getattr(refusal, 'message', refusal)}", messages.ERROR)
            else:
                self.message_user(request, f"De tweede factor van {reset.user} is verwijderd; de gebruiker is bericht.")
