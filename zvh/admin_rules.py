"""The admin (`/beheer/`) obeys the same rules as the screens: it is not a back door.

Every registered ModelAdmin is one of three kinds, and tests/test_admin_rules.py proves it for each
model in `admin.site._registry`:

- `ReadOnlyAdmin`: nothing can be added, changed or deleted here (case data, logs, groups that
  follow roles, second-factor devices). Its changes go through the screens and their services.
- `ServiceBackedAdmin`: saving and deleting call `save_service` / `delete_service`, the same
  service the screens call, so whatever that service re-derives (case grants after a change of WGS
  status, role or organisation) happens here too. A refusal of the service (ServiceError,
  PermissionDenied) becomes an error message and the whole admin request is rolled back. Without a
  `delete_service` nothing is deleted.
- `ReferenceDataAdmin`: a managed list no service maintains and whose rows no rule derives anything
  from at save time (`rule_free` says why). Rows are retired (`is_active`), never deleted, so the
  history that refers to them stays whole.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from zvh.errors import ServiceError

REFUSALS = (ServiceError, PermissionDenied)


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _message(error: Exception) -> str:
    return getattr(error, "message", None) or str(error) or "Deze wijziging is geweigerd."


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable (where the model admin's view permission allows), never written."""

    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceBackedAdmin(admin.ModelAdmin):
    """Save and delete through the named services of the screens.

    Subclasses set `save_service` (and optionally `delete_service`) to the service function and
    implement `call_save_service(request, obj, form, change)` returning the saved object
    (`call_delete_service(request, obj)` likewise), translating the admin form into the service's
    arguments."""

    save_service: Callable | None = None
    delete_service: Callable | None = None

    def call_save_service(self, request, obj, form, change):
        raise NotImplementedError

    def call_delete_service(self, request, obj) -> None:
        raise NotImplementedError

    def has_add_permission(self, request, *args):
        return self.save_service is not None and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.save_service is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.delete_service is not None and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            saved = self.call_save_service(request, obj, form, change)
        except REFUSALS as error:
            raise _Refused(_message(error)) from error
        if saved is not None and saved is not obj:
            obj.pk = saved.pk
            for field in obj._meta.concrete_fields:
                setattr(obj, field.attname, getattr(saved, field.attname))

    def delete_model(self, request, obj):
        try:
            self.call_delete_service(request, obj)
        except REFUSALS as error:
            raise _Refused(_message(error)) from error

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def _refusing(self, view, request, *args, **kwargs):
        # The admin's views run in one transaction: a refusal raised inside rolls all of it back
        # (including the admin's own log entry) before the message is shown.
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refusing(super().changeform_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusing(super().delete_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._refusing(super().changelist_view, request, *args, **kwargs)


class ReferenceDataAdmin(admin.ModelAdmin):
    """A managed list: added and changed here, retired with `is_active`, never deleted."""

    rule_free: str = ""  # why no service is needed: which rule reads it, and that nothing is derived
    deletable = False  # only for rows nothing refers to (a yearly prognosis)

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
