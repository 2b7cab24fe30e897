"""Forms of the documents on a case (cases/views/documents.py)."""

import uuid

from django import forms

from documents.storage import max_bytes
from documents.validation import ALLOWED_TEXT
from partners.models import Organisation

from .models import DocumentCategory

FILE_ERRORS = {
    "required": "Kies een bestand.",
    "empty": "Het bestand is leeg (0 bytes). Kies een bestand met inhoud.",
    "invalid": "Er kwam geen bestand aan. Controleer of het formulier als bestand is verstuurd en kies het opnieuw.",
    "missing": "Er kwam geen bestand aan. Kies het bestand opnieuw.",
}


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="Bestand",
        error_messages=FILE_ERRORS,
        help_text=f"Toegestaan: {ALLOWED_TEXT}; ten hoogste {max_bytes() // (1024 * 1024)} MB. "
        "Elk bestand wordt op virussen gescand.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,"
                                                         ".png,.jpg,.jpeg,.gif,.tif,.tiff,.webp,.txt,.eml,.msg"}),
    )  # fmt: skip


class DocumentForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200, error_messages={"required": "Geef het document een titel."})
    category = forms.ModelChoiceField(
        label="Categorie",
        queryset=DocumentCategory.objects.filter(is_active=True),
        empty_label="Kies een categorie",
        error_messages={"required": "Kies een categorie uit de lijst."},
    )
    file = None  # set in __init__ (the limit is a setting)
    restricted = forms.BooleanField(
        label="Afschermen (bijvoorbeeld medische informatie)",
        required=False,
        help_text="Alleen de procesregisseur en de gekozen organisaties zien de titel en kunnen het document "
        "openen; de andere partners aan tafel zien alleen dat er een afgeschermd document is.",
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label="Zichtbaar voor",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Uw eigen organisatie hoort er altijd bij.",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["title", "category", "file", "restricted", "restricted_to"]

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.order_fields(self.field_order)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
        if case is not None:
            self.fields["restricted_to"].queryset = Organisation.objects.filter(
                seats__case=case, seats__left_on__isnull=True
            ).order_by("name")


class VersionForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.fields["file"].label = "Nieuwe versie"
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
