"""Forms of the case screens. Validation messages are Dutch and belong to a field; services
raise `CaseServiceError(field=...)` for rules that need the database, and views put those
messages beside the same field."""

import re
import uuid

from django import forms
from django.utils import timezone

from partners.models import Organisation
from programmes.models import Programme

from .models import AveLevel, ClosureReason, Person, PersonRole, Phase
from .selectors import seatable_professionals
from .services import PersonData

POSTAL_CODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "date_of_birth",
            "role_in_case",
            "street_address",
            "postal_code",
            "city",
            "bsn",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"bsn": "Optioneel. Alleen vastleggen als dat nodig is voor de samenwerking."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        autocomplete = {"first_name": "off", "last_name": "off", "bsn": "off", "postal_code": "off"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["bsn"].widget.attrs.update({"inputmode": "numeric", "maxlength": "9"})
        self.fields["role_in_case"].choices = [("", "Maak een keuze")] + list(PersonRole.choices)

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("De geboortedatum kan niet in de toekomst liggen.")
        if value and value.year < 1900:
            raise forms.ValidationError("Controleer de geboortedatum: die ligt vóór 1900.")
        return value

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not POSTAL_CODE.match(value):
            raise forms.ValidationError("Een postcode ziet eruit als 1234 AB.")
        return f"{value[:4]} {value[-2:].upper()}" if value else ""

    def clean_bsn(self):
        return self.cleaned_data.get("bsn", "").replace(" ", "").replace(".", "")

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(**{field: data[field] for field in PersonForm.Meta.fields})


class CaseRegisterForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    programme = forms.ModelChoiceField(
        label="Programma", queryset=Programme.objects.filter(is_active=True), empty_label="Kies een programma"
    )
    ave_level = forms.TypedChoiceField(label="AVE-niveau", choices=AveLevel.choices, coerce=int)
    summary = forms.CharField(
        label="Aanleiding en hulpvraag",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat is er aan de hand, wat loopt vast en wat is de vraag aan het ZVH? Maximaal 4000 tekens.",
    )
    casusregisseur = forms.ModelChoiceField(
        label="Casusregie bij",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label="Nog niet bekend",
        help_text="De partner die de persoon of het gezin dagelijks ondersteunt.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()


class CaseDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = CaseRegisterForm.base_fields["summary"]
    casusregisseur = CaseRegisterForm.base_fields["casusregisseur"]


class PhaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_phase = forms.ChoiceField(label="Nieuwe fase")
    note = forms.CharField(
        label="Toelichting", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    closure_reason = forms.ChoiceField(
        label="Reden van afsluiting",
        required=False,
        choices=[("", "Kies een reden")] + list(ClosureReason.choices),
        help_text="Alleen bij afsluiten.",
    )
    closure_result = forms.CharField(
        label="Resultaat",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen bij afsluiten: wat is bereikt?",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = case.allowed_next_phases()

    def clean(self):
        data = super().clean()
        if data.get("to_phase") == Phase.AFGESLOTEN:
            if not data.get("closure_reason"):
                self.add_error("closure_reason", "Kies een reden van afsluiting.")
            if not (data.get("closure_result") or "").strip():
                self.add_error("closure_result", "Beschrijf kort het resultaat van de casus.")
        return data


class AveLevelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_level = forms.TypedChoiceField(label="Nieuw AVE-niveau", choices=AveLevel.choices, coerce=int)
    reason = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom verandert het niveau? Dit komt in de AVE-geschiedenis.",
    )


class SeatPartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisatie", queryset=Organisation.objects.filter(is_active=True), empty_label="Kies een organisatie"
    )
    professionals = forms.ModelMultipleChoiceField(
        label="Professionals aan tafel",
        queryset=seatable_professionals(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen wie hier staat, krijgt toegang tot de casus zolang de casus loopt.",
    )
    contribution = forms.CharField(label="Rol aan tafel", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professionals"].label_from_instance = lambda u: f"{u.get_full_name()} – {u.organisation}"

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        for professional in data.get("professionals") or []:
            if organisation and professional.organisation_id != organisation.pk:
                self.add_error("professionals", f"{professional.get_full_name()} werkt niet bij {organisation}.")
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Notitie", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), help_text="Maximaal 4000 tekens."
    )
