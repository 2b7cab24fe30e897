"""Forms of the documents on a case (cases/views/documents.py)."""

import uuid

from django import forms

from documents.storage import max_bytes
from documents.validation import ALLOWED_TEXT
from partners.models import Organisation
from zvh.forms import ZvhBaseFormSet, ZvhForm

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


class DocumentForm(ZvhForm):
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


class VersionForm(ZvhForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.fields["file"].label = "Nieuwe versie"
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()


ATTACHMENT_ROWS = 5
ATTACHMENTS_PREFIX = "bijlagen"
CHOOSE_AGAIN = "Kies het bestand opnieuw; wat u verder invulde is bewaard."


class EscalationAttachmentForm(ZvhForm):
    """One optional attachment row on the escalation form: a row without a file is ignored."""

    title = forms.CharField(label="Titel", max_length=200, required=False)
    category = forms.ModelChoiceField(
        label="Categorie",
        queryset=DocumentCategory.objects.filter(is_active=True),
        empty_label="Kies een categorie",
        required=False,
    )
    file = None

    field_order = ["file", "title", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.fields["file"].required = False
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        if data.get("file"):
            if not (data.get("title") or "").strip():
                self.add_error("title", "Geef de bijlage een titel.")
            if data.get("category") is None:
                self.add_error("category", "Kies een categorie uit de lijst.")
        return data


class BaseAttachmentFormSet(ZvhBaseFormSet):
    def attachments(self):
        """The rows with a file, as the service's `Attachment`s (a valid formset)."""
        from cases.services import Attachment

        return [
            Attachment(
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
                upload=form.cleaned_data["file"],
            )
            for form in self.forms
            if form.cleaned_data.get("file")
        ]

    def rows_with_file(self) -> list[int]:
        return [i for i, form in enumerate(self.forms) if form.files.get(form.add_prefix("file"))]

    def ask_again(self, refused: int | None = None, message: str = "") -> None:
        """The page comes back: a browser never re-fills a file input, so every row that had a file
        says to choose it again; the refused row says why."""
        for index in self.rows_with_file():
            form = self.forms[index]
            if index == refused:
                form.add_error("file", message)
            form.add_error("file", CHOOSE_AGAIN)


EscalationAttachmentFormSet = forms.formset_factory(
    EscalationAttachmentForm,
    formset=BaseAttachmentFormSet,
    extra=ATTACHMENT_ROWS,
    max_num=ATTACHMENT_ROWS,
    validate_max=True,
)
