"""The one error vocabulary of every service, and the one helper that shows it in a form.

A service refuses a change by raising `ServiceError` (a Dutch message for the user and, when the
message belongs beside one field, that field's name) or `ConcurrentEdit` (the row changed since the
form was rendered). Views never invent their own: they catch `ServiceError` and call
`show_service_error`, so the browser, the admin, the API and imports report a refusal the same way.
This module sits in the project layer so that every app, kernel or feature, may import it.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied

CONCURRENT_EDIT_MESSAGE = (
    "{what} is intussen door iemand anders gewijzigd. Uw invoer staat hieronder nog; "
    "controleer de actuele gegevens en sla opnieuw op."
)


class ServiceError(Exception):
    """A rule refused the change; `field` names the form field the message belongs to (or None)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEdit(ServiceError):
    """The row was changed by someone else after the form was rendered (optimistic locking)."""

    def __init__(self, what: str = "Dit gegeven"):
        super().__init__(CONCURRENT_EDIT_MESSAGE.format(what=what), field=None)


def show_service_error(form, error: ServiceError, *, current_version: int | None = None) -> None:
    """Put a service's refusal beside its field (or above the form). After a concurrent edit the
    form keeps what the user typed but now carries the stored version, so saving again after review
    can succeed."""
    if isinstance(error, ConcurrentEdit) and current_version is not None:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current_version)
    if error.field == "submission_key" and form.is_bound:
        # A one-time key that is not this user's (partners.submission_keys): show the message above
        # the form and render it with a fresh key, so the typed input can be sent again.
        form.data = form.data.copy()
        form.data[form.add_prefix("submission_key")] = str(uuid.uuid4())
    field = error.field if error.field in form.fields and error.field != "submission_key" else None
    form.add_error(field, error.message)


def refuse_duplicate(queryset, instance, message: str, field: str) -> None:
    """Refuse when another row than `instance` (None: a new one) already matches `queryset`."""
    if instance is not None:
        queryset = queryset.exclude(pk=instance.pk)
    if queryset.exists():
        raise ServiceError(message, field=field)


def lock_versioned(model, pk: int, expected_version: int | None, what: str):
    """The row locked for update, refused when someone saved it since the form was rendered; its
    version is raised by one for the save that follows."""
    locked = model.objects.select_for_update().filter(pk=pk).first()
    if locked is None:  # removed by someone else while this form was open
        raise ServiceError(f"{what} bestaat niet meer; iemand anders heeft hem intussen verwijderd.")
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEdit(what)
    locked.version += 1
    return locked


def require_role(allowed: bool, message: str = "Uw rol geeft geen toegang tot deze handeling.") -> None:
    """A service's own check of the actor's role (the policy answered `allowed`); views that open
    case data use privacy.access.require instead, which also logs the refusal."""
    if not allowed:
        raise PermissionDenied(message)
