"""Small helpers shared by the screens of every app (registry, agenda, ...)."""

from collections.abc import Callable

from django.contrib import messages

from zvh.errors import ServiceError, show_service_error

# The answer to a role without a part in these screens (privacy.access.require logs the refusal).
DENIED = "Uw rol geeft geen toegang tot deze pagina."


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
    except ServiceError as error:
        current = (
            type(stored).objects.filter(pk=stored.pk).values_list("version", flat=True).first()
            if stored is not None
            else None
        )
        show_service_error(form, error, current_version=current)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    return saved
