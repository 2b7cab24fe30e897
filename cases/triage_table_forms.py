"""The advice form of the triage table (issue 16)."""

from django import forms

from zvh.forms import VersionedForm

from .models import ADVICE_MAX_LENGTH


class TriageAdviceForm(VersionedForm):
    text = forms.CharField(
        label="Uw advies",
        max_length=ADVICE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Wat adviseert uw organisatie de triage? Maximaal {ADVICE_MAX_LENGTH} tekens.",
        error_messages={
            "required": "Schrijf uw advies voor de triage.",
            "max_length": f"Uw advies is te lang: maximaal {ADVICE_MAX_LENGTH} tekens.",
        },
    )
    wide_fields = ("text",)
