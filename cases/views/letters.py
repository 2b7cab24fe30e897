"""A letter from a template (issue 17): choose a template (and a person when the case has several),
see the filled text, store it as a PDF document of the case (cases/services/letters.py).

Only the regisseur (`open_case(need=CHANGE)`, logged). The preview shows personal data of the
case: it is part of the logged case read. "Voorbeeld bijwerken" shows the text again for another
choice without storing; "Brief opslaan als document" stores it (one document per submission key)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import services
from cases.letter_forms import LetterForm
from cases.services.letters import compose, default_person
from privacy import policy
from privacy.access import open_case
from zvh.view_helpers import save_form


def _preview(case, form):
    """The letter's text for the current choice (the typed one, or the first template)."""
    if form.is_bound:
        if not form.is_valid():
            return None
        template, person = form.cleaned_data["template"], form.cleaned_data["person"]
        extra = form.cleaned_data["extra_text"]
    else:
        template, person, extra = form.fields["template"].queryset.first(), None, ""
    if template is None:
        return None
    return compose(case, template, person or default_person(case), extra)


@login_required
@require_http_methods(["GET", "POST"])
def letter_add(request, reference):
    case = open_case(request, reference, need=policy.CHANGE)
    form = LetterForm(request.POST or None, case=case)
    if "preview" not in request.POST:
        saved = save_form(
            request,
            form,
            lambda data: services.generate_letter(
                case=case,
                actor=request.user,
                template=data["template"],
                person=data["person"],
                extra_text=data["extra_text"],
                submission_key=data["submission_key"],
            ),
            success=lambda document: f"De brief “{document.title}” is als document bij de casus opgeslagen.",
        )
        if saved:
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/letter_form.html", {"case": case, "form": form, "letter": _preview(case, form)})
