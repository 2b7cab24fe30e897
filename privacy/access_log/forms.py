"""Filters of the access-log viewer. Nothing here ever holds a BSN or a name in a URL: a person is
narrowed to by id, found through the separate POST lookup (`PersonLookupForm`)."""

from __future__ import annotations

from datetime import date

from django import forms

from cases.validators import validate_bsn
from privacy import selectors
from privacy.models import AccessAction
from zvh.formats import date_text
from zvh.forms import ZvhForm


class PersonIdsField(forms.Field):
    """The ids of the persons a log search is narrowed to (hidden; set by the person lookup)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError("Ongeldige betrokkene in het filter.", code="invalid") from None
        return ids[: selectors.MAX_PERSON_IDS]


class AccessLogFilterForm(ZvhForm):
    """Filters of the access log (GET). Nothing here ever holds a BSN or a name: a person is
    narrowed to by id, found through the separate POST lookup below."""

    casus = forms.CharField(label="Casus of kenmerk", max_length=20, required=False)
    gebruiker = forms.CharField(label="Gebruiker (gebruikersnaam)", max_length=150, required=False)
    organisatie = forms.CharField(label="Organisatie", max_length=200, required=False)
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    handeling = forms.ChoiceField(
        label="Handeling", required=False, choices=[("", "Alle handelingen"), *AccessAction.choices]
    )
    resultaat = forms.ChoiceField(
        label="Resultaat",
        required=False,
        choices=[("", "Alle"), (selectors.RESULT_ALLOWED, "Toegestaan"), (selectors.RESULT_REFUSED, "Geweigerd")],
    )
    doorbraak = forms.BooleanField(label="Alleen doorbraaktoegang", required=False)
    persoon = PersonIdsField(required=False)
    aanmeldingspersoon = PersonIdsField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("casus", "gebruiker", "organisatie"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        for name in ("van", "tot"):
            self.fields[name].error_messages["invalid"] = "Vul een geldige datum in."

    # The log starts with the system; a date far outside it is a typo or a probe (9999-12-31 + 1 day
    # overflowed to a 500, issue 20).
    EARLIEST, LATEST = date(2000, 1, 1), date(2199, 12, 31)

    def _bounded(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (self.EARLIEST <= value <= self.LATEST):
            raise forms.ValidationError(
                f"Kies een datum tussen {date_text(self.EARLIEST)} en {date_text(self.LATEST)}.", code="out_of_range"
            )
        return value

    def clean_van(self):
        return self._bounded("van")

    def clean_tot(self):
        return self._bounded("tot")

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("van"), data.get("tot")
        if date_from and date_to and date_from > date_to:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "case_reference": data["casus"].strip(),
            "username": data["gebruiker"].strip(),
            "organisation": data["organisatie"].strip(),
            "date_from": data["van"],
            "date_to": data["tot"],
            "action": data["handeling"],
            "result": data["resultaat"],
            "break_glass_only": data["doorbraak"],
            "person_ids": data["persoon"],
            "escalation_person_ids": data["aanmeldingspersoon"],
        }

    def description(self) -> str:
        """The filters in words, for the log line of a search or export (never a BSN or name)."""
        data = self.cleaned_data
        parts = []
        for name in ("casus", "gebruiker", "organisatie", "handeling", "resultaat"):
            if data.get(name):
                parts.append(f"{name}={data[name].strip()}")
        for name in ("van", "tot"):
            if data.get(name):
                parts.append(f"{name}={data[name]:%Y-%m-%d}")
        if data.get("doorbraak"):
            parts.append("doorbraak")
        if data.get("persoon"):
            parts.append("betrokkene-id=" + ",".join(str(pk) for pk in data["persoon"]))
        if data.get("aanmeldingspersoon"):
            parts.append("aanmeldingspersoon-id=" + ",".join(str(pk) for pk in data["aanmeldingspersoon"]))
        return "; ".join(parts) or "geen filters"


class PersonLookupForm(ZvhForm):
    """Find a person's ids by BSN, or by last name and date of birth. Sent by POST so that a BSN
    or a name never appears in a URL (nor in the web server's logs)."""

    bsn = forms.CharField(label="BSN", max_length=11, required=False)
    achternaam = forms.CharField(label="Achternaam", max_length=150, required=False)
    geboortedatum = forms.DateField(
        label="Geboortedatum", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bsn"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["achternaam"].widget.attrs.update({"autocomplete": "off"})
        self.fields["geboortedatum"].error_messages["invalid"] = "Vul een geldige datum in."

    def clean_bsn(self):
        value = self.cleaned_data.get("bsn", "").replace(" ", "").replace(".", "")
        validate_bsn(value)
        return value

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("bsn"):
            return data
        if data.get("achternaam") and not data.get("geboortedatum"):
            self.add_error("geboortedatum", "Vul bij zoeken op naam ook de geboortedatum in.")
        elif data.get("geboortedatum") and not data.get("achternaam"):
            self.add_error("achternaam", "Vul bij zoeken op geboortedatum ook de achternaam in.")
        elif not data.get("achternaam"):
            raise forms.ValidationError("Vul een BSN in, of de achternaam en de geboortedatum.")
        return data

    @property
    def searched_by(self) -> str:
        return "BSN" if self.cleaned_data.get("bsn") else "naam en geboortedatum"

    def lookup(self) -> dict:
        data = self.cleaned_data
        if data.get("bsn"):
            return {"bsn": data["bsn"]}
        return {"last_name": data["achternaam"], "date_of_birth": data["geboortedatum"]}
