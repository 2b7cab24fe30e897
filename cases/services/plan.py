"""Process plans and case meetings. Rules:
- Only the case's procesregisseur (policy CHANGE) starts, edits and agrees plan versions and
  schedules and records meetings.
- A new version starts as a copy of the latest one (analysis, goals, and the actions that are not
  finished or dropped); there is at most one concept per case.
- Casusregie belongs to the case (`set_casusregie`); the plan form edits it through that service. A
  concept shows the case's value; agreeing a version freezes a copy of it in the version.
- Each organisation at the table records its own agreement to a concept (`record_agreement`, by a
  professional seated for it: policy.may_agree_plan), once per organisation and version.
- Agreeing (fixing) freezes the version's content (analysis, goals, actions) and records who and
  when; while an organisation at the table has not agreed, the regisseur must confirm fixing it
  anyway (`confirm_missing`), and the timeline names who had not agreed.
- Progress of an action (status + note) is updated on the latest version by the regisseur or by a
  professional seated for the action's owning organisation; never by another partner.
- A meeting decision can create an action in the concept plan (a concept is started if needed).
- A planned meeting can be cancelled, or moved to a moment in the future, by the regisseur with a
  reason (history row + timeline entry). Minutes are recorded only once a meeting has started and
  never for a cancelled one; each invitee is aanwezig, afgemeld or afwezig; guests without an
  account are names in the attendance only (no access, no grants).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import (
    ActionStatus,
    Attendance,
    Case,
    DomainAssessment,
    Goal,
    LifeDomain,
    Meeting,
    MeetingChange,
    MeetingChangeKind,
    MeetingDecision,
    MeetingGuest,
    MeetingInvitation,
    MeetingStatus,
    ParticipantProfessional,
    PlanAction,
    PlanAgreement,
    PlanStatus,
    ProcessPlan,
    TimelineKind,
)
from notifications.outbox import enqueue_many
from partners import submission_keys
from partners.models import Organisation, User
from privacy import policy
from zvh.errors import lock_versioned
from zvh.formats import moment_text

from . import notify
from .case import ConcurrentEdit, ServiceError, _event, _require, set_casusregie

CARRIED_OVER = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
REASON_MAX_LENGTH = 1000  # MeetingChange.reason


def _require_regisseur(actor: User, case: Case) -> None:
    _require(policy.may_change_case(actor, case), "Alleen de procesregisseur van deze casus beheert het plan.")


def _concept(plan: ProcessPlan, expected_version: int | None = None) -> ProcessPlan:
    plan = ProcessPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_frozen:
        raise ServiceError(f"Versie {plan.number} is vastgesteld en kan niet meer worden gewijzigd.")
    if expected_version is not None and plan.version != expected_version:
        raise ConcurrentEdit("Dit plan")
    return plan


def _touch(plan: ProcessPlan) -> None:
    plan.version += 1
    plan.save(update_fields=["version"])


def latest_plan(case: Case) -> ProcessPlan | None:
    return case.plans.order_by("-number").first()


@transaction.atomic
def start_plan(*, case: Case, actor: User) -> ProcessPlan:
    """Start a new concept version from the latest version (or an empty first version). If a
    concept already exists, that concept is returned (a double click starts one version)."""
    _require_regisseur(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ServiceError("Een afgesloten casus krijgt geen nieuw plan.")
    if case.programme.is_advice_flow:
        raise ServiceError(f"Een casus van {case.programme.code} (advies) heeft geen plan van aanpak.")
    concept = case.plans.filter(status=PlanStatus.CONCEPT).first()
    if concept is not None:
        return concept
    previous = latest_plan(case)
    plan = ProcessPlan.objects.create(
        case=case,
        number=(previous.number + 1) if previous else 1,
        summary=previous.summary if previous else "",
        casusregisseur=case.casusregisseur,  # overwritten with the case's value when agreed
        casusregisseur_user=case.casusregisseur_user,
        next_review_on=timezone.localdate() + timedelta(days=case.programme.review_interval_days),
        created_by=actor,
    )
    if previous is not None:
        for assessment in previous.assessments.all():
            DomainAssessment.objects.create(
                plan=plan,
                domain=assessment.domain,
                score=assessment.score,
                risks=assessment.risks,
                protective_factors=assessment.protective_factors,
            )
        goals = {}
        for goal in previous.goals.all():
            goals[goal.pk] = Goal.objects.create(
                plan=plan, domain=goal.domain, description=goal.description, sort_order=goal.sort_order
            )
        for action in previous.actions.filter(status__in=CARRIED_OVER):
            PlanAction.objects.create(
                plan=plan,
                goal=goals.get(action.goal_id),
                description=action.description,
                owner_organisation=action.owner_organisation,
                owner_user=action.owner_user,
                deadline=action.deadline,
                status=action.status,
                status_note=action.status_note,
                carried_from=action,
                from_decision=action.from_decision,
            )
    _event(case, TimelineKind.PLAN_STARTED, f"Plan van aanpak versie {plan.number} gestart (concept).", actor)
    return plan


@transaction.atomic
def update_plan(
    *,
    plan: ProcessPlan,
    actor: User,
    expected_version: int,
    summary: str,
    casusregisseur: Organisation | None,
    next_review_on: date | None,
    casusregisseur_user: User | None = None,
) -> ProcessPlan:
    """The concept's analysis and review date, and the case's casusregie (through
    `set_casusregie`: the case is the one source, the concept shows it)."""
    _require_regisseur(actor, plan.case)
    Case.objects.select_for_update().get(pk=plan.case_id)  # lock order: the case, then the plan
    plan = _concept(plan, expected_version)
    if next_review_on is not None and next_review_on < timezone.localdate():
        raise ServiceError("De volgende evaluatie kan niet in het verleden liggen.", field="next_review_on")
    set_casusregie(case=plan.case, actor=actor, organisation=casusregisseur, user=casusregisseur_user)
    plan.summary = summary.strip()
    plan.next_review_on = next_review_on
    plan.version += 1
    plan.save()
    return plan


@transaction.atomic
def save_assessment(
    *,
    plan: ProcessPlan,
    actor: User,
    domain: LifeDomain,
    score: int | None,
    risks: str = "",
    protective_factors: str = "",
) -> DomainAssessment:
    _require_regisseur(actor, plan.case)
    plan = _concept(plan)
    if score is not None and not 1 <= score <= 5:
        raise ServiceError("Een score is 1 tot en met 5.", field="score")
    assessment, _ = DomainAssessment.objects.update_or_create(
        plan=plan,
        domain=domain,
        defaults={"score": score, "risks": risks.strip(), "protective_factors": protective_factors.strip()},
    )
    _touch(plan)
    return assessment


@transaction.atomic
def save_assessments(
    *, plan: ProcessPlan, actor: User, expected_version: int, items: list[tuple[LifeDomain, int | None, str, str]]
) -> ProcessPlan:
    """Save the analysis of several life domains at once (domain, score, risks, protective
    factors), all or nothing, refused when someone saved the concept in the meantime."""
    _require_regisseur(actor, plan.case)
    plan = _concept(plan, expected_version)
    for domain, score, risks, protective_factors in items:
        if score is not None and not 1 <= score <= 5:
            raise ServiceError("Een score is 1 tot en met 5.", field="score")
        DomainAssessment.objects.update_or_create(
            plan=plan,
            domain=domain,
            defaults={"score": score, "risks": risks.strip(), "protective_factors": protective_factors.strip()},
        )
    _touch(plan)
    return plan


@submission_keys.once_per_key("doel", Goal)
@transaction.atomic
def add_goal(*, plan: ProcessPlan, actor: User, domain: LifeDomain, description: str) -> Goal:
    _require_regisseur(actor, plan.case)
    plan = _concept(plan)
    if not description.strip():
        raise ServiceError("Beschrijf het doel.", field="description")
    goal = Goal.objects.create(plan=plan, domain=domain, description=description.strip(), sort_order=plan.goals.count())
    _touch(plan)
    return goal


def _check_owner(case: Case, organisation: Organisation, owner_user: User | None) -> None:
    """The owner of an action sits at the table (procesregie: the partners do the work)."""
    if not case.participants.filter(organisation=organisation, left_on__isnull=True).exists():
        raise ServiceError(f"{organisation} zit niet aan tafel bij deze casus.", field="owner_organisation")
    if owner_user is not None:
        seated = ParticipantProfessional.objects.filter(
            participant__case=case,
            participant__organisation=organisation,
            participant__left_on__isnull=True,
            left_on__isnull=True,
            user=owner_user,
        ).exists()
        if not seated:
            raise ServiceError(
                f"{owner_user.get_full_name()} zit niet namens {organisation} aan tafel.", field="owner_user"
            )


@submission_keys.once_per_key("actie", PlanAction)
@transaction.atomic
def add_action(
    *,
    plan: ProcessPlan,
    actor: User,
    description: str,
    owner_organisation: Organisation,
    deadline: date,
    owner_user: User | None = None,
    goal: Goal | None = None,
    from_decision: MeetingDecision | None = None,
) -> PlanAction:
    _require_regisseur(actor, plan.case)
    plan = _concept(plan)
    if not description.strip():
        raise ServiceError("Beschrijf de actie.", field="description")
    if goal is not None and goal.plan_id != plan.pk:
        raise ServiceError("Dit doel hoort niet bij deze versie van het plan.", field="goal")
    _check_owner(plan.case, owner_organisation, owner_user)
    action = PlanAction.objects.create(
        plan=plan,
        goal=goal,
        description=description.strip(),
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        deadline=deadline,
        from_decision=from_decision,
    )
    _touch(plan)
    notify.action_assigned(action)
    return action


def organisations_not_agreed(plan: ProcessPlan) -> list[Organisation]:
    """The organisations at the table now that have not recorded their agreement to `plan`."""
    agreed = PlanAgreement.objects.filter(plan=plan).values_list("organisation_id", flat=True)
    seated = plan.case.participants.filter(left_on__isnull=True).exclude(organisation_id__in=agreed)
    return [p.organisation for p in seated.select_related("organisation").order_by("organisation__name")]


def organisations_to_ask(plan: ProcessPlan) -> list[Organisation]:
    """The organisations at the table whose agreement to the concept as it is now is missing: never
    given, or given to an earlier state of the concept."""
    current = PlanAgreement.objects.filter(plan=plan, plan_version__gte=plan.version).values_list(
        "organisation_id", flat=True
    )
    seated = plan.case.participants.filter(left_on__isnull=True).exclude(organisation_id__in=current)
    return [p.organisation for p in seated.select_related("organisation").order_by("organisation__name")]


@transaction.atomic
def request_agreement(*, plan: ProcessPlan, actor: User, expected_version: int) -> list[Organisation]:
    """The regisseur puts the concept before the partners: every professional seated for an
    organisation whose agreement is missing hears that the plan awaits it (once per state of the
    concept). Returns the organisations asked."""
    _require_regisseur(actor, plan.case)
    case = Case.objects.select_for_update(of=("self",)).get(pk=plan.case_id)
    if case.is_closed:
        raise ServiceError("Deze casus is afgesloten.")
    plan = _concept(plan, expected_version)
    if not plan.goals.exists():
        raise ServiceError("Voeg eerst doelen toe: een plan zonder doelen legt u niet ter akkoord voor.")
    organisations = organisations_to_ask(plan)
    if not organisations:
        raise ServiceError("Alle partners aan tafel gaven al akkoord op dit concept.")
    professionals = list(
        User.objects.filter(
            is_active=True,
            seats__left_on__isnull=True,
            seats__participant__case=case,
            seats__participant__left_on__isnull=True,
            seats__participant__organisation__in=organisations,
        )
        .exclude(pk=case.procesregisseur_id)
        .distinct()
        .order_by("pk")
    )
    if not professionals:
        raise ServiceError("Bij deze partners zit niemand met een account aan tafel; vraag het akkoord in het overleg.")
    notify.plan_awaits_agreement(plan, professionals)
    plan.agreement_requested_at = timezone.now()
    plan.agreement_requested_version = plan.version
    plan.save(update_fields=["agreement_requested_at", "agreement_requested_version"])
    names = ", ".join(str(o) for o in organisations)
    text = f"Akkoord gevraagd op plan van aanpak versie {plan.number} aan: {names}."
    _event(case, TimelineKind.PLAN_AGREEMENT_ASKED, text, actor)
    return organisations


@transaction.atomic
def record_agreement(*, plan: ProcessPlan, actor: User, remark: str = "") -> PlanAgreement:
    """A partner professional records their organisation's agreement to a concept version. Once per
    organisation and version: a second submit (by them or a colleague at the table) returns the
    first agreement unchanged, unless the concept changed since, when the one row is renewed
    (who, when, remark, the concept's version)."""
    case = plan.case
    if not policy.may_agree_plan(actor, case):
        raise PermissionDenied("Alleen een professional die namens een partner aan tafel zit, geeft akkoord.")
    plan = ProcessPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_frozen:
        raise ServiceError(f"Versie {plan.number} is al vastgesteld.")
    if case.is_closed:
        raise ServiceError("Deze casus is afgesloten.")
    existing = PlanAgreement.objects.filter(plan=plan, organisation_id=actor.organisation_id).first()
    if existing is not None and existing.plan_version >= plan.version:
        return existing
    if existing is not None:  # the concept changed after the earlier agreement: renew it
        existing.user, existing.agreed_at = actor, timezone.now()
        existing.remark, existing.plan_version = remark.strip()[:500], plan.version
        existing.save()
        agreement, again = existing, " opnieuw"
    else:
        agreement = PlanAgreement.objects.create(
            plan=plan, organisation_id=actor.organisation_id, user=actor, remark=remark.strip()[:500],
            plan_version=plan.version,
        )  # fmt: skip
        again = ""
    text = f"{actor.organisation} gaat{again} akkoord met plan van aanpak versie {plan.number}."
    if agreement.remark:
        text += f" Opmerking: {agreement.remark}"
    _event(case, TimelineKind.PLAN_PARTNER_AGREED, text, actor)
    notify.partner_agreed(agreement)
    return agreement


@transaction.atomic
def agree_plan(
    *, plan: ProcessPlan, actor: User, expected_version: int, agreement_note: str = "", confirm_missing: bool = False
) -> ProcessPlan:
    """Fix (vaststellen) a concept. While an organisation at the table has not recorded its
    agreement, the regisseur must confirm (`confirm_missing`) and say where the agreement was
    given (`agreement_note`, e.g. the casusoverleg); the timeline names who had not agreed. The
    case's casusregie is frozen into the version, so older versions keep showing who it was."""
    _require_regisseur(actor, plan.case)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("casusregisseur", "casusregisseur_user")
        .get(pk=plan.case_id)
    )
    plan = _concept(plan, expected_version)
    if not plan.goals.exists():
        raise ServiceError("Een plan zonder doelen kan niet worden vastgesteld.")
    missing = organisations_not_agreed(plan)
    if missing and not confirm_missing:
        names = ", ".join(str(o) for o in missing)
        raise ServiceError(f"Nog geen akkoord van: {names}. Bevestig dat u het plan toch vaststelt.",
                           field="confirm_missing")  # fmt: skip
    if missing and not agreement_note.strip():
        raise ServiceError("Leg vast wie akkoord gaf en waar (bijv. casusoverleg van 12 maart).",
                               field="agreement_note")  # fmt: skip
    plan.status = PlanStatus.AGREED
    plan.agreed_by = actor
    plan.agreed_at = timezone.now()
    plan.agreement_note = agreement_note.strip()
    plan.casusregisseur = case.casusregisseur
    plan.casusregisseur_user = case.casusregisseur_user
    plan.version += 1
    plan.save()
    text = f"Plan van aanpak versie {plan.number} vastgesteld."
    if missing:
        text += " Nog geen akkoord van: " + ", ".join(str(o) for o in missing) + "."
    _event(case, TimelineKind.PLAN_AGREED, text, actor)
    return plan


@transaction.atomic
def update_action_status(*, action: PlanAction, actor: User, status: str, note: str = "") -> PlanAction:
    if not policy.may_update_action(actor, action):
        raise PermissionDenied("Alleen de eigenaar van deze actie of de procesregisseur werkt de status bij.")
    action = PlanAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if action.plan_id != latest_plan(action.plan.case).pk:
        raise ServiceError("Werk de status bij in de nieuwste versie van het plan.")
    if status not in ActionStatus.values:
        raise ServiceError("Kies een status.", field="status")
    action.status = status
    action.status_note = note.strip()[:500]
    action.status_updated_by = actor
    action.status_updated_at = timezone.now()
    action.save()
    _event(
        action.plan.case,
        TimelineKind.ACTION_STATUS,
        f"Actie ‘{action.description[:80]}’: {ActionStatus(status).label}. {action.status_note}".strip(),
        actor,
    )
    return action


@submission_keys.once_per_key("casusoverleg", Meeting)
@transaction.atomic
def schedule_meeting(
    *, case: Case, actor: User, starts_at: datetime, location: str = "", is_online: bool = False, agenda: str = ""
) -> Meeting:
    """Schedule a casusoverleg and invite every professional now seated at the table (by e-mail with
    a calendar file, through the outbox)."""
    _require_regisseur(actor, case)
    if case.is_closed:
        raise ServiceError("Een afgesloten casus krijgt geen casusoverleg meer.")
    if case.programme.is_advice_flow:
        raise ServiceError(f"Een casus van {case.programme.code} (advies) heeft geen casusoverleg.")
    if not location.strip() and not is_online:
        raise ServiceError("Vul een locatie in of kies ‘online’.", field="location")
    meeting = Meeting.objects.create(
        case=case, starts_at=starts_at, location=location.strip(), is_online=is_online, agenda=agenda.strip(),
        chair=actor,
    )  # fmt: skip
    seats = ParticipantProfessional.objects.filter(
        participant__case=case, participant__left_on__isnull=True, left_on__isnull=True
    ).select_related("participant")
    MeetingInvitation.objects.bulk_create(
        MeetingInvitation(meeting=meeting, user_id=seat.user_id, organisation_id=seat.participant.organisation_id)
        for seat in seats
    )
    text = f"Casusoverleg gepland op {moment_text(timezone.localtime(starts_at))}."
    _event(case, TimelineKind.MEETING_PLANNED, text, actor)
    _tell_invitees(meeting, MessageKind.MEETING_INVITATION)
    return meeting


def _tell_invitees(meeting: Meeting, kind: str) -> int:
    """Queue the invitation, move or cancellation e-mail (with its calendar file, cases/emails.py)
    to every invitee, in the caller's transaction: one message per invitee and meeting version."""
    invitees = User.objects.filter(pk__in=meeting.invitations.values("user_id")).order_by("pk")
    return enqueue_many(
        kind=kind,
        object_id=meeting.pk,
        recipients_and_keys=[(user, f"overleg:{meeting.pk}:v{meeting.version}:{user.pk}") for user in invitees],
    )


def _when(moment: datetime) -> str:
    return f"{moment_text(timezone.localtime(moment))}"


def _reason(reason: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ServiceError(message, field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ServiceError(f"De reden is te lang (maximaal {REASON_MAX_LENGTH} tekens).", field="reason")
    return reason


@transaction.atomic
def record_meeting(
    *,
    meeting: Meeting,
    actor: User,
    expected_version: int,
    attendance: dict[int, str],
    minutes: str,
    guests: list[tuple[str, str]] | None = None,
) -> Meeting:
    """Record (or correct) the attendance and the minutes of a meeting that has started.

    `attendance` gives every invitee (by user id) aanwezig, afgemeld or afwezig. `guests` (name,
    organisation) replaces the guests without an account (None leaves them as they are): they are
    only names in the attendance and never get access to the case."""
    _require_regisseur(actor, meeting.case)
    meeting = lock_versioned(Meeting, meeting.pk, expected_version, "Dit casusoverleg")
    if meeting.is_cancelled:
        raise ServiceError("Een geannuleerd overleg heeft geen verslag.")
    if not meeting.has_started:
        raise ServiceError(
            f"Het verslag kunt u vastleggen zodra het overleg is begonnen ({_when(meeting.starts_at)} uur).",
            field="minutes",
        )
    invitations = list(meeting.invitations.select_related("user"))
    for invitation in invitations:
        status = attendance.get(invitation.user_id, "")
        if status not in Attendance.values:
            name = invitation.user.get_full_name() or invitation.user.get_username()
            raise ServiceError(
                f"Kies voor {name} aanwezig, afgemeld of afwezig.", field=f"attendance_{invitation.user_id}"
            )
    if guests is not None:
        guests = [(name.strip(), organisation.strip()) for name, organisation in guests]
        if any(not name for name, _ in guests):
            raise ServiceError("Vul de naam van iedere gast in.", field="guests")
    for invitation in invitations:
        if invitation.attendance != attendance[invitation.user_id]:
            invitation.attendance = attendance[invitation.user_id]
            invitation.save(update_fields=["attendance"])  # one by one: django-auditlog records each
    if guests is not None:
        _replace_guests(meeting, guests)
    meeting.minutes = minutes.strip()
    meeting.status = MeetingStatus.HELD
    meeting.save()
    return meeting


def _replace_guests(meeting: Meeting, guests: list[tuple[str, str]]) -> None:
    """Update the guest rows in place, add new ones and delete the rest (row by row, so the change
    log shows what changed rather than every guest deleted and added again)."""
    existing = list(meeting.guests.order_by("pk"))
    for guest, (name, organisation) in zip(existing, guests, strict=False):
        if (guest.name, guest.organisation_name) != (name, organisation):
            guest.name, guest.organisation_name = name, organisation
            guest.save(update_fields=["name", "organisation_name"])
    for name, organisation in guests[len(existing) :]:
        MeetingGuest.objects.create(meeting=meeting, name=name, organisation_name=organisation)
    for guest in existing[len(guests) :]:
        guest.delete()


def _changeable(meeting: Meeting, by: User, expected_version: int | None, what: str) -> Meeting:
    """The meeting locked for a cancellation or rescheduling: by the regisseur, while planned."""
    _require_regisseur(by, meeting.case)
    meeting = lock_versioned(Meeting, meeting.pk, expected_version, "Dit casusoverleg")
    if meeting.is_cancelled:
        raise ServiceError(f"Dit overleg is geannuleerd en kan niet meer worden {what}.")
    if meeting.is_held:
        raise ServiceError(f"Dit overleg is al gehouden en kan niet meer worden {what}.")
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User, reason: str, expected_version: int | None = None) -> Meeting:
    """Cancel a planned meeting, with a reason shown on the meeting and in its history."""
    meeting = _changeable(meeting, by, expected_version, "geannuleerd")
    reason = _reason(reason, "Geef de reden van de annulering.")
    MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChangeKind.CANCELLED,
        reason=reason,
        previous_starts_at=meeting.starts_at,
        changed_by=by,
    )
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    _event(meeting.case, TimelineKind.MEETING_CANCELLED,
           f"Casusoverleg van {_when(meeting.starts_at)} geannuleerd. Reden: {reason}", by)  # fmt: skip
    _tell_invitees(meeting, MessageKind.MEETING_CANCELLED)
    return meeting


@transaction.atomic
def reschedule_meeting(
    *, meeting: Meeting, by: User, starts_at: datetime, reason: str, expected_version: int | None = None
) -> Meeting:
    """Move a planned meeting to a later moment, with a reason; the invitations stay."""
    meeting = _changeable(meeting, by, expected_version, "verplaatst")
    if starts_at <= timezone.now():
        raise ServiceError("Kies een nieuwe datum en tijd in de toekomst.", field="starts_at")
    if starts_at == meeting.starts_at:
        raise ServiceError("Kies een andere datum of tijd dan de huidige.", field="starts_at")
    reason = _reason(reason, "Geef de reden van het verplaatsen.")
    previous = meeting.starts_at
    MeetingChange.objects.create(
        meeting=meeting,
        kind=MeetingChangeKind.RESCHEDULED,
        reason=reason,
        previous_starts_at=previous,
        new_starts_at=starts_at,
        changed_by=by,
    )
    meeting.starts_at = starts_at
    meeting.save()
    _event(meeting.case, TimelineKind.MEETING_RESCHEDULED,
           f"Casusoverleg van {_when(previous)} verplaatst naar {_when(starts_at)}. Reden: {reason}", by)  # fmt: skip
    _tell_invitees(meeting, MessageKind.MEETING_RESCHEDULED)
    return meeting


@transaction.atomic
def add_decision(
    *,
    meeting: Meeting,
    actor: User,
    text: str,
    action_owner: Organisation | None = None,
    action_deadline: date | None = None,
    action_owner_user: User | None = None,
) -> MeetingDecision:
    """Record a decision; with an owner and a deadline it becomes an action in the concept plan."""
    _require_regisseur(actor, meeting.case)
    if not text.strip():
        raise ServiceError("Beschrijf het besluit.", field="text")
    if (action_owner is None) != (action_deadline is None):
        raise ServiceError("Een actie uit een besluit heeft een eigenaar én een deadline.", field="action_owner")
    decision = MeetingDecision.objects.create(meeting=meeting, text=text.strip())
    if action_owner is not None:
        plan = start_plan(case=meeting.case, actor=actor)
        add_action(
            plan=plan,
            actor=actor,
            description=text.strip(),
            owner_organisation=action_owner,
            owner_user=action_owner_user,
            deadline=action_deadline,
            from_decision=decision,
        )
    return decision
