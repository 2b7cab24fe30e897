"""Forms of the confirmation pages for what cannot be undone (leaving the table)."""

from django import forms

from zvh.forms import ZvhForm


class LeaveTableForm(ZvhForm):
    reason = forms.CharField(
        label="Reden van vertrek",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Vul de reden van vertrek in: die komt in de tijdlijn bij het einde van de toegang.",
            "max_length": "De reden is te lang (maximaal 1000 tekens).",
        },
        help_text="Bijvoorbeeld: de hulpverlening door deze partner is afgerond. De reden komt in de tijdlijn.",
    )
