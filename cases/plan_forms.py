"""Forms of the plan screens (plan van aanpak). Rules live in cases/services/plan.py; these forms
only parse input. The leidraad (guidance per section) is kept here as constants; the guidance per
life domain comes from `LifeDomain.guidance`."""

from django import forms

from partners.models import Organisation, User
from zvh.forms import SubmissionKeyField, ZvhForm

from .models import ActionStatus, Case, Goal, LifeDomain, ParticipantProfessional, ProcessPlan

# Leidraad per onderdeel van het plan.
GUIDANCE_ANALYSE = (
    "Beschrijf per leefgebied samen met de partners aan tafel wat er speelt. Geef een score van 1 (acute "
    "problemen) tot 5 (geen zorgen), noem de risico's en ook wat goed gaat: de beschermende factoren. "
    "Laat leefgebieden zonder informatie leeg in plaats van te gokken."
)
GUIDANCE_DOELEN = (
    "Formuleer per leefgebied wat er over enkele maanden bereikt moet zijn, concreet en toetsbaar "
    "(bijvoorbeeld: ‘de huurachterstand is met de verhuurder geregeld’). Kies de doelen die de "
    "veiligheid en de stabiliteit het meest vergroten."
)
GUIDANCE_ACTIES = (
    "Elke actie heeft één eigenaar: een partner die aan tafel zit (procesregie: de partners doen het werk) "
    "en bij voorkeur een genoemde professional. Geef een haalbare deadline en koppel de actie aan een doel."
)
GUIDANCE_REGIE = (
    "Leg vast welke partner aan tafel de casusregie heeft, en eventueel welke professional. De casusregie "
    "hoort bij de casus: ze geldt voor elke versie van het plan en staat op de casuspagina en in elke PDF. "
    "De evaluatiedatum volgt standaard de termijn van het programma."
)
GUIDANCE_VASTSTELLEN = (
    "Elke partner aan tafel geeft op de pagina van het plan zelf akkoord op deze versie. Stel het plan vast "
    "als de partners akkoord zijn; wie nog geen akkoord gaf, ziet u hieronder. Daarna ligt de inhoud vast; "
    "wijzigingen komen in een nieuwe versie. Partners werken de status van hun eigen acties bij."
)

SCORE_LABELS = {
    1: "acute problemen",
    2: "ernstige zorgen",
    3: "zorgen",
    4: "lichte zorgen",
    5: "geen zorgen",
}
SCORE_CHOICES = [("", "Nog geen score")] + [(value, f"{value} – {label}") for value, label in SCORE_LABELS.items()]


def organisations_at_table(case: Case):
    ids = case.participants.filter(left_on__isnull=True).values_list("organisation_id", flat=True)
    return Organisation.objects.filter(pk__in=list(ids)).order_by("name")


def seated_professionals(case: Case):
    seats = ParticipantProfessional.objects.filter(
        participant__case=case, participant__left_on__isnull=True, left_on__isnull=True
    ).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=list(seats)).select_related("organisation").order_by("last_name", "first_name")


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.domain}: {obj.description[:80]}"


def casusregie_fields() -> dict[str, forms.Field]:
    """The casusregie fields of the plan form and the case form (one look, one set of choices)."""
    return {
        "casusregisseur": forms.ModelChoiceField(
            label="Casusregie bij",
            queryset=Organisation.objects.none(),
            required=False,
            empty_label="Nog niet bekend",
            help_text="De partner aan tafel die de persoon of het gezin dagelijks ondersteunt en de uitvoering "
            "coördineert.",
        ),
        "casusregisseur_user": ProfessionalChoiceField(
            label="Casusregisseur (persoon)",
            queryset=User.objects.none(),
            required=False,
            empty_label="Geen persoon genoemd",
            help_text="Optioneel: de professional die namens die partner aan tafel zit en de casusregie voert.",
        ),
    }


class CasusregieFormMixin:
    """Choices limited to the table (plus the current value, so saving other fields never fails on
    it); a person must work for the chosen organisation. The service checks the seats again."""

    def setup_casusregie(self, case: Case) -> None:
        current_org = Organisation.objects.filter(pk=case.casusregisseur_id)
        self.fields["casusregisseur"].queryset = (
            (organisations_at_table(case) | current_org).distinct().order_by("name")
        )
        current_user = User.objects.filter(pk=case.casusregisseur_user_id)
        self.fields["casusregisseur_user"].queryset = (
            (seated_professionals(case) | current_user)
            .distinct()
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )

    def clean_casusregie(self, data: dict) -> None:
        organisation, user = data.get("casusregisseur"), data.get("casusregisseur_user")
        if user and not organisation:
            self.add_error("casusregisseur", "Kies de organisatie waarvoor deze persoon de casusregie voert.")
        elif organisation and user and user.organisation_id != organisation.pk:
            name = user.get_full_name() or user.username
            self.add_error("casusregisseur_user", f"{name} werkt niet bij {organisation}.")


class PlanDetailsForm(CasusregieFormMixin, ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label="Gezamenlijke analyse",
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Het gedeelde beeld van de partners: wat speelt er over de leefgebieden heen? Maximaal 6000 tekens.",
    )
    casusregisseur = casusregie_fields()["casusregisseur"]
    casusregisseur_user = casusregie_fields()["casusregisseur_user"]
    next_review_on = forms.DateField(
        label="Volgende evaluatie",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Standaard de evaluatietermijn van het programma.",
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_casusregie(case)

    def clean(self):
        data = super().clean()
        self.clean_casusregie(data)
        return data

    @classmethod
    def for_plan(cls, plan: ProcessPlan, data=None):
        """Casusregie is the case's (the one source); the rest is the concept's."""
        case = plan.case
        initial = {
            "version": plan.version,
            "summary": plan.summary,
            "casusregisseur": case.casusregisseur_id,
            "casusregisseur_user": case.casusregisseur_user_id,
            "next_review_on": plan.next_review_on,
        }
        return cls(data, initial=initial, prefix="plan", case=case)


class AssessmentVersionForm(ZvhForm):
    """The plan version the analysis was rendered with (a stale version is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class AssessmentForm(ZvhForm):
    score = forms.TypedChoiceField(
        label="Score",
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    risks = forms.CharField(label="Risico's", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    protective_factors = forms.CharField(
        label="Beschermende factoren", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, domain: LifeDomain, **kwargs):
        super().__init__(*args, prefix=f"domein-{domain.pk}", **kwargs)
        self.domain = domain
        self.fields["score"].label = f"Score {domain.name.lower()}"
        self.fields["risks"].label = f"Risico's {domain.name.lower()}"
        self.fields["protective_factors"].label = f"Beschermende factoren {domain.name.lower()}"

    def has_content(self) -> bool:
        data = self.cleaned_data
        return data.get("score") is not None or bool(data.get("risks")) or bool(data.get("protective_factors"))


def assessment_forms(plan: ProcessPlan, data=None) -> list[AssessmentForm]:
    existing = {a.domain_id: a for a in plan.assessments.all()}
    domains = list(LifeDomain.objects.filter(is_active=True))
    # Domains that are no longer active but were assessed in this version stay visible.
    domains += [a.domain for a in existing.values() if not a.domain.is_active]
    result = []
    for domain in domains:
        assessment = existing.get(domain.pk)
        initial = (
            {"score": assessment.score, "risks": assessment.risks, "protective_factors": assessment.protective_factors}
            if assessment
            else {}
        )
        form = AssessmentForm(data, domain=domain, initial=initial)
        form.existing = assessment
        result.append(form)
    return result


class GoalForm(ZvhForm):
    submission_key = SubmissionKeyField()
    domain = forms.ModelChoiceField(
        label="Leefgebied", queryset=LifeDomain.objects.filter(is_active=True), empty_label="Kies een leefgebied"
    )
    description = forms.CharField(
        label="Doel",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wat is er bereikt als het doel gehaald is? Maximaal 1000 tekens.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "doel")
        super().__init__(*args, **kwargs)


class ActionForm(ZvhForm):
    submission_key = SubmissionKeyField()
    description = forms.CharField(label="Actie", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    goal = GoalChoiceField(label="Bij doel", queryset=Goal.objects.none(), required=False, empty_label="Geen doel")
    owner_organisation = forms.ModelChoiceField(
        label="Eigenaar (partner aan tafel)", queryset=Organisation.objects.none(), empty_label="Kies een partner"
    )
    owner_user = ProfessionalChoiceField(
        label="Uitvoerder",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nog niet genoemd",
        help_text="Een professional die namens de eigenaar aan tafel zit.",
    )
    deadline = forms.DateField(label="Deadline", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, plan: ProcessPlan, **kwargs):
        kwargs.setdefault("prefix", "actie")
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.select_related("domain")
        self.fields["owner_organisation"].queryset = organisations_at_table(plan.case)
        self.fields["owner_user"].queryset = seated_professionals(plan.case)

    def clean(self):
        data = super().clean()
        organisation, user = data.get("owner_organisation"), data.get("owner_user")
        if organisation and user and user.organisation_id != organisation.pk:
            self.add_error("owner_user", f"{user.get_full_name() or user.username} werkt niet bij {organisation}.")
        return data


class AgreeForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agreement_note = forms.CharField(
        label="Akkoord van",
        max_length=500,
        required=False,
        help_text="Waar gaven de partners akkoord? Bijvoorbeeld: casusoverleg van 12 maart. Nodig als niet elke "
        "partner aan tafel zelf akkoord heeft gegeven.",
    )
    confirm_missing = forms.BooleanField(
        label="Ik stel het plan toch vast, ook al hebben niet alle partners aan tafel akkoord gegeven",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "vaststellen")
        super().__init__(*args, **kwargs)


class PartnerAgreementForm(ZvhForm):
    remark = forms.CharField(
        label="Opmerking",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bijvoorbeeld een voorwaarde of een aandachtspunt. Maximaal 500 tekens. Komt in de tijdlijn.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "akkoord")
        super().__init__(*args, **kwargs)


class ActionStatusForm(ZvhForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Toelichting",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kort: wat is er gedaan of waarom loopt het anders? Maximaal 500 tekens. Komt in de tijdlijn.",
    )
