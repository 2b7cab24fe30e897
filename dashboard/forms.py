"""The dashboard filters (a GET form): year, quarter, programme, woongemeente."""

from django import forms
from django.utils import timezone

from programmes.models import Programme
from zvh.forms import ZvhForm

from . import selectors
from .filters import UNKNOWN_MUNICIPALITY, Filters

FIRST_YEAR = 2015  # the oldest year offered; data of older years stays in the database


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]


class DashboardFilterForm(ZvhForm):
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int, choices=year_choices)
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "Heel het jaar"), (1, "1e kwartaal"), (2, "2e kwartaal"), (3, "3e kwartaal"), (4, "4e kwartaal")],
    )
    programma = forms.ModelChoiceField(
        label="Programma",
        required=False,
        queryset=Programme.objects.all(),
        to_field_name="code",
        empty_label="Alle programma's",
    )
    gemeente = forms.ChoiceField(label="Woongemeente", required=False)

    def __init__(self, data=None, *, with_programme: bool = True, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("jaar"):
            data["jaar"] = str(timezone.localdate().year)
        super().__init__(data, **kwargs)
        self.municipalities = {str(o.pk): o for o in selectors.municipalities()}
        self.fields["gemeente"].choices = [
            ("", "Alle gemeenten"),
            *((pk, str(o)) for pk, o in self.municipalities.items()),
            (UNKNOWN_MUNICIPALITY, "Onbekend"),
        ]
        if not with_programme:
            del self.fields["programma"]
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = "Kies een waarde uit de lijst."

    def filters(self) -> Filters:
        """The valid filters; call after is_valid()."""
        data = self.cleaned_data
        municipality = data.get("gemeente") or ""
        return Filters(
            year=data["jaar"],
            quarter=data.get("kwartaal"),
            programme=data.get("programma"),
            municipality=self.municipalities.get(municipality),
            municipality_unknown=municipality == UNKNOWN_MUNICIPALITY,
        )
