"""The delivery settings form: one radio group per kind the user may choose for."""

from django import forms

from zvh.forms import ZvhForm

from .models import Delivery


class PreferencesForm(ZvhForm):
    def __init__(self, *args, choices: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for choice in choices:
            message = f"Kies hoe u berichten over “{choice['label']}” wilt ontvangen."
            self.fields[f"bezorging_{choice['kind']}"] = forms.ChoiceField(
                label=choice["label"],
                choices=Delivery.choices,
                initial=choice["delivery"],
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        self.kinds = [choice["kind"] for choice in choices]

    def choices_by_kind(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"bezorging_{kind}"] for kind in self.kinds}
