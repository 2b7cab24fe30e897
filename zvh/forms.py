"""Form pieces shared by the screens of every app: the base forms `ZvhForm` / `ZvhModelForm` that
give every required field a message naming it ("Vul de voornaam in.", "Kies het programma.") instead
of Django's "Dit veld is verplicht." (tests/test_form_messages.py holds every form to this), fields
that render at full width (templates/includes/form_page.html reads `zvh_width`), the hidden `version`
of an edit form (optimistic locking, see zvh.errors.lock_versioned) and confirmation pages."""

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Vul een geldige datum in, bijvoorbeeld 01-03-2025."}


def ascii_digits(value) -> bool:
    """Only 0-9 (and at least one). `str.isdigit()` also accepts "²" or "١", which `int()` then
    refuses with a ValueError: a 500 from a typed BSN or a tampered ?versie=."""
    value = str(value)
    return value.isascii() and value.isdigit()


def required(message: str) -> dict:
    return {"required": message}


# How a label reads inside a sentence, with its article: "Vul <this> in." / "Kies <this>.". A label
# not listed is used as it is, with a lower-case first letter ("Uw naam" -> "Vul uw naam in.").
SENTENCE_NAMES = {
    "Aanleiding": "de aanleiding",
    "Aanleiding en hulpvraag": "de aanleiding en de hulpvraag",
    "Achternaam": "de achternaam",
    "Actie": "de actie",
    "Code": "de code uit uw authenticator-app",
    "Deadline": "de deadline",
    "Doel": "het doel",
    "Doel van de opschaling": "het doel van de opschaling",
    "Eigenaar (partner aan tafel)": "de eigenaar (een partner aan tafel)",
    "Grondslag": "de grondslag",
    "Huidig AVE-niveau": "het huidige AVE-niveau",
    "Jaar": "een jaar",
    "Kenmerk van de andere casus": "het kenmerk van de andere casus",
    "Leefgebied": "het leefgebied",
    "Naam betrokkene": "de naam van de betrokkene",
    "Nieuw AVE-niveau": "het nieuwe AVE-niveau",
    "Nieuw programma": "het nieuwe programma",
    "Nieuwe fase": "de nieuwe fase",
    "Notitie": "de notitie",
    "Organisatie": "de organisatie",
    "Programma": "het programma",
    "Reden": "de reden",
    "Reden om te heropenen": "de reden om te heropenen",
    "Relatie": "de relatie tussen de casussen",
    "Rol in de casus": "de rol in de casus",
    "Status": "de status",
    "Status van de prioriteit": "de status van de prioriteit",
    "Toelichting op de knelpunten": "de toelichting op de knelpunten",
    "Uitkomst van de triage": "de uitkomst van de triage",
    "Urgentie": "de urgentie",
    "Verwerking": "de naam van de verwerking",
    "Voornaam": "de voornaam",
    "Waarom een vervolgcasus": "waarom een vervolgcasus nodig is",
    "AVE-niveau": "het AVE-niveau",
}
CHOOSING_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def sentence_name(label: str) -> str:
    label = label.strip().rstrip(":")
    if label in SENTENCE_NAMES:
        return SENTENCE_NAMES[label]
    # "AVE-niveau", "BSN": an abbreviation keeps its capitals.
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def required_message(field: forms.Field) -> str:
    """The message for an empty required field, derived from its label and kind of input."""
    label = str(field.label or "").strip()
    widget = field.widget
    if isinstance(widget, forms.HiddenInput) or not label:
        return "Het formulier is niet volledig verstuurd. Laad de pagina opnieuw en probeer het nog eens."
    if isinstance(widget, forms.CheckboxInput):
        return f"Vink aan: {label[:1].lower() + label[1:]}"
    if label.endswith("?"):
        return f"Beantwoord de vraag ‘{label}’"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return f"Kies een bestand: {sentence_name(label)}."
    if isinstance(widget, CHOOSING_WIDGETS):
        return f"Kies {sentence_name(label)}."
    return f"Vul {sentence_name(label)} in."


def django_required_message() -> str:
    return gettext(forms.Field.default_error_messages["required"])


# Dates a person can mean in this system (births, meetings, deadlines, log searches). Outside them a
# date is a typo or a probe: 0001-01-01 00:00 in Amsterdam is a year before 1 in UTC (a 500 when
# saved or searched), 9999-12-31 a meeting nobody holds.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
DATE_BOUNDS_MESSAGE = "Vul een datum in tussen 01-01-1900 en 31-12-2100."


def within_date_bounds(value) -> None:
    """Validator of every date and date-time field of a ZvhForm (FieldMessagesMixin adds it)."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(DATE_BOUNDS_MESSAGE, code="date_bounds")


def bound_dates(form: forms.BaseForm, name: str, field: forms.Field) -> None:
    """Bound a date field of `form`, unless the form checks it itself (`clean_<name>`, e.g. "niet
    in de toekomst" for a date of birth): its own message is the more specific one."""
    if (
        isinstance(field, forms.DateField | forms.DateTimeField)
        and not hasattr(form, f"clean_{name}")
        and within_date_bounds not in field.validators
    ):
        field.validators = [*field.validators, within_date_bounds]  # the form's own copy of the list


class FieldMessagesMixin:
    """Before validating, every required field still carrying Django's "Dit veld is verplicht."
    gets a message that names it. Done at validation (not in __init__) so that fields a form adds in
    its own __init__ are covered too; a message a form sets itself is kept. Every date field is
    bounded to EARLIEST_DATE..LATEST_DATE, with a message beside it."""

    def full_clean(self):
        default = django_required_message()
        for name, field in self.fields.items():
            if str(field.error_messages.get("required", "")) == default:
                field.error_messages["required"] = required_message(field)
            bound_dates(self, name, field)
        super().full_clean()


class ZvhForm(FieldMessagesMixin, forms.Form):
    pass


class ZvhModelForm(FieldMessagesMixin, forms.ModelForm):
    pass


class WideFieldsMixin:
    """`wide_fields` render at full width (templates/includes/form_page.html reads `zvh_width`)."""

    wide_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.wide_fields:
            self.fields[name].zvh_width = "full"


class VersionedForm(WideFieldsMixin, ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# The hidden field of a confirmation page. A POST without it (the button on the case page, an old
# bookmark, a crawler) only shows the confirmation; nothing that cannot be undone happens yet.
CONFIRM_FIELD = "bevestigd"


def confirmed(request) -> bool:
    """True for the POST of a confirmation page (its hidden `bevestigd=ja`)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "ja"


class SubmissionKeyField(forms.UUIDField):
    """The hidden one-time key of a form that creates a record (`partners.submission_keys.once`),
    a new one each time the form is rendered unbound. Optional, so a client without it (an old tab,
    a script) still works, without the exactly-once guarantee."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)


class ZvhBaseFormSet(forms.BaseFormSet):
    """A formset whose tampered or missing counts (`personen-TOTAL_FORMS=abc`) are reported in
    Dutch above the rows, instead of Django's English "ManagementForm data is missing"."""

    default_error_messages = {
        "missing_management_form": (
            "Het formulier is niet volledig verstuurd. Laad de pagina opnieuw en probeer het nog eens."
        ),
    }
