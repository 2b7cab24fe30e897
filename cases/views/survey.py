"""The public closure-survey page: no login, reached through a signed, single-use, expiring link
(cases/services/survey.py). It shows the case reference and programme only, never personal data.
An unknown or tampered link answers 404, a used or expired one 410, each with a Dutch page."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases import services
from privacy.models import AccessAction
from privacy.services import log_access
from zvh.forms import ZvhForm

LIKERT = [
    ("5", "Helemaal eens"),
    ("4", "Eens"),
    ("3", "Neutraal"),
    ("2", "Oneens"),
    ("1", "Helemaal oneens"),
    ("", "Weet ik niet / niet van toepassing"),
]
STATEMENTS = {
    "clear_goals": "De doelen van het plan van aanpak waren helder.",
    "good_collaboration": "De samenwerking aan tafel was goed.",
    "information_sharing": "Informatie werd tijdig en zorgvuldig gedeeld.",
    "added_value": "De aanpak via het Zorg- en Veiligheidshuis had meerwaarde.",
}


class SurveyForm(ZvhForm):
    overall_score = forms.TypedChoiceField(
        label="Welk rapportcijfer geeft u de samenwerking in deze casus?",
        help_text="1 is zeer slecht, 10 is uitstekend.",
        choices=[(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een rapportcijfer van 1 tot en met 10."},
    )
    comment = forms.CharField(
        label="Wilt u nog iets toelichten?",
        help_text="Noem geen namen of andere gegevens van de betrokkenen.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        error_messages={"max_length": "Gebruik maximaal 2000 tekens (nu %(show_value)d)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in STATEMENTS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=LIKERT,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        order = ["overall_score", *STATEMENTS, "comment"]
        self.order_fields(order)

    def answers(self) -> services.SurveyAnswers:
        data = self.cleaned_data
        return services.SurveyAnswers(
            overall_score=data["overall_score"],
            comment=data.get("comment", ""),
            **{name: data.get(name) for name in STATEMENTS},
        )


def _unavailable(request, error: services.SurveyLinkError):
    status = 404 if error.reason == "ongeldig" else 410
    return render(request, "cases/survey/unavailable.html", {"reason": error.reason}, status=status)


def _log_survey_access(invitation, action: str, reason: str) -> None:
    """The page names a case reference, so it is logged, on behalf of the invited professional the
    signed link identifies. Without the request: its path holds the link's token, which the log must
    not keep while the link still works."""
    log_access(
        user=invitation.recipient,
        action=action,
        allowed=True,
        case=invitation.case,
        object_type="tevredenheidsonderzoek",
        reason=f"{reason} via de persoonlijke link (zonder inloggen)",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token: str):
    try:
        invitation = services.invitation_for_token(token)
    except services.SurveyLinkError as error:
        return _unavailable(request, error)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(token=token, answers=form.answers())
        except services.SurveyLinkError as error:
            return _unavailable(request, error)
        _log_survey_access(invitation, AccessAction.CHANGE, "tevredenheidsonderzoek ingevuld")
        return redirect("survey:thanks")
    if request.method == "GET":
        _log_survey_access(invitation, AccessAction.VIEW, "tevredenheidsonderzoek geopend")
    context = {
        "form": form,
        "reference": invitation.case.reference,
        "programme": invitation.case.programme.name,
        "expires_at": invitation.expires_at,
    }
    return render(request, "cases/survey/respond.html", context)


@require_GET
def thanks(request):
    return render(request, "cases/survey/thanks.html")
