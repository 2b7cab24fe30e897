"""Forms of the handover, deputy and team screens. Where a procesregisseur is chosen, each choice
shows that regisseur's workload (`selectors.caseload_label`), so work can be spread fairly."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from partners.models import User
from zvh.forms import ZvhForm

from .selectors import caseload_label, team_caseload


class RegisseurChoiceField(forms.ModelChoiceField):
    """A procesregisseur with their caseload in the label (set `caseload` to team_caseload rows)."""

    caseload: dict[int, dict] = {}

    def label_from_instance(self, obj):
        row = self.caseload.get(obj.pk)
        return caseload_label(row) if row else obj.get_full_name() or obj.username


def regisseur_field(**kwargs) -> RegisseurChoiceField:
    return RegisseurChoiceField(queryset=User.objects.none(), empty_label="Kies een procesregisseur", **kwargs)


def offer_regisseurs(field: RegisseurChoiceField, *, exclude: User | None = None) -> None:
    """Fill a regisseur choice with the active regisseurs and their caseload (five queries)."""
    rows = team_caseload(timezone.localdate())
    field.caseload = {row["regisseur"].pk: row for row in rows}
    queryset = User.objects.filter(role="procesregisseur", is_active=True).order_by("last_name", "first_name")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    field.queryset = queryset


class HandoverForm(ZvhForm):
    cases = forms.MultipleChoiceField(
        label="Casussen",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Kies minstens één casus om over te dragen.",
            "invalid_choice": "Een van de gekozen casussen kunt u niet (meer) overdragen; de lijst is bijgewerkt.",
        },
    )
    to_user = regisseur_field(
        label="Overdragen aan",
        help_text="Achter elke naam: lopende casussen, overleggen deze week en acties over tijd.",
        error_messages={"required": "Kies aan wie u de casussen overdraagt."},
    )
    reason = forms.CharField(
        label="Reden van de overdracht",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: vertrek, andere werkverdeling, expertise. Komt op de tijdlijn van elke casus.",
        error_messages={"required": "Geef de reden van de overdracht."},
    )

    def __init__(self, *args, candidates: list, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(case.pk): case for case in candidates}
        self.fields["cases"].choices = [
            (str(case.pk), f"{case.reference} – {case.programme} – {case.get_phase_display()}") for case in candidates
        ]
        offer_regisseurs(self.fields["to_user"], exclude=actor)

    def chosen_cases(self) -> list:
        return [self.candidates[pk] for pk in self.cleaned_data["cases"]]


class DeputyForm(ZvhForm):
    regisseur = regisseur_field(
        label="Wie is afwezig",
        error_messages={"required": "Kies de procesregisseur die afwezig is."},
    )
    deputy = regisseur_field(
        label="Vervanger",
        help_text="Voert in de periode de regie over de lopende casussen. Achter elke naam de huidige werklast.",
        error_messages={"required": "Kies de vervanger."},
    )
    starts_on = forms.DateField(
        label="Van",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de begindatum in.", "invalid": "Vul een geldige datum in (dag-maand-jaar)."},
    )
    ends_on = forms.DateField(
        label="Tot en met",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de einddatum in.", "invalid": "Vul een geldige datum in (dag-maand-jaar)."},
    )
    reason = forms.CharField(
        label="Reden (optioneel)",
        max_length=200,
        required=False,
        help_text="Bijvoorbeeld ‘verlof’. Geen medische gegevens.",
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        offer_regisseurs(self.fields["deputy"])
        self.fields["regisseur"].queryset = self.fields["deputy"].queryset
        self.fields["regisseur"].caseload = self.fields["deputy"].caseload
        if not actor.is_manager:  # a regisseur arranges only their own absence
            self.fields["regisseur"].queryset = User.objects.filter(pk=actor.pk)
            self.fields["regisseur"].initial = actor.pk
            self.fields["regisseur"].empty_label = None
        if not self.is_bound:
            self.fields["starts_on"].initial = timezone.localdate()
