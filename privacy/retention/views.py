"""The privacy officer's retention screens: terms, the dry-run report, destructions and extensions.
Views only parse input, call `privacy.retention.services` and render; the rules live there."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case
from privacy import policy
from privacy.access import require
from privacy.models import RetentionCategory
from programmes.models import Programme
from zvh.errors import ServiceError, show_service_error
from zvh.formats import date_text
from zvh.forms import ZvhForm, ascii_digits

from . import services as retention


def _require_privacy_officer(request) -> None:
    """403 for everyone but the privacy officer, the refusal logged like every other."""
    require(
        request,
        policy.may_manage_retention(request.user),
        message="Alleen de privacyfunctionaris beheert bewaartermijnen.",
        reason="alleen de privacyfunctionaris",
        object_type="bewaartermijnen",
    )


class RetentionTermForm(ZvhForm):
    category = forms.ChoiceField(
        label="Categorie",
        choices=[("", "Maak een keuze"), *RetentionCategory.choices],
        error_messages={"required": "Kies een categorie.", "invalid_choice": "Kies een categorie uit de lijst."},
    )
    programme = forms.ModelChoiceField(
        label="Programma",
        queryset=Programme.objects.order_by("sort_order", "code"),
        required=False,
        empty_label="Alle programma's (standaardtermijn)",
        help_text="Laat staan op ‘Alle programma's’ voor de standaardtermijn van de categorie. Kies alleen een "
        "programma als daarvoor een andere termijn geldt.",
        error_messages={"invalid_choice": "Kies een programma uit de lijst."},
    )
    term_months = forms.IntegerField(
        label="Bewaartermijn in maanden",
        min_value=1,
        max_value=retention.MAX_TERM_MONTHS,
        help_text="Gerekend vanaf de datum van afsluiten van de casus of de beoordeling van de aanmelding.",
        error_messages={
            "required": "Vul de bewaartermijn in maanden in.",
            "invalid": "Vul een heel aantal maanden in.",
            "min_value": "Een bewaartermijn is ten minste 1 maand.",
            "max_value": f"Een bewaartermijn is ten hoogste {retention.MAX_TERM_MONTHS} maanden.",
        },
    )
    legal_note = forms.CharField(
        label="Grondslag",
        max_length=300,
        required=False,
        help_text="Bijvoorbeeld het artikel van het Besluit gegevensverwerking door samenwerkingsverbanden.",
        error_messages={"max_length": "Gebruik ten hoogste %(limit_value)d tekens."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_months"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["legal_note"].widget.attrs.update({"autocomplete": "off"})


class RetentionExtensionForm(ZvhForm):
    reference = forms.CharField(
        label="Kenmerk van de casus",
        max_length=20,
        help_text="Bijvoorbeeld ZVH-2024-0012. Alleen een afgesloten casus kan langer worden bewaard.",
        error_messages={"required": "Vul het kenmerk van de casus in.", "max_length": "Een kenmerk is korter."},
    )
    until = forms.DateField(
        label="Bewaren tot en met",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="De datum waarop de verlenging eindigt. Daarna vernietigt de nachtelijke run de gegevens.",
        error_messages={"required": "Vul in tot wanneer de gegevens worden bewaard.", "invalid": "Vul een datum in."},
    )
    reason = forms.CharField(
        label="Reden van de verlenging",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Waarom moeten de gegevens langer bewaard blijven, bijvoorbeeld een lopende procedure. "
        "Schrijf geen namen of andere persoonsgegevens.",
        error_messages={
            "required": "Geef de reden waarom de gegevens langer worden bewaard.",
            "max_length": "Gebruik ten hoogste %(limit_value)d tekens.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError("Geef de reden waarom de gegevens langer worden bewaard.")
        return value

    def clean_until(self):
        value = self.cleaned_data["until"]
        if value <= timezone.localdate():
            raise forms.ValidationError("De einddatum van de verlenging moet in de toekomst liggen.")
        return value


def _overview(request, form, status=200):
    context = {
        "terms": retention.retention_terms(),
        "form": form,
        "report": retention.due_for_destruction(),
        "coming": retention.coming_due(),
        "coming_weeks": retention.COMING_DAYS // 7,
        "coming_until": timezone.localdate() + timedelta(days=retention.COMING_DAYS),
        "destructions": retention.latest_destructions(),
        "categories": RetentionCategory.choices,
    }
    return render(request, "privacy/retention/overview.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def retention_overview(request):
    """Terms per category and programme, what the next run removes, and what was destroyed."""
    _require_privacy_officer(request)
    initial = {}
    category, programme_id = request.GET.get("categorie", ""), request.GET.get("programma", "")
    if category in RetentionCategory.values and (programme_id == "" or ascii_digits(programme_id)):
        initial["category"] = category
        term = retention.retention_terms().filter(category=category, programme_id=programme_id or None).first()
        if term is not None:
            initial.update(programme=term.programme, term_months=term.term_months, legal_note=term.legal_note)
    return _overview(request, RetentionTermForm(initial=initial))


@login_required
@require_POST
def retention_term(request):
    _require_privacy_officer(request)
    form = RetentionTermForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            term = retention.set_retention_term(
                actor=request.user,
                category=data["category"],
                programme=data["programme"],
                term_months=data["term_months"],
                legal_note=data["legal_note"],
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            scope = term.programme.code if term.programme else "alle programma's zonder eigen termijn"
            due = retention.due_for_destruction()
            messages.success(
                request,
                f"Bewaartermijn opgeslagen: {term.get_category_display()} ({scope}), {term.term_months} "
                f"{'maand' if term.term_months == 1 else 'maanden'}. "
                f"De volgende run verwijdert nu {len(due)} {'object' if len(due) == 1 else 'objecten'}; "
                "zie het overzicht hieronder.",
            )
            return redirect("privacy:retention")
    return _overview(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def retention_extend(request):
    """Extend the term of one closed case, with a reason and an end date."""
    _require_privacy_officer(request)
    initial = {"reference": request.GET.get("casus", "").strip()[:20]}
    form = RetentionExtensionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _extend(request, form):
        return redirect("privacy:retention_extend")
    return render(
        request, "privacy/retention/extend.html", {"form": form, "extensions": retention.current_extensions()}
    )


def _extend(request, form) -> bool:
    """Extend what the valid form asks; False with the refusal beside its field."""
    data = form.cleaned_data
    # Only reference, phase and dates are read: no case content, so no case access needed.
    case = Case.objects.filter(reference__iexact=data["reference"]).only("pk", "reference").first()
    if case is None:
        form.add_error("reference", "Er is geen casus met dit kenmerk.")
        return False
    try:
        extension = retention.extend_retention(
            actor=request.user, case=case, reason=data["reason"], until=data["until"]
        )
    except ServiceError as error:
        show_service_error(form, error)
        return False
    messages.success(
        request, f"De bewaartermijn van casus {case.reference} is verlengd tot en met {date_text(extension.until)}."
    )
    return True
