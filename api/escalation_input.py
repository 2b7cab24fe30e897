"""An escalation posted as JSON, checked by the web form's own classes (cases/forms.py:
EscalationForm and EscalationPersonFormSet), so the API refuses exactly what the form refuses, with
the same Dutch message, reported per field path (`persons[1].bsn`)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

from cases.forms import EscalationForm, EscalationPersonFormSet, persons_from_formset
from cases.services.escalation import EscalationData

PERSONS_PREFIX = "personen"
MAX_PERSONS = 10
TEXT_FIELDS = (
    "reason",
    "bottleneck_text",
    "goal",
    "involved_other",
    "not_informed_reason",
    "not_informed_explanation",
    "contact_name",
    "contact_phone",
    "contact_email",
    "urgency",
)
LIST_FIELDS = ("bottleneck_categories", "involved_organisations")
CHOICE_FIELDS = ("ave_level", "municipality", "suggested_programme")
PERSON_FIELDS = (
    "first_name",
    "name_prefix",
    "last_name",
    "date_of_birth",
    "role_in_case",
    "street_address",
    "postal_code",
    "city",
    "bsn",
)


def _scalar(value) -> str:
    """A JSON scalar as the browser would have sent it; None as an empty field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _type_errors(payload: dict) -> dict:
    errors: dict = {}
    for name in TEXT_FIELDS:
        if name in payload and payload[name] is not None and not isinstance(payload[name], str):
            errors[name] = ["Vul hier tekst in."]
    for name in LIST_FIELDS:
        value = payload.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, int | str) and not isinstance(v, bool) for v in value)
        ):
            errors[name] = ["Geef een lijst van id's."]
    for name in CHOICE_FIELDS:
        value = payload.get(name)
        if value is not None and (isinstance(value, dict | list | bool | float)):
            errors[name] = ["Kies een waarde uit de lijst."]
    informed = payload.get("person_informed")
    if informed is not None and not isinstance(informed, bool):
        errors["person_informed"] = ["Geef true of false."]
    persons = payload.get("persons")
    if not isinstance(persons, list):
        errors["persons"] = ["Vul ten minste één persoon in."]
    elif len(persons) > MAX_PERSONS:
        errors["persons"] = [f"Meld maximaal {MAX_PERSONS} personen tegelijk aan."]
    else:
        for index, person in enumerate(persons):
            if not isinstance(person, dict):
                errors[f"persons[{index}]"] = ["Geef elke persoon als object."]
                continue
            wrong = [n for n in PERSON_FIELDS if n in person and not isinstance(person[n], str | type(None))]
            for name in wrong:
                errors[f"persons[{index}].{name}"] = ["Vul hier tekst in."]
    return errors


def form_data(payload: dict) -> dict:
    """The POST the browser's form would have sent for this JSON."""
    data: dict = {"submission_key": "00000000-0000-0000-0000-000000000000"}  # the key comes from the header
    for name in (*TEXT_FIELDS, *CHOICE_FIELDS, "person_informed"):
        data[name] = _scalar(payload.get(name))
    for name in LIST_FIELDS:
        data[name] = [str(v) for v in payload.get(name) or []]
    persons = payload.get("persons") or []
    data[f"{PERSONS_PREFIX}-TOTAL_FORMS"] = str(len(persons))
    data[f"{PERSONS_PREFIX}-INITIAL_FORMS"] = "0"
    for index, person in enumerate(persons):
        for name in PERSON_FIELDS:
            data[f"{PERSONS_PREFIX}-{index}-{name}"] = _scalar(person.get(name))
    return data


class _Data(dict):
    """A dict that answers `getlist` like the QueryDict of a browser's POST."""

    def getlist(self, key, default=None):
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]


def validated(payload, user) -> tuple[EscalationData, list]:
    """The escalation and its persons, or ValidationError with every field's message."""
    if not isinstance(payload, dict):
        raise ValidationError({"": ["Stuur de aanmelding als JSON-object."]})
    errors = _type_errors(payload)
    if errors:
        raise ValidationError(errors)
    data = _Data(form_data(payload))
    form = EscalationForm(data, user=user)
    formset = EscalationPersonFormSet(data, prefix=PERSONS_PREFIX)
    form_valid = form.is_valid()
    formset_valid = formset.is_valid()
    if form_valid and formset_valid:
        return form.escalation_data(), persons_from_formset(formset)
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items() if name != "submission_key"}
    for index, person_errors in enumerate(formset.errors if not formset_valid else []):
        for name, messages in person_errors.items():
            errors[f"persons[{index}].{name}"] = [str(m) for m in messages]
    if not formset_valid and formset.non_form_errors():
        errors["persons"] = [str(m) for m in formset.non_form_errors()]
    raise ValidationError(errors)
