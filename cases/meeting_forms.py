"""Forms of the case meeting screens (casusoverleg). Validation messages are Dutch and belong to a
field; rules that need the database live in cases/services/plan.py, whose `ServiceError(field=...)`
the views put beside the matching field (SERVICE_FIELDS)."""

from django import forms
from django.utils import timezone

from partners.models import Organisation, User
from zvh.forms import SubmissionKeyField, ZvhForm, ascii_digits

from .models import Attendance, Case, Meeting, Participant, ParticipantProfessional

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

# Field names used by the services → field names of DecisionForm.
SERVICE_FIELDS = {
    "text": "text",
    "description": "text",
    "action_owner": "action_owner",
    "owner_organisation": "action_owner",
    "owner_user": "action_owner_user",
}


def _starts_at_field(label: str = "Datum en tijd") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        error_messages={
            "required": "Vul de datum en tijd in.",
            "invalid": "Vul een datum en tijd in, bijvoorbeeld 12-03-2026 14:00.",
        },
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text="Bijvoorbeeld 12-03-2026 14:00.",
    )


def _reason_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Reden",
        max_length=1000,
        error_messages={"required": "Geef de reden op.", "max_length": "De reden is te lang (maximaal 1000 tekens)."},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class MeetingScheduleForm(ZvhForm):
    submission_key = SubmissionKeyField()
    starts_at = _starts_at_field()
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


GUEST_EXTRA_ROWS = 3  # empty guest rows offered beyond the guests already recorded
GUEST_MAX_ROWS = 50


class MeetingRecordForm(ZvhForm):
    """Attendance (per invitee a radio group aanwezig / afgemeld / afwezig), guests without an
    account (name and organisation: text only) and the minutes of one meeting."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(
        label="Verslag",
        max_length=10000,
        error_messages={"required": "Schrijf het verslag van het overleg."},
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Wat is besproken. Besluiten legt u daarna apart vast. Maximaal 10.000 tekens.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        invitations = list(meeting.invitations.select_related("user", "organisation"))
        guests = list(meeting.guests.order_by("pk"))
        initial = kwargs.setdefault("initial", {})
        for invitation in invitations:
            initial.setdefault(f"attendance_{invitation.user_id}", invitation.attendance or None)
        for n, guest in enumerate(guests):
            initial.setdefault(f"guest_name_{n}", guest.name)
            initial.setdefault(f"guest_organisation_{n}", guest.organisation_name)
        super().__init__(*args, **kwargs)
        self.attendance_names = []
        for invitation in invitations:
            name = f"attendance_{invitation.user_id}"
            person = invitation.user.get_full_name() or invitation.user.get_username()
            self.fields[name] = forms.ChoiceField(
                label=f"{person} – {invitation.organisation}",
                choices=Attendance.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Kies aanwezig, afgemeld of afwezig voor {person}."},
            )
            self.attendance_names.append(name)
        rows = len(guests) + GUEST_EXTRA_ROWS
        if self.is_bound:  # keep every row that was sent, also one more than this form offered
            for key in self.data:
                prefix, _, number = key.rpartition("_")
                if prefix in ("guest_name", "guest_organisation") and ascii_digits(number):
                    rows = max(rows, int(number) + 1)
        self.guest_numbers = list(range(min(rows, GUEST_MAX_ROWS)))
        for n in self.guest_numbers:
            self.fields[f"guest_name_{n}"] = forms.CharField(label="Naam", max_length=200, required=False)
            self.fields[f"guest_organisation_{n}"] = forms.CharField(
                label="Organisatie", max_length=200, required=False
            )
        # In the order of the page (and of the error summary): attendance, guests, minutes.
        self.order_fields([*self.attendance_names, *(n for n in self.fields if n.startswith("guest_")), "minutes"])

    def attendance_fields(self):
        return [self[name] for name in self.attendance_names]

    def guest_rows(self):
        """(number shown to the user, name field, organisation field) per guest row."""
        return [(n + 1, self[f"guest_name_{n}"], self[f"guest_organisation_{n}"]) for n in self.guest_numbers]

    def clean(self):
        data = super().clean()
        for n in self.guest_numbers:
            if (data.get(f"guest_organisation_{n}") or "").strip() and not (data.get(f"guest_name_{n}") or "").strip():
                self.add_error(f"guest_name_{n}", f"Vul de naam van gast {n + 1} in, of maak ook de organisatie leeg.")
        return data

    def attendance(self) -> dict[int, str]:
        """{user id: status} from the cleaned data."""
        return {int(name.removeprefix("attendance_")): self.cleaned_data[name] for name in self.attendance_names}

    def guests(self) -> list[tuple[str, str]]:
        """(name, organisation) per filled-in guest row, in the order shown."""
        rows = [
            (self.cleaned_data[f"guest_name_{n}"].strip(), self.cleaned_data[f"guest_organisation_{n}"].strip())
            for n in self.guest_numbers
        ]
        return [row for row in rows if row[0]]


class MeetingCancelForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = _reason_field(
        "Bijvoorbeeld: de betrokkene is opgenomen. De partners aan tafel zien de reden bij het overleg."
    )


class MeetingRescheduleForm(ZvhForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = _starts_at_field("Nieuwe datum en tijd")
    reason = _reason_field("Bijvoorbeeld: de GGZ-behandelaar kan niet. De partners aan tafel zien de reden.")


class DecisionForm(ZvhForm):
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
