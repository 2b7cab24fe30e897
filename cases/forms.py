"""Forms of the case screens. Validation messages are Dutch and belong to a field; services
raise `ServiceError(field=...)` for rules that need the database, and views put those
messages beside the same field."""

import re
import uuid
from itertools import groupby

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from partners.models import Organisation, OrganisationKind, User
from programmes.models import Programme
from zvh.errors import ConcurrentEdit
from zvh.formats import date_text
from zvh.forms import SubmissionKeyField, ZvhBaseFormSet, ZvhForm, ZvhModelForm, ascii_digits

from .handover_forms import offer_regisseurs, regisseur_field
from .models import (
    TRIAGE_OUTCOMES,
    AveLevel,
    BottleneckCategory,
    Case,
    ClosureReason,
    EscalationPerson,
    EscalationStatus,
    GoalResult,
    InclusionCriterion,
    NotInformedReason,
    Person,
    PersonRole,
    Phase,
    Urgency,
)
from .models.plan import CLOSING_STATUSES
from .plan_forms import CasusregieFormMixin, casusregie_fields
from .selectors import seatable_professionals
from .services import EscalationData, GoalOutcome, PersonData, closing_items
from .services.closure import action_field, goal_explanation_field, goal_field

POSTAL_CODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")


class PersonForm(ZvhModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "date_of_birth",
            "role_in_case",
            "street_address",
            "postal_code",
            "city",
            "bsn",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"bsn": "Optioneel. Alleen vastleggen als dat nodig is voor de samenwerking."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        autocomplete = {"first_name": "off", "last_name": "off", "bsn": "off", "postal_code": "off"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["bsn"].widget.attrs.update({"inputmode": "numeric", "maxlength": "9"})
        self.fields["role_in_case"].choices = [("", "Maak een keuze")] + list(PersonRole.choices)

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("De geboortedatum kan niet in de toekomst liggen.")
        if value and value.year < 1900:
            raise forms.ValidationError("Controleer de geboortedatum: die ligt vóór 1900.")
        return value

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not POSTAL_CODE.match(value):
            raise forms.ValidationError("Een postcode ziet eruit als 1234 AB.")
        return f"{value[:4]} {value[-2:].upper()}" if value else ""

    def clean_bsn(self):
        return self.cleaned_data.get("bsn", "").replace(" ", "").replace(".", "")

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(**{field: data[field] for field in PersonForm.Meta.fields})


class NewPersonForm(PersonForm):
    """Adding a person to a case: a double submit adds one (not in the escalation's formset,
    where the escalation's own key covers all its persons)."""

    submission_key = SubmissionKeyField()


def municipality_field() -> forms.ModelChoiceField:
    """Woongemeente: a municipality of the region, counted on the dashboards (never an address)."""
    return forms.ModelChoiceField(
        label="Woongemeente",
        queryset=Organisation.objects.filter(is_active=True, kind=OrganisationKind.GEMEENTE),
        required=False,
        empty_label="Onbekend of buiten de regio",
        help_text="De gemeente waar de persoon of het gezin woont.",
    )


class CaseRegisterForm(ZvhForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    programme = forms.ModelChoiceField(
        label="Programma", queryset=Programme.objects.filter(is_active=True), empty_label="Kies een programma"
    )
    ave_level = forms.TypedChoiceField(label="AVE-niveau", choices=AveLevel.choices, coerce=int)
    summary = forms.CharField(
        label="Aanleiding en hulpvraag",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat is er aan de hand, wat loopt vast en wat is de vraag aan het ZVH? Maximaal 4000 tekens.",
    )
    casusregisseur = forms.ModelChoiceField(
        label="Casusregie bij",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label="Nog niet bekend",
        help_text="De partner die de persoon of het gezin dagelijks ondersteunt.",
    )

    municipality = municipality_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()


class CaseDetailsForm(CasusregieFormMixin, ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = CaseRegisterForm.base_fields["summary"]
    casusregisseur = casusregie_fields()["casusregisseur"]
    casusregisseur_user = casusregie_fields()["casusregisseur_user"]
    municipality = CaseRegisterForm.base_fields["municipality"]

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_casusregie(case)

    def clean(self):
        data = super().clean()
        self.clean_casusregie(data)
        return data


class PhaseForm(ZvhForm):
    """The phase change; for closing also the reason and result, a decision for every open action
    of the current plan and the evaluation (a result per goal, what worked). The per-action and
    per-goal fields are built from the case (`closing_actions`, `closing_goals` for the template)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    to_phase = forms.ChoiceField(label="Nieuwe fase")
    note = forms.CharField(
        label="Toelichting", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    closure_reason = forms.ChoiceField(
        label="Reden van afsluiting",
        required=False,
        choices=[("", "Kies een reden")] + list(ClosureReason.choices),
        help_text="Alleen bij afsluiten.",
    )
    closure_result = forms.CharField(
        label="Resultaat",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen bij afsluiten: wat is bereikt?",
    )
    what_worked = forms.CharField(
        label="Wat werkte",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen bij afsluiten: wat hielp in deze casus, in de aanpak en in de samenwerking? "
        "Maximaal 4000 tekens.",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Posted for an older version (someone changed the phase meanwhile): the choices below are
        # those of the new phase, so the conflict is the message, not "geen beschikbare keuze".
        self.stale = self.is_bound and self.data.get(self.add_prefix("version")) != str(case.version)
        self.current_version = case.version
        self.fields["to_phase"].choices = case.allowed_next_phases()
        closing = any(phase == Phase.AFGESLOTEN for phase, _ in case.allowed_next_phases())
        self.closing_actions, self.closing_goals = closing_items(case) if closing else ([], [])
        decisions = [(status.value, status.label) for status in CLOSING_STATUSES]
        for action in self.closing_actions:
            deadline = f"{date_text(action.deadline)}"
            self.fields[action_field(action)] = forms.ChoiceField(
                label=f"{action.description} ({action.owner_organisation}, deadline {deadline})",
                choices=decisions,
                required=False,
                widget=forms.RadioSelect,
            )
        for goal in self.closing_goals:
            self.fields[goal_field(goal)] = forms.ChoiceField(
                label=f"{goal.domain}: {goal.description}",
                choices=list(GoalResult.choices),
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[goal_explanation_field(goal)] = forms.CharField(
                label="Toelichting op het resultaat", required=False, max_length=500
            )
        for action in self.closing_actions:
            action.field = self[action_field(action)]
        for goal in self.closing_goals:
            goal.field = self[goal_field(goal)]
            goal.explanation_field = self[goal_explanation_field(goal)]

    def clean(self):
        data = super().clean()
        if data.get("to_phase") == Phase.AFGESLOTEN:
            if not data.get("closure_reason"):
                self.add_error("closure_reason", "Kies een reden van afsluiting.")
            if not (data.get("closure_result") or "").strip():
                self.add_error("closure_result", "Beschrijf kort het resultaat van de casus.")
            for action in self.closing_actions:
                if not data.get(action_field(action)):
                    self.add_error(action_field(action), "Kies wat er met deze open actie gebeurt.")
            for goal in self.closing_goals:
                if not data.get(goal_field(goal)):
                    self.add_error(goal_field(goal), "Kies het resultaat van dit doel.")
            if not (data.get("what_worked") or "").strip():
                self.add_error("what_worked", "Beschrijf kort wat werkte in deze casus.")
        return data

    def full_clean(self):
        if not self.stale:
            super().full_clean()
            return
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(self.current_version)  # saving again after review
        self.add_error(None, ConcurrentEdit("Deze casus").message)

    def action_decisions(self) -> dict[int, str]:
        return {action.pk: self.cleaned_data.get(action_field(action), "") for action in self.closing_actions}

    def goal_outcomes(self) -> dict[int, GoalOutcome]:
        return {
            goal.pk: GoalOutcome(
                result=self.cleaned_data.get(goal_field(goal), ""),
                explanation=self.cleaned_data.get(goal_explanation_field(goal), ""),
            )
            for goal in self.closing_goals
            if self.cleaned_data.get(goal_field(goal))
        }


class AveLevelForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_level = forms.TypedChoiceField(label="Nieuw AVE-niveau", choices=AveLevel.choices, coerce=int)
    reason = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom verandert het niveau? Dit komt in de AVE-geschiedenis.",
    )


class SeatPartnerForm(ZvhForm):
    organisation = forms.ModelChoiceField(
        label="Organisatie", queryset=Organisation.objects.filter(is_active=True), empty_label="Kies een organisatie"
    )
    professionals = forms.ModelMultipleChoiceField(
        label="Professionals aan tafel",
        queryset=seatable_professionals(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen wie hier staat, krijgt toegang tot de casus zolang de casus loopt.",
    )
    contribution = forms.CharField(label="Rol aan tafel", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professionals"].label_from_instance = lambda u: f"{u.get_full_name()} – {u.organisation}"

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        for professional in data.get("professionals") or []:
            if organisation and professional.organisation_id != organisation.pk:
                self.add_error("professionals", f"{professional.get_full_name()} werkt niet bij {organisation}.")
        return data


class NoteForm(ZvhForm):
    submission_key = SubmissionKeyField()
    text = forms.CharField(
        label="Notitie", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), help_text="Maximaal 4000 tekens."
    )
    restricted = forms.BooleanField(
        label="Afschermen (bijvoorbeeld medische informatie)",
        required=False,
        help_text="Alleen de procesregisseur en de gekozen organisaties lezen de inhoud; de andere partners "
        "aan tafel zien alleen dat er een afgeschermde notitie is.",
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label="Zichtbaar voor",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Uw eigen organisatie hoort er altijd bij.",
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["restricted_to"].queryset = Organisation.objects.filter(
                seats__case=case, seats__left_on__isnull=True
            ).order_by("name")


class BottleneckForm(ZvhForm):
    """A bottleneck met in the case, for the management's radar (cases/services/closure.py)."""

    category = forms.ModelChoiceField(
        label="Knelpunt",
        queryset=BottleneckCategory.objects.filter(is_active=True),
        empty_label="Kies een knelpunt",
        error_messages={"required": "Kies een knelpunt uit de lijst."},
    )
    description = forms.CharField(
        label="Korte beschrijving",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wat loopt vast, bijvoorbeeld een wachtlijst of een plaatsing die niet lukt? Maximaal 1000 "
        "tekens. Het management ziet alleen aantallen per knelpunt, nooit deze beschrijving.",
        error_messages={"required": "Beschrijf het knelpunt kort."},
    )
    escalate_to_management = forms.BooleanField(
        label="Opschalen naar het management",
        required=False,
        help_text="Voor knelpunten die de partners aan tafel niet zelf kunnen oplossen.",
    )


# --- Escalations and triage ----------------------------------------------------------------------


class EscalationPersonForm(PersonForm):
    class Meta(PersonForm.Meta):
        model = EscalationPerson


class BaseEscalationPersonFormSet(ZvhBaseFormSet):
    default_error_messages = {
        "too_few_forms": "Vul ten minste één persoon in.",
        "too_many_forms": "Meld maximaal 10 personen tegelijk aan.",
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Deze persoon verwijderen"


EscalationPersonFormSet = forms.formset_factory(
    EscalationPersonForm,
    formset=BaseEscalationPersonFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
    can_delete=True,
)

YES_NO = [("ja", "Ja"), ("nee", "Nee")]


class EscalationForm(ZvhForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Aanleiding",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat is er aan de hand en waarom nu? Maximaal 4000 tekens.",
    )
    bottleneck_categories = forms.ModelMultipleChoiceField(
        label="Knelpunten",
        queryset=BottleneckCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text="Kies wat er vastloopt, in de inhoud of in de samenwerking.",
        error_messages={"required": "Kies ten minste één knelpunt."},
    )
    bottleneck_text = forms.CharField(
        label="Toelichting op de knelpunten",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Maximaal 4000 tekens.",
    )
    ave_level = forms.TypedChoiceField(
        label="Huidig AVE-niveau", choices=[("", "Maak een keuze")] + list(AveLevel.choices), coerce=int
    )
    urgency = forms.ChoiceField(
        label="Urgentie", choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.NORMAL
    )
    goal = forms.CharField(
        label="Doel van de opschaling",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wat moet de opschaling naar het Zorg- en Veiligheidshuis opleveren?",
    )
    involved_organisations = forms.ModelMultipleChoiceField(
        label="Partners die al betrokken zijn",
        queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    involved_other = forms.CharField(label="Andere betrokken partijen", max_length=300, required=False)
    person_informed = forms.TypedChoiceField(
        label="Is de betrokkene geïnformeerd over deze aanmelding?",
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    not_informed_reason = forms.ChoiceField(
        label="Zo nee: waarom niet?",
        choices=[("", "Maak een keuze")] + list(NotInformedReason.choices),
        required=False,
    )
    not_informed_explanation = forms.CharField(label="Toelichting", max_length=500, required=False)
    municipality = municipality_field()
    suggested_programme = forms.ModelChoiceField(
        label="Voorgesteld programma",
        queryset=Programme.objects.filter(is_active=True),
        required=False,
        empty_label="Weet ik niet",
    )
    contact_name = forms.CharField(label="Uw naam", max_length=150)
    contact_phone = forms.CharField(label="Uw telefoonnummer", max_length=30)
    contact_email = forms.EmailField(label="Uw e-mailadres")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
            if user is not None:
                self.fields["contact_name"].initial = user.get_full_name()
                self.fields["contact_phone"].initial = user.phone
                self.fields["contact_email"].initial = user.email

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        if not re.fullmatch(r"[+()\d\s-]{8,20}", value):
            raise forms.ValidationError("Vul een telefoonnummer in, bijvoorbeeld 073 123 45 67.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("person_informed") is False:
            reason = data.get("not_informed_reason")
            if not reason:
                self.add_error("not_informed_reason", "Geef aan waarom de betrokkene niet is geïnformeerd.")
            elif reason == NotInformedReason.OTHER and not data.get("not_informed_explanation", "").strip():
                self.add_error("not_informed_explanation", "Licht toe waarom de betrokkene niet is geïnformeerd.")
        return data

    def escalation_data(self) -> EscalationData:
        data = self.cleaned_data
        return EscalationData(
            reason=data["reason"],
            bottleneck_categories=list(data["bottleneck_categories"]),
            bottleneck_text=data["bottleneck_text"],
            ave_level=data["ave_level"],
            urgency=data["urgency"],
            goal=data["goal"],
            involved_organisations=list(data["involved_organisations"]),
            involved_other=data["involved_other"],
            person_informed=data["person_informed"],
            not_informed_reason=data["not_informed_reason"],
            not_informed_explanation=data["not_informed_explanation"],
            suggested_programme=data["suggested_programme"],
            municipality=data["municipality"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
        )


def persons_from_formset(formset) -> list:
    """The filled-in, not-deleted persons of a valid formset."""
    return [
        form.person_data()
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE") and form.cleaned_data
    ]


PROFESSIONAL_SEARCH_LIMIT = 30


def offered_professionals(escalation, *, search: str = "", chosen: list[str] = ()):
    """Who the acceptance offers to seat, not every professional of the region (a national
    instance has thousands): those of the organisations the referrer named as involved, those a
    search by name or organisation finds (at most PROFESSIONAL_SEARCH_LIMIT), and whoever was
    already ticked, so a search never loses a choice."""
    from django.db.models import Q

    offered = Q(organisation__in=escalation.involved_organisations.all()) | Q(
        pk__in=[c for c in chosen if ascii_digits(c)]
    )
    words = search.split()[:4]
    if words:
        found = seatable_professionals()
        for word in words:
            found = found.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(organisation__name__icontains=word)
            )
        offered |= Q(pk__in=list(found.values_list("pk", flat=True)[:PROFESSIONAL_SEARCH_LIMIT]))
    return seatable_professionals().filter(offered).exclude(pk=escalation.submitted_by_id)


# Which parts of the triage form each outcome needs (issue 18): the page shows a part only for its
# outcomes (all parts, each headed with its outcome, without JavaScript) and `clean` ignores the
# fields of the parts the chosen outcome does not need, so a half-filled other part never blocks.
TRIAGE_FORM_PARTS = {
    "feedback": [o for o in TRIAGE_OUTCOMES if o != EscalationStatus.NEEDS_INFO],
    "question": [EscalationStatus.NEEDS_INFO],
    "accept": [EscalationStatus.ACCEPTED],
    "advice": [EscalationStatus.ADVICE],
    "existing": [EscalationStatus.ADDED_TO_CASE],
}
TRIAGE_PART_FIELDS = {
    "feedback": ["feedback"],
    "question": ["info_question"],
    "accept": [
        "programme", "ave_level", "procesregisseur", "partner_professionals", "professional_search",
        "inclusion_meeting_date", "inclusion_note",
    ],  # and the inclusion criteria (criterion_<pk>), added in __init__
    "advice": ["advice"],
    "existing": ["existing_case", "existing_case_reference"],
}  # fmt: skip


class TriageForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Uitkomst van de triage",
        # Outcomes being built (issue 16) are left out until their service exists.
        choices=[(s.value, s.label) for s in TRIAGE_OUTCOMES],
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label="Terugkoppeling aan de verwijzer",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="De verwijzer leest dit in ‘Mijn aanmeldingen’. Noem geen gegevens van andere casussen.",
        required=False,  # required for every outcome but "aanvulling nodig" (clean)
    )
    info_question = forms.CharField(
        label="Vraag aan de verwijzer",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen bij ‘Aanvulling gevraagd’. De verwijzer beantwoordt de vraag en kan de aanmelding aanvullen; "
        "daarna staat zij weer op de triagelijst.",
    )
    programme = forms.ModelChoiceField(
        label="Programma",
        queryset=Programme.objects.filter(is_active=True, is_advice_only=False),
        required=False,
        empty_label="Kies een programma",
        help_text="Alleen bij acceptatie.",
    )
    ave_level = forms.TypedChoiceField(
        label="AVE-niveau van de casus", choices=AveLevel.choices, coerce=int, required=False
    )
    procesregisseur = regisseur_field(
        label="Procesregisseur",
        required=False,
        help_text="Alleen bij acceptatie. Achter elke naam: lopende casussen, overleggen deze week, acties over tijd.",
    )
    partner_professionals = forms.ModelMultipleChoiceField(
        label="Professionals aan tafel (naast de verwijzer)",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Eerst de professionals van de organisaties die de verwijzer als betrokken noemde. "
        "Iemand anders nodig? Zoek hieronder op naam of organisatie.",
    )
    professional_search = forms.CharField(
        label="Andere professional zoeken",
        max_length=100,
        required=False,
        help_text="Naam of organisatie, bijvoorbeeld ‘Veilig Thuis’ of ‘Claassen’. Wat u al invulde blijft staan.",
    )
    advice = forms.CharField(
        label="Gegeven advies",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Alleen bij de uitkomst ‘advies’.",
    )
    existing_case = forms.ChoiceField(
        label="Bestaande casus",
        choices=[],
        required=False,
        widget=forms.RadioSelect,
        help_text="De lopende casussen onder de mogelijke dubbelen die u mag wijzigen.",
    )
    existing_case_reference = forms.CharField(
        label="Of een andere lopende casus (kenmerk)",
        max_length=20,
        required=False,
        help_text="Bijvoorbeeld ZVH-2026-0012. Alleen een casus die u (of uw vervanger) regisseert.",
    )
    inclusion_meeting_date = forms.DateField(
        label="Datum inclusietafel",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Bij de Levensloopaanpak beslist de inclusietafel.",
    )
    inclusion_note = forms.CharField(
        label="Toelichting op de inclusie", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def show_search_results(self) -> None:
        """Re-show the form after "Zoeken" with everything typed and no error messages: the search
        is not a submission, so nothing is validated (or decided) yet."""
        from django.forms.utils import ErrorDict

        self._errors = ErrorDict()

    def _value(self, name: str) -> str:
        # Read before validation (it shapes the choices): drop NUL bytes, which PostgreSQL refuses.
        value = (self.data.get(self.add_prefix(name)) or "") if self.is_bound else ""
        return value.replace("\x00", "").strip()[:100]

    def _values(self, name: str) -> list[str]:
        return self.data.getlist(self.add_prefix(name)) if self.is_bound and hasattr(self.data, "getlist") else []

    def __init__(self, *args, escalation, **kwargs):
        super().__init__(*args, **kwargs)
        offer_regisseurs(self.fields["procesregisseur"])
        self.fields["partner_professionals"].queryset = offered_professionals(
            escalation, search=self._value("professional_search"), chosen=self._values("partner_professionals")
        )
        self.fields["partner_professionals"].label_from_instance = lambda u: f"{u.get_full_name()} – {u.organisation}"
        self.fields["ave_level"].initial = escalation.ave_level
        if escalation.suggested_programme and not escalation.suggested_programme.is_advice_only:
            self.fields["programme"].initial = escalation.suggested_programme
        # One yes/no question per inclusion criterion, grouped per programme in the template.
        self.inclusion_groups = []
        criteria = InclusionCriterion.objects.filter(is_active=True).select_related("programme")
        for programme_id, group in groupby(criteria, key=lambda c: c.programme_id):
            group = list(group)
            names = []
            for criterion in group:
                name = f"criterion_{criterion.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=criterion.text, choices=YES_NO, widget=forms.RadioSelect, required=False
                )
                names.append(name)
            self.inclusion_groups.append((group[0].programme, programme_id, names))
        # Keep the error summary in page order: criteria come before the meeting date and note.
        tail = ["inclusion_meeting_date", "inclusion_note"]
        self.order_fields([name for name in self.fields if name not in tail] + tail)

    def inclusion_fields(self):
        return [(programme, [self[name] for name in names]) for programme, _, names in self.inclusion_groups]

    @property
    def outcome_parts(self) -> dict[str, str]:
        """Per part, the outcomes it belongs to (space-separated values, for `data-outcomes`)."""
        return {part: " ".join(outcomes) for part, outcomes in TRIAGE_FORM_PARTS.items()}

    @property
    def outcome_labels(self) -> dict[str, str]:
        """Per outcome-specific part, the outcome's label (the part's heading says which it is)."""
        return {part: outcomes[0].label for part, outcomes in TRIAGE_FORM_PARTS.items() if len(outcomes) == 1}

    def _part_fields(self, part: str) -> list[str]:
        criteria = [name for _, _, names in self.inclusion_groups for name in names] if part == "accept" else []
        return TRIAGE_PART_FIELDS[part] + criteria

    def professional_groups(self) -> list[tuple[str, list]]:
        """The offered professionals' checkboxes grouped by organisation (the list is ordered by it)."""
        groups: list[tuple[str, list]] = []
        for option in self["partner_professionals"]:
            organisation = str(option.data["value"].instance.organisation)
            if not groups or groups[-1][0] != organisation:
                groups.append((organisation, []))
            groups[-1][1].append(option)
        return groups

    def _ignore_parts_not_needed(self, outcome: str, data: dict) -> None:
        """Fields of a part the chosen outcome does not need: their errors dropped and their values
        emptied, so only what the outcome needs is checked and passed on. The typed text stays in
        `self.data`, so it is still on the page when the user picks another outcome after an error."""
        for part, outcomes in TRIAGE_FORM_PARTS.items():
            if outcome in outcomes:
                continue
            for name in self._part_fields(part):
                self._errors.pop(name, None)
                data[name] = self.fields[name].clean(None)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome in TRIAGE_OUTCOMES:
            self._ignore_parts_not_needed(outcome, data)
        if outcome == EscalationStatus.ACCEPTED:
            programme = data.get("programme")
            if programme is None:
                self.add_error("programme", "Kies het programma waarin de casus wordt opgepakt.")
            else:
                for _, programme_id, names in self.inclusion_groups:
                    if programme_id != programme.pk:
                        continue
                    for name in names:
                        if not data.get(name):
                            self.add_error(name, "Beantwoord dit inclusiecriterium.")
                if programme.requires_inclusion_meeting and not data.get("inclusion_meeting_date"):
                    self.add_error("inclusion_meeting_date", "Vul de datum van de inclusietafel in.")
        if outcome == EscalationStatus.ADVICE and not (data.get("advice") or "").strip():
            self.add_error("advice", "Beschrijf het gegeven advies.")
        if outcome == EscalationStatus.ADDED_TO_CASE:
            self._clean_existing_case(data)
        self._clean_question_or_feedback(outcome, data)
        return data

    def _clean_question_or_feedback(self, outcome, data) -> None:
        """ "Aanvulling nodig" needs the question (that is what the referrer reads, no feedback yet);
        every other outcome needs feedback. The same rules as decide_escalation."""
        if outcome == EscalationStatus.NEEDS_INFO:
            if not (data.get("info_question") or "").strip():
                self.add_error("info_question", "Schrijf de vraag aan de verwijzer.")
        elif outcome and not (data.get("feedback") or "").strip() and "feedback" not in self.errors:
            self.add_error("feedback", "Schrijf een terugkoppeling voor de verwijzer.")

    chosen_case = None  # the case for "toevoegen aan bestaande casus", set by clean()
    chosen_case_field = "existing_case"  # where a refusal about that case is shown

    def offer_existing_cases(self, duplicates: list[dict]) -> None:
        """Offer the running cases among the duplicate flags that the user may change (`may_add`,
        cases/selectors.py:with_duplicate_access), once each: reference and which person matched."""
        offered: dict[str, str] = {}
        for flag in duplicates:
            if flag.get("may_add") and flag["reference"] not in offered:
                offered[flag["reference"]] = f"{flag['reference']} ({flag['person']}: {flag['match']})"
        self.fields["existing_case"].choices = list(offered.items())

    def _clean_existing_case(self, data) -> None:
        """A typed reference wins over a ticked case. Whether the user may add to it, and whether it
        still runs, the service decides (cases/services/escalation_merge.py)."""
        typed = (data.get("existing_case_reference") or "").replace("\x00", "").strip().upper()
        reference = typed or data.get("existing_case") or ""
        offered = bool(self.fields["existing_case"].choices)
        self.chosen_case_field = "existing_case" if offered and not typed else "existing_case_reference"
        if not reference:
            self.add_error(
                self.chosen_case_field, "Kies de casus waaraan u deze aanmelding toevoegt, of vul een kenmerk in."
            )
            return
        self.chosen_case = Case.objects.filter(reference=reference).select_related("procesregisseur").first()
        if self.chosen_case is None:
            self.add_error(self.chosen_case_field, f"Er is geen casus met kenmerk {reference}. Controleer het kenmerk.")

    def inclusion_answers(self) -> dict[int, bool]:
        programme = self.cleaned_data.get("programme")
        answers = {}
        for _, programme_id, names in self.inclusion_groups:
            if programme is None or programme_id != programme.pk:
                continue
            for name in names:
                answers[int(name.removeprefix("criterion_"))] = self.cleaned_data[name] == "ja"
        return answers
