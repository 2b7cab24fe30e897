"""Forms of the partner registry and the collaboration agenda. Messages are Dutch and belong to a
field; rules that need the database live in the services, whose `PartnerServiceError(field=...)`
the views put beside the matching field."""

import uuid

from django import forms

from .models import (
    AgendaActionStatus,
    AgendaStatus,
    Organisation,
    OrganisationKind,
    PriorityStatus,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Vul een geldige datum in, bijvoorbeeld 01-03-2025."}


def required(message: str) -> dict:
    return {"required": message}


class WideFieldsMixin:
    """`wide_fields` render at full width (templates/partners/_form_page.html reads `zvh_width`)."""

    wide_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.wide_fields:
            self.fields[name].zvh_width = "full"


class VersionedForm(WideFieldsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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


class RegistryFilterForm(forms.Form):
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


class AgendaCreateForm(WideFieldsMixin, forms.Form):
    wide_fields = ("title",)
    year = forms.IntegerField(
        label="Jaar",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Vul het jaar in.",
            "invalid": "Vul een jaartal in, bijvoorbeeld 2026.",
            "min_value": "Vul een jaartal vanaf 2000 in.",
            "max_value": "Vul een jaartal tot en met 2100 in.",
        },
    )
    title = forms.CharField(
        label="Titel", max_length=200, required=False, help_text="Leeg: ‘Samenwerkingsagenda’ met het jaar."
    )
    introduction = forms.CharField(
        label="Inleiding", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class AgendaEditForm(VersionedForm):
    wide_fields = ("title",)
    title = forms.CharField(label="Titel", max_length=200, error_messages=required("Vul een titel in."))
    introduction = forms.CharField(
        label="Inleiding", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    status = forms.ChoiceField(label="Status", choices=AgendaStatus.choices, widget=forms.RadioSelect)
    adopted_on = forms.DateField(
        label="Vastgesteld door de stuurgroep op",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Nodig als de status ‘vastgesteld’ is.",
    )


class PriorityForm(VersionedForm):
    wide_fields = ("focus_area", "title", "kartrekker_note")
    focus_area = forms.CharField(
        label="Aandachtsgebied",
        max_length=200,
        error_messages=required("Vul het aandachtsgebied in."),
        help_text="Bijvoorbeeld ‘Doorontwikkeling van de samenwerking’ of ‘Thema’s zorg en veiligheid’.",
    )
    title = forms.CharField(label="Titel", max_length=200, error_messages=required("Vul een titel in."))
    description = forms.CharField(
        label="Omschrijving", max_length=6000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    position = forms.IntegerField(
        label="Plaats in de volgorde",
        min_value=1,
        max_value=999,
        required=False,
        help_text="1 is de hoogste prioriteit. Leeg: achteraan.",
        error_messages={"invalid": "Vul een geheel getal in.", "min_value": "De hoogste plaats is 1."},
    )
    kartrekkers = forms.ModelMultipleChoiceField(
        label="Kartrekkers",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="De organisaties die deze prioriteit trekken.",
    )
    kartrekker_note = forms.CharField(
        label="Toelichting kartrekkers",
        max_length=500,
        required=False,
        help_text="Bijvoorbeeld ‘alle partners gezamenlijk’ of ‘kartrekker wordt later gekozen’.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kartrekkers"].queryset = Organisation.objects.filter(is_active=True).order_by("name")


class ActionForm(VersionedForm):
    wide_fields = ("description",)
    description = forms.CharField(label="Actie", max_length=500, error_messages=required("Beschrijf de actie."))
    lead = forms.ModelChoiceField(
        label="Trekker",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="De organisatie die deze actie trekt.",
    )
    due_on = forms.DateField(label="Gereed op", required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    status = forms.ChoiceField(label="Status", choices=AgendaActionStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Organisation.objects.filter(is_active=True).order_by("name")


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Status van de prioriteit",
        choices=PriorityStatus.choices,
        help_text="Hoe staat deze prioriteit ervoor na deze voortgang?",
    )
    text = forms.CharField(
        label="Voortgang",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=required("Beschrijf de voortgang."),
        help_text="Wat is er bereikt, wat is de volgende stap? Geen namen of gegevens van inwoners. "
        "Maximaal 2000 tekens.",
    )

    def __init__(self, *args, priority=None, **kwargs):
        super().__init__(*args, **kwargs)
        if priority is not None and not self.is_bound:
            self.fields["version"].initial = priority.version
            self.fields["status"].initial = priority.status
            self.fields["submission_key"].initial = uuid.uuid4()
