"""Form pieces shared by the screens of every app: Dutch "required" messages, fields that render at
full width (templates/includes/form_page.html reads `zvh_width`) and the hidden `version` of an edit
form (optimistic locking, see zvh.errors.lock_versioned)."""

from django import forms

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Vul een geldige datum in, bijvoorbeeld 01-03-2025."}


def ascii_digits(value) -> bool:
    """Only 0-9 (and at least one). `str.isdigit()` also accepts "²" or "١", which `int()` then
    refuses with a ValueError: a 500 from a typed BSN or a tampered ?versie=."""
    value = str(value)
    return value.isascii() and value.isdigit()


def required(message: str) -> dict:
    return {"required": message}


class WideFieldsMixin:
    """`wide_fields` render at full width (templates/includes/form_page.html reads `zvh_width`)."""

    wide_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.wide_fields:
            self.fields[name].zvh_width = "full"


class VersionedForm(WideFieldsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# The hidden field of a confirmation page. A POST without it (the button on the case page, an old
# bookmark, a crawler) only shows the confirmation; nothing that cannot be undone happens yet.
CONFIRM_FIELD = "bevestigd"


def confirmed(request) -> bool:
    """True for the POST of a confirmation page (its hidden `bevestigd=ja`)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "ja"
