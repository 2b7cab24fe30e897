"""Which case models django-auditlog records. The BSN is never written to the change log
(privacy protocol: no BSN in logs); a BSN change shows as a timeline event without its value."""

from auditlog.registry import auditlog

from .models import (
    AveLevelChange,
    Case,
    CaseBottleneck,
    CaseEvaluation,
    CaseHandover,
    CaseLink,
    Deputyship,
    DomainAssessment,
    Escalation,
    EscalationPerson,
    EscalationQuestion,
    Goal,
    GoalEvaluation,
    InclusionDecision,
    Meeting,
    MeetingChange,
    MeetingDecision,
    MeetingGuest,
    MeetingInvitation,
    Participant,
    ParticipantProfessional,
    Person,
    PlanAction,
    PlanAgreement,
    ProcessPlan,
    ProgrammeChange,
    TimelineEntry,
)

auditlog.register(Case, exclude_fields=["version", "updated_at", "person_search_text"])
auditlog.register(Person, exclude_fields=["bsn", "version", "updated_at"])
auditlog.register(Participant)
auditlog.register(ParticipantProfessional)
auditlog.register(AveLevelChange)
auditlog.register(ProgrammeChange)
auditlog.register(CaseLink)
auditlog.register(TimelineEntry)
auditlog.register(Escalation, exclude_fields=["version"], m2m_fields={"bottleneck_categories"})
auditlog.register(EscalationPerson, exclude_fields=["bsn"])
auditlog.register(EscalationQuestion)
auditlog.register(InclusionDecision)
auditlog.register(ProcessPlan, exclude_fields=["version"])
auditlog.register(Meeting, exclude_fields=["version"])
for plan_part in (
    DomainAssessment,
    Goal,
    PlanAction,
    PlanAgreement,
    MeetingInvitation,
    MeetingDecision,
    MeetingChange,
    MeetingGuest,
):
    auditlog.register(plan_part)
auditlog.register(CaseHandover)
auditlog.register(Deputyship)
for closure_part in (CaseEvaluation, GoalEvaluation, CaseBottleneck):
    auditlog.register(closure_part)
