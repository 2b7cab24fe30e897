"""Forms of the partner registry. Messages are Dutch and belong to a field; rules that need the
database live in registry.services, whose `ServiceError(field=...)` the views put beside the field."""

from django import forms

from partners.models import (
    Organisation,
    OrganisationKind,
)
from zvh.forms import DATE_ERRORS, DATE_WIDGET, VersionedForm, ZvhForm, required


class OrganisationForm(VersionedForm):
    wide_fields = ("name",)
    name = forms.CharField(label="Naam", max_length=200, error_messages=required("Vul de naam van de organisatie in."))
    kind = forms.ChoiceField(
        label="Soort", choices=[("", "---------"), *OrganisationKind.choices], error_messages=required("Kies de soort.")
    )
    convenant_date = forms.DateField(
        label="Datum convenant",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="De datum waarop de organisatie het samenwerkingsconvenant heeft ondertekend.",
    )
    is_wgs_participant = forms.BooleanField(
        label="Deelnemer in de zin van de WGS",
        required=False,
        help_text="Alleen deelnemers aan de Wet gegevensverwerking door samenwerkingsverbanden kunnen aan tafel "
        "bij een casus.",
    )
    is_active = forms.BooleanField(label="Actief", required=False, help_text="Niet actief: niet meer te kiezen.")

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": organisation.version,
                "name": organisation.name,
                "kind": organisation.kind,
                "convenant_date": organisation.convenant_date,
                "is_wgs_participant": organisation.is_wgs_participant,
                "is_active": organisation.is_active,
            }
        elif organisation is None:
            kwargs.setdefault("initial", {"is_active": True})
        super().__init__(*args, **kwargs)


class RegistryFilterForm(ZvhForm):
    YES_NO = [("", "Alle"), ("ja", "Ja"), ("nee", "Nee")]
    kind = forms.ChoiceField(label="Soort", required=False, choices=[("", "Alle"), *OrganisationKind.choices])
    wgs = forms.ChoiceField(label="WGS-deelnemer", required=False, choices=YES_NO)
    active = forms.ChoiceField(label="Actief", required=False, choices=YES_NO)


class ContactForm(VersionedForm):
    wide_fields = ("note",)
    name = forms.CharField(label="Naam", max_length=200, error_messages=required("Vul de naam in."))
    job_title = forms.CharField(
        label="Functie of rol",
        max_length=200,
        required=False,
        help_text="Bijvoorbeeld lid stuurgroep, contactpersoon WGS of privacycontact.",
    )
    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."},
    )
    phone = forms.CharField(label="Telefoon", max_length=30, required=False)
    note = forms.CharField(label="Toelichting", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})
