"""Small helpers shared by the case screens."""

from cases import services


def service_error(form, error: services.CaseServiceError, *, current_version: int | None = None) -> None:
    """Put a service's refusal beside its field. After a concurrent edit the form keeps what the
    user typed but now carries the stored version, so saving again after review can succeed."""
    if isinstance(error, services.ConcurrentEdit) and current_version is not None:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current_version)
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
