"""The shapes of the API's requests and answers, for the OpenAPI document and for rendering.
Input is validated by the web form's own classes (api/escalation_input.py), so the API answers with
the form's Dutch messages; the request serializers below only describe it."""

from __future__ import annotations

from rest_framework import serializers

from cases.models import ActionStatus, AveLevel, EscalationStatus, MeetingStatus, NotInformedReason, Phase, Urgency


class PersonInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    name_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    role_in_case = serializers.CharField(help_text="hoofdpersoon, partner, kind, …")
    street_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=7, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    bsn = serializers.CharField(max_length=11, required=False, allow_blank=True)


class EscalationInput(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)
    bottleneck_categories = serializers.ListField(child=serializers.IntegerField(), help_text="id's van knelpunten")
    bottleneck_text = serializers.CharField(max_length=4000)
    ave_level = serializers.ChoiceField(choices=AveLevel.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    goal = serializers.CharField(max_length=2000)
    involved_organisations = serializers.ListField(child=serializers.IntegerField(), required=False)
    involved_other = serializers.CharField(max_length=300, required=False, allow_blank=True)
    person_informed = serializers.BooleanField()
    not_informed_reason = serializers.ChoiceField(choices=NotInformedReason.choices, required=False, allow_blank=True)
    not_informed_explanation = serializers.CharField(max_length=500, required=False, allow_blank=True)
    municipality = serializers.IntegerField(required=False, allow_null=True, help_text="id van de woongemeente")
    suggested_programme = serializers.IntegerField(required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=150)
    contact_phone = serializers.CharField(max_length=30)
    contact_email = serializers.EmailField()
    persons = PersonInput(many=True)


class EscalationStatusOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=EscalationStatus.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    feedback = serializers.CharField(allow_blank=True, help_text="De terugkoppeling van het triageteam")
    advice = serializers.CharField(allow_blank=True)
    case_reference = serializers.CharField(allow_null=True, help_text="Alleen als u de casus mag zien")


class CaseSummaryOutput(serializers.Serializer):
    reference = serializers.CharField()
    programme = serializers.CharField()
    phase = serializers.ChoiceField(choices=Phase.choices)
    phase_label = serializers.CharField()
    ave_level = serializers.IntegerField()
    opened_on = serializers.DateField()


class CasePersonOutput(serializers.Serializer):
    first_name = serializers.CharField()
    name_prefix = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField()
    role_in_case = serializers.CharField()


class CaseDetailOutput(CaseSummaryOutput):
    closed_on = serializers.DateField(allow_null=True)
    procesregisseur = serializers.CharField()
    municipality = serializers.CharField(allow_null=True)
    persons = CasePersonOutput(many=True)
    permissions = serializers.ListField(child=serializers.CharField())


class ActionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner_organisation = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    status_label = serializers.CharField()
    status_note = serializers.CharField(allow_blank=True)
    plan_version = serializers.IntegerField()
    may_update = serializers.BooleanField(help_text="Mag u de status bijwerken?")


class ActionStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class MeetingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    location = serializers.CharField(allow_blank=True)
    is_online = serializers.BooleanField()
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    status_label = serializers.CharField()


class GoalOutput(serializers.Serializer):
    domain = serializers.CharField()
    description = serializers.CharField()


class PlanOutput(serializers.Serializer):
    version = serializers.IntegerField()
    agreed_at = serializers.DateTimeField()
    summary = serializers.CharField(allow_blank=True)
    casusregie = serializers.CharField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)
    goals = GoalOutput(many=True)
    actions = ActionOutput(many=True)


class FigureRowOutput(serializers.Serializer):
    label = serializers.CharField()
    is_total = serializers.BooleanField()
    cells = serializers.ListField(
        child=serializers.JSONField(), help_text="Getal, null (geen gegeven) of de tekst '< 5' (klein aantal)"
    )


class FigureTableOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    row_header = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = FigureRowOutput(many=True)
    note = serializers.CharField(allow_blank=True)


class HeadlineOutput(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.JSONField()


class FiguresOutput(serializers.Serializer):
    selection = serializers.CharField()
    computed_at = serializers.DateTimeField(allow_null=True)
    headline = HeadlineOutput(many=True)
    tables = FigureTableOutput(many=True)


class ZgwExportOutput(serializers.Serializer):
    zaak = serializers.JSONField()
    rollen = serializers.ListField(child=serializers.JSONField())
    statussen = serializers.ListField(child=serializers.JSONField())
    zaakinformatieobjecten = serializers.ListField(child=serializers.JSONField())
    enkelvoudiginformatieobjecten = serializers.ListField(child=serializers.JSONField())
