"""Small helpers shared by the registry and agenda screens."""

from django.core.exceptions import PermissionDenied

from .services import ConcurrentEdit, PartnerServiceError


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")


def service_error(form, error: PartnerServiceError, *, current_version: int | None = None) -> None:
    """Put a service's refusal beside its field. After a concurrent edit the form keeps what the
    user typed but now carries the stored version, so saving again after review can succeed."""
    if isinstance(error, ConcurrentEdit) and current_version is not None:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current_version)
    form.add_error(error.field if error.field in form.fields else None, error.message)
