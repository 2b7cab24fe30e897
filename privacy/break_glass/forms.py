"""Forms of break-glass: starting an access (procesregisseur, privacy officer) and reviewing one
(privacy officer)."""

from __future__ import annotations

from django import forms

from zvh.forms import ZvhForm

from .services import MIN_REASON_LENGTH


class BreakGlassStartForm(ZvhForm):
    case_reference = forms.CharField(
        label="Kenmerk van de casus",
        max_length=20,
        error_messages={"required": "Vul het kenmerk van de casus in, bijvoorbeeld ZVH-2026-0012."},
    )
    # Not required here: the service refuses a missing or too short reason, and logs the refusal.
    reason = forms.CharField(
        label="Reden",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Verplicht, ten minste {MIN_REASON_LENGTH} tekens: waarom moet u deze casus nu inzien? "
            "Noem geen BSN. De privacyfunctionaris ziet uw reden en elke pagina die u bekijkt."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_reference"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_case_reference(self):
        return self.cleaned_data["case_reference"].strip().upper()


class BreakGlassReviewForm(ZvhForm):
    note = forms.CharField(
        label="Beoordeling",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Schrijf uw beoordeling op."},
        help_text="Was de doorbraak gerechtvaardigd? Wat is eventueel met de gebruiker besproken?",
    )
