"""Forms of the referrer's answer to a triage question (completing an escalation) and of withdrawing
an escalation. Rules: cases/services/escalation_completion.py."""

from django import forms

from cases.forms import EscalationForm
from cases.services.escalation_completion import ANSWER_MAX, WITHDRAWAL_REASON_MAX
from zvh.forms import ZvhForm

ESCALATION_FIELDS = (
    "reason", "bottleneck_text", "ave_level", "urgency", "goal", "involved_other", "person_informed",
    "not_informed_reason", "not_informed_explanation", "municipality", "suggested_programme",
    "contact_name", "contact_phone", "contact_email",
)  # fmt: skip


class EscalationCompletionForm(EscalationForm):
    """The escalation form, prefilled with what the referrer submitted, plus the answer."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    info_answer = forms.CharField(
        label="Uw antwoord op de vraag van het triageteam",
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Maximaal {ANSWER_MAX} tekens. Vul hieronder ook de aanmelding zelf aan als dat nodig is.",
        error_messages={"required": "Beantwoord de vraag van het triageteam."},
    )

    def __init__(self, *args, escalation, **kwargs):
        if not args or args[0] is None:
            kwargs.setdefault("initial", initial_from(escalation))
        super().__init__(*args, **kwargs)
        del self.fields["submission_key"]  # no new escalation: the version guards against doubles
        self.order_fields(["version", "info_answer"])


def initial_from(escalation) -> dict:
    initial = {name: getattr(escalation, name) for name in ESCALATION_FIELDS}
    initial["person_informed"] = "ja" if escalation.person_informed else "nee"
    initial["bottleneck_categories"] = list(escalation.bottleneck_categories.all())
    initial["involved_organisations"] = list(escalation.involved_organisations.all())
    initial["version"] = escalation.version
    return initial


class WithdrawEscalationForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Waarom trekt u de aanmelding in?",
        max_length=WITHDRAWAL_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Het triageteam leest dit. Maximaal {WITHDRAWAL_REASON_MAX} tekens.",
        error_messages={
            "required": "Schrijf waarom u de aanmelding intrekt.",
            "max_length": f"De reden is te lang: maximaal {WITHDRAWAL_REASON_MAX} tekens.",
        },
    )
