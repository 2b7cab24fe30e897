"""The form of a letter from a template (cases/views/letters.py)."""

import uuid

from django import forms

from zvh.forms import ZvhForm

from .models import LetterTemplate, Person


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_role_in_case_display().lower()})"


class LetterForm(ZvhForm):
    template = forms.ModelChoiceField(
        label="Briefsjabloon",
        queryset=LetterTemplate.objects.filter(is_active=True).select_related("category"),
        empty_label=None,
        error_messages={
            "required": "Kies een briefsjabloon.",
            "invalid_choice": "Kies een briefsjabloon uit de lijst.",
        },
    )
    person = PersonChoiceField(
        label="Over wie gaat de brief",
        queryset=Person.objects.none(),
        required=False,
        empty_label=None,
        help_text="Naam en adres van deze betrokkene komen in de brief.",
        error_messages={"invalid_choice": "Kies een betrokkene van deze casus."},
    )
    extra_text = forms.CharField(
        label="Aanvullende tekst",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Komt als laatste alinea in de brief, precies zoals u het typt. Ten hoogste 4000 tekens.",
        error_messages={"max_length": "De aanvullende tekst is te lang: ten hoogste %(limit_value)d tekens."},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.all()
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()

    @property
    def several_persons(self) -> bool:
        return len(self.fields["person"].queryset) > 1
