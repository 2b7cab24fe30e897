"""The case list's "save this search" field (the criteria themselves are cleaned by
cases.case_list_selectors.clean_criteria: an odd value there means no filter, never an error)."""

from django import forms

from zvh.forms import ZvhForm


class SaveFilterForm(ZvhForm):
    naam = forms.CharField(
        label="Naam van de zoekopdracht",
        max_length=60,
        help_text="Bewaart de filters en de sortering onder deze naam, niet de zoekterm.",
        error_messages={
            "required": "Geef de zoekopdracht een naam, bijvoorbeeld ‘Mijn AVE 4 in uitvoering’.",
            "max_length": "Een naam is hoogstens 60 tekens lang.",
        },
    )
