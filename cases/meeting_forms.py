"""Forms of the case meeting screens (casusoverleg). Validation messages are Dutch and belong to a
field; rules that need the database live in cases/services/plan.py, whose `ServiceError(field=...)`
the views put beside the matching field (SERVICE_FIELDS)."""

from django import forms
from django.utils import timezone

from partners.models import Organisation, User

from .models import Case, Meeting, Participant, ParticipantProfessional

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

# Field names used by the services → field names of DecisionForm.
SERVICE_FIELDS = {
    "text": "text",
    "description": "text",
    "action_owner": "action_owner",
    "owner_organisation": "action_owner",
    "owner_user": "action_owner_user",
}


class MeetingScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Datum en tijd",
        error_messages={
            "required": "Vul de datum en tijd in.",
            "invalid": "Vul een datum en tijd in, bijvoorbeeld 12-03-2026 14:00.",
        },
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text="Bijvoorbeeld 12-03-2026 14:00.",
    )
    location = forms.CharField(
        label="Locatie",
        max_length=200,
        required=False,
        help_text="Bijvoorbeeld de vergaderzaal van het Zorg- en Veiligheidshuis. Niet nodig bij een online overleg.",
    )
    is_online = forms.BooleanField(label="Online overleg", required=False)
    agenda = forms.CharField(
        label="Agenda",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="De onderwerpen van het overleg. Maximaal 4000 tekens.",
    )

    def clean(self):
        data = super().clean()
        if not (data.get("location") or "").strip() and not data.get("is_online"):
            self.add_error("location", "Vul een locatie in of kies ‘online overleg’.")
        return data


class MeetingRecordForm(forms.Form):
    """Attendance (one checkbox per invitation) and the minutes of one meeting."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.TypedMultipleChoiceField(
        label="Aanwezig",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vink aan wie bij het overleg aanwezig was.",
    )
    minutes = forms.CharField(
        label="Verslag",
        max_length=10000,
        error_messages={"required": "Schrijf het verslag van het overleg."},
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Wat is besproken. Besluiten legt u daarna apart vast. Maximaal 10.000 tekens.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invitations = meeting.invitations.select_related("user", "organisation")
        self.fields["attended"].choices = [
            (invitation.user_id, f"{invitation.user.get_full_name() or invitation.user} – {invitation.organisation}")
            for invitation in invitations
        ]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="Besluit",
        max_length=2000,
        error_messages={"required": "Beschrijf het besluit."},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Maximaal 2000 tekens. Met een eigenaar en een deadline wordt het besluit een actie in het plan.",
    )
    action_owner = forms.ModelChoiceField(
        label="Actie voor organisatie",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Geen actie",
        help_text="Alleen organisaties die aan tafel zitten.",
    )
    action_owner_user = forms.ModelChoiceField(
        label="Uitvoerder",
        queryset=User.objects.none(),
        required=False,
        empty_label="Geen persoon",
        help_text="Een professional die namens deze organisatie aan tafel zit.",
    )
    action_deadline = forms.DateField(
        label="Deadline van de actie",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        at_table = Participant.objects.filter(case=case, left_on__isnull=True)
        self.fields["action_owner"].queryset = Organisation.objects.filter(pk__in=at_table.values("organisation_id"))
        seats = ParticipantProfessional.objects.filter(
            participant__case=case, participant__left_on__isnull=True, left_on__isnull=True
        )
        self.fields["action_owner_user"].queryset = (
            User.objects.filter(pk__in=seats.values("user_id")).select_related("organisation").order_by("last_name")
        )
        self.fields["action_owner_user"].label_from_instance = lambda u: f"{u.get_full_name()} – {u.organisation}"

    def clean(self):
        data = super().clean()
        owner, deadline, person = data.get("action_owner"), data.get("action_deadline"), data.get("action_owner_user")
        if owner and not deadline and "action_deadline" not in self.errors:
            self.add_error("action_deadline", "Een actie heeft een deadline.")
        if deadline and not owner:
            self.add_error("action_owner", "Kies de organisatie die de actie uitvoert, of laat de deadline leeg.")
        if person and not owner:
            self.add_error("action_owner", "Kies de organisatie van de uitvoerder.")
        if deadline and deadline < timezone.localdate():
            self.add_error("action_deadline", "De deadline kan niet in het verleden liggen.")
        return data
