"""Small helpers shared by the registry and agenda screens."""

from collections.abc import Callable

from django.contrib import messages

from .services import ConcurrentEdit, PartnerServiceError

# The answer to a role without a part in these screens (privacy.access.require logs the refusal).
DENIED = "Uw rol geeft geen toegang tot deze pagina."


def service_error(form, error: PartnerServiceError, *, current_version: int | None = None) -> None:
    """Put a service's refusal beside its field. After a concurrent edit the form keeps what the
    user typed but now carries the stored version, so saving again after review can succeed."""
    if isinstance(error, ConcurrentEdit) and current_version is not None:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current_version)
    form.add_error(error.field if error.field in form.fields else None, error.message)


def save_form(request, form, save: Callable, *, success: str | Callable, stored=None):
    """On a valid POST, call `save(cleaned_data)` (a service) and flash `success` (a text, or a
    function of the saved object); return what it saved. On a refusal put the message beside its
    field, with the stored version of `stored` (the row being edited) after a concurrent edit, and
    return None so the view renders the form again with the typed input."""
    if request.method != "POST" or not form.is_valid():
        return None
    if stored is not None and "version" in form.fields and form.cleaned_data.get("version") is None:
        # An edit without the version it was rendered with could overwrite someone else's change.
        form.add_error(None, "Het formulier kwam onvolledig aan. Laad de pagina opnieuw en probeer het nog eens.")
        return None
    try:
        saved = save(form.cleaned_data)
    except PartnerServiceError as error:
        current = (
            type(stored).objects.filter(pk=stored.pk).values_list("version", flat=True).first()
            if stored is not None
            else None
        )
        service_error(form, error, current_version=current)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    return saved
