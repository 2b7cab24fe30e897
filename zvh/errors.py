"""The one error vocabulary of every service, and the one helper that shows it in a form.

A service refuses a change by raising `ServiceError` (a Dutch message for the user and, when the
message belongs beside one field, that field's name) or `ConcurrentEdit` (the row changed since the
form was rendered). Views never invent their own: they catch `ServiceError` and call
`show_service_error`, so the browser, the admin, the API and imports report a refusal the same way.
This module sits in the project layer so that every app, kernel or feature, may import it.
"""

from __future__ import annotations

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
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
