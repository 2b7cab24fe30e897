"""Every required field says what is missing ("Vul de voornaam in.", "Kies het programma."), never
Django's "Dit veld is verplicht." eleven times over: every form of the project builds on
zvh.forms.ZvhForm / ZvhModelForm, whose messages are derived from the field's label and input."""

import importlib
import pkgutil
import uuid

import pytest
from django import forms
from django.urls import reverse

from tests.auth import login
from zvh.forms import FieldMessagesMixin, django_required_message, required_message

APPS = ["agenda", "cases", "dashboard", "notifications", "partners", "privacy", "programmes", "registry", "documents"]


def project_form_classes() -> list[type]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_form_of_the_project_names_its_required_fields():
    classes = project_form_classes()
    assert len(classes) > 50
    plain = [f"{cls.__module__}.{cls.__qualname__}" for cls in classes if not issubclass(cls, FieldMessagesMixin)]
    assert plain == [], "formulieren zonder ZvhForm/ZvhModelForm (dan 'Dit veld is verplicht.')"
    default = django_required_message()
    messages = {}
    for cls in classes:
        for name, field in cls.base_fields.items():
            if field.required:
                message = str(field.error_messages["required"])
                message = required_message(field) if message == default else message
                assert message != default and "verplicht" not in message, f"{cls.__name__}.{name}"
                messages[f"{cls.__name__}.{name}"] = message
    assert messages["PersonForm.first_name"] == "Vul de voornaam in."
    assert messages["CaseRegisterForm.programme"] == "Kies het programma."
    assert messages["EscalationForm.contact_name"] == "Vul uw naam in."
    assert messages["EscalationForm.person_informed"].startswith("Beantwoord de vraag ‘Is de betrokkene")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (forms.CharField(label="Voornaam"), "Vul de voornaam in."),
        (forms.CharField(label="Kamer en verdieping"), "Vul kamer en verdieping in."),
        (forms.ChoiceField(label="AVE-niveau", choices=[]), "Kies het AVE-niveau."),
        (forms.ChoiceField(label="Relatie", widget=forms.RadioSelect), "Kies de relatie tussen de casussen."),
        (forms.DateField(label="Deadline"), "Vul de deadline in."),
        (forms.BooleanField(label="Ik heb de gegevens gecontroleerd"), "Vink aan: ik heb de gegevens gecontroleerd"),
        (forms.FileField(label="Bestand"), "Kies een bestand: bestand."),
        (forms.IntegerField(widget=forms.HiddenInput), "Het formulier is niet volledig verstuurd. "
         "Laad de pagina opnieuw en probeer het nog eens."),
    ],
)  # fmt: skip
def test_the_message_follows_the_label_and_the_kind_of_input(field, message):
    assert required_message(field) == message


def test_an_empty_escalation_says_per_field_what_is_missing(client, agent):
    login(client, agent)
    response = client.post(
        reverse("escalations:create"),
        {
            "submission_key": str(uuid.uuid4()),
            "personen-TOTAL_FORMS": "1",
            "personen-INITIAL_FORMS": "0",
            "personen-MIN_NUM_FORMS": "1",
            "personen-MAX_NUM_FORMS": "10",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht" not in html
    for message in ("Vul de aanleiding in.", "Kies het huidige AVE-niveau.", "Vul uw naam in.", "Kies de urgentie."):
        assert message in html, message
