"""Forms of the collaboration agenda. Messages are Dutch and belong to a field; rules that need the
database live in agenda.services, whose `ServiceError(field=...)` the views put beside the field."""

import uuid

from django import forms

from partners.models import (
    AgendaActionStatus,
    AgendaStatus,
    Organisation,
    PriorityStatus,
)
from zvh.forms import DATE_ERRORS, DATE_WIDGET, VersionedForm, WideFieldsMixin, ZvhForm, required


class AgendaCreateForm(WideFieldsMixin, ZvhForm):
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


class ProgressForm(ZvhForm):
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
