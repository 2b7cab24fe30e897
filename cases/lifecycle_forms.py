"""Forms of a case's life: programme change, reopening, follow-up case, links between cases."""

from django import forms

from programmes.models import Programme
from zvh.forms import ZvhForm

from .models import AveLevel, Case, CaseRelation
from .services.lifecycle import former_seats


class ProgrammeChangeForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_programme = forms.ModelChoiceField(
        label="Nieuw programma", queryset=Programme.objects.none(), empty_label="Kies een programma"
    )
    reason = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom de casus onder een ander programma verder gaat; de reden komt in de programmahistorie.",
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_programme"].queryset = Programme.objects.filter(is_active=True).exclude(pk=case.programme_id)


class ReopenForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Reden om te heropenen", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    seat_again = forms.MultipleChoiceField(
        label="Opnieuw aan tafel",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen wie u hier aanvinkt, krijgt weer toegang tot de casus. Niemand anders krijgt "
        "vanzelf toegang terug; later kunt u partners ook via ‘Partner aan tafel zetten’ toevoegen.",
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = {str(seat.pk): seat for seat in former_seats(case)}
        self.fields["seat_again"].choices = [
            (key, f"{seat.user.get_full_name() or seat.user.username} – {seat.participant.organisation}")
            for key, seat in self.seats.items()
        ]

    def chosen_seats(self):
        return [self.seats[key] for key in self.cleaned_data.get("seat_again", [])]


class FollowUpForm(ZvhForm):
    programme = forms.ModelChoiceField(
        label="Programma", queryset=Programme.objects.filter(is_active=True), empty_label="Kies een programma"
    )
    ave_level = forms.TypedChoiceField(label="AVE-niveau", choices=AveLevel.choices, coerce=int)
    summary = forms.CharField(
        label="Aanleiding en hulpvraag", max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    reason = forms.CharField(
        label="Waarom een vervolgcasus",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: nieuwe meldingen na afsluiting. Komt op de tijdlijn van de vervolgcasus.",
    )


class CaseLinkForm(ZvhForm):
    other_reference = forms.CharField(
        label="Kenmerk van de andere casus",
        max_length=20,
        help_text="Bijvoorbeeld ZVH-2026-0012. Wie de andere casus niet mag inzien, ziet alleen het kenmerk.",
    )
    relation = forms.ChoiceField(
        label="Relatie",
        choices=CaseRelation.choices,
        widget=forms.RadioSelect,
        help_text="Bij ‘Vervolgcasus’ is deze casus het vervolg op de andere.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_reference"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
