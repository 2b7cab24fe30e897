"""Forms of the subject-access screens. A BSN typed for a search only travels in a POST body."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from cases.validators import validate_bsn
from privacy.models import ProcessingActivity, SubjectRequestKind
from zvh.formats import date_text
from zvh.forms import ZvhForm, ZvhModelForm

from . import services as sa

DATE_WIDGET = {"type": "date"}


def _clean_bsn(value: str) -> str:
    value = (value or "").replace(" ", "").replace(".", "")
    validate_bsn(value)
    return value


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class SubjectRequestForm(ZvhForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Soort verzoek",
        choices=[("", "Maak een keuze"), *SubjectRequestKind.choices],
        error_messages={"required": "Kies de soort verzoek."},
    )
    received_on = forms.DateField(
        label="Ontvangen op",
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum in waarop het verzoek binnenkwam."},
    )
    subject_name = forms.CharField(
        label="Naam betrokkene",
        max_length=250,
        help_text="Zoals de betrokkene die opgaf, bijvoorbeeld ‘Jan de Vries’.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    subject_date_of_birth = forms.DateField(
        label="Geboortedatum betrokkene",
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )
    bsn = forms.CharField(
        label="BSN",
        required=False,
        max_length=11,
        help_text="Alleen om te zoeken. Het BSN wordt niet opgeslagen en niet gelogd.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label="Het verzoek",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat vraagt de betrokkene? Bij correctie: welke gegevens en hoe ze zouden moeten luiden.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["received_on"].initial = timezone.localdate()
            self.fields["submission_key"].initial = uuid.uuid4()

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data.get("received_on"), "De ontvangstdatum kan niet in de toekomst liggen.")

    def clean_subject_date_of_birth(self):
        return _not_in_future(
            self.cleaned_data.get("subject_date_of_birth"), "De geboortedatum kan niet in de toekomst liggen."
        )

    def clean_subject_name(self):
        value = " ".join(self.cleaned_data.get("subject_name", "").split())
        if not value:
            raise forms.ValidationError("Vul de naam van de betrokkene in.")
        return value

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data.get("bsn", ""))

    def request_data(self) -> sa.SubjectRequestData:
        data = self.cleaned_data
        return sa.SubjectRequestData(
            kind=data["kind"],
            received_on=data["received_on"],
            subject_name=data["subject_name"],
            subject_date_of_birth=data["subject_date_of_birth"],
            description=data["description"],
            submission_key=data["submission_key"],
        )


def last_name_guess(subject_name: str) -> str:
    """‘Jan de Vries’ → ‘de Vries’: everything after the first word (the officer can correct it)."""
    parts = subject_name.split()
    return " ".join(parts[1:]) if len(parts) > 1 else subject_name


def _person_label(person) -> str:
    born = f"geboren {date_text(person.date_of_birth)}" if person.date_of_birth else "geboortedatum onbekend"
    place = f", {person.city}" if person.city else ""
    return (
        f"{person.full_name} – casus {person.case.reference} ({person.case.programme.code}), "
        f"{person.get_role_in_case_display().lower()}, {born}{place}"
    )


def _escalation_person_label(person) -> str:
    born = f"geboren {date_text(person.date_of_birth)}" if person.date_of_birth else "geboortedatum onbekend"
    place = f", {person.city}" if person.city else ""
    return (
        f"{person.full_name} – aanmelding {person.escalation.reference}, "
        f"{person.get_role_in_case_display().lower()}, {born}{place}"
    )


class SearchForm(ZvhForm):
    """Search criteria and, below them, the found records to tick. Choices are limited to the
    records already confirmed plus those found by this very search, so nothing else can be added."""

    bsn = SubjectRequestForm.base_fields["bsn"]
    last_name = forms.CharField(
        label="Achternaam",
        required=False,
        max_length=150,
        help_text="Met tussenvoegsel mag: ‘de Vries’ vindt ook ‘Vries’ met tussenvoegsel ‘de’.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )
    persons = forms.MultipleChoiceField(
        label="Betrokkenen in casussen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vink alleen aan wat zeker bij de betrokkene hoort.",
    )
    escalation_persons = forms.MultipleChoiceField(
        label="Personen in aanmeldingen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vink alleen aan wat zeker bij de betrokkene hoort.",
    )

    def __init__(self, *args, candidates: sa.Candidates, searching: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.searching = searching
        self.fields["persons"].choices = [(str(p.pk), _person_label(p)) for p in candidates.persons]
        self.fields["escalation_persons"].choices = [
            (str(p.pk), _escalation_person_label(p)) for p in candidates.escalation_persons
        ]

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data.get("bsn", ""))

    def clean(self):
        data = super().clean()
        if not self.searching or self.errors:
            return data
        last_name, born = data.get("last_name", "").strip(), data.get("date_of_birth")
        if not data.get("bsn") and not (last_name and born):
            if last_name and not born:
                self.add_error("date_of_birth", "Vul ook de geboortedatum in om op naam te zoeken.")
            elif born and not last_name:
                self.add_error("last_name", "Vul ook de achternaam in om op naam te zoeken.")
            else:
                self.add_error("bsn", "Vul een BSN in, of een achternaam met geboortedatum.")
        return data


class DecisionForm(ZvhForm):
    status = forms.ChoiceField(
        label="Besluit",
        choices=sa.DECISION_STATUSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het besluit.", "invalid_choice": "Kies het besluit."},
    )
    outcome = forms.CharField(
        label="Uitkomst en motivering",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat is besloten en waarom; bij (deels) toekennen: wat de procesregisseur aanpast of verwijdert.",
        error_messages={"required": "Beschrijf de uitkomst en de motivering."},
    )


class ProcessingActivityForm(ZvhModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProcessingActivity
        fields = list(sa.ACTIVITY_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in sa.ACTIVITY_FIELDS if name != "name"}
        help_texts = {
            "legal_basis": "Artikel 6 (en zo nodig 9/10) AVG en de wet waarop de verwerking steunt.",
            "retention": "De termijn of de regel waarmee die wordt bepaald.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def validate_unique(self):
        """Uniqueness of the name is checked by the service, with a Dutch message beside the field."""
