"""Read-side queries for case screens. Every query starts from `privacy.policy.cases_visible_to`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Upper
from django.utils import timezone

from cases.models.escalation import escalation_status_badge
from partners.models import User
from privacy.policy import (
    CHANGE,
    VIEW,
    action_updater,
    cases_shown_in_full,
    cases_visible_to,
    grants_on_cases,
    may_agree_plan,
    restricted_reader,
)
from zvh.forms import ascii_digits

# The case list moved to cases/case_list_selectors.py; the start page still imports it from here.
from .case_list_selectors import case_list as case_list
from .models import (
    OPEN_ESCALATION_STATUSES,
    URGENCY_RANK,
    ActionStatus,
    Attendance,
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
    EscalationStatus,
    LifeDomain,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantProfessional,
    Person,
    Phase,
    PlanAction,
    PlanAgreement,
    ProcessPlan,
    TimelineEntry,
    phase_steps_for,
)
from .plan_forms import SCORE_LABELS


def timeline_for(user: User, case: Case, limit: int = 200, offset: int = 0) -> list[TimelineEntry]:
    """A case's latest timeline entries (from `offset`) as `user` may read them: an entry whose
    content they may not read (`policy.restricted_reader`) comes with its text blanked and
    `hidden = True`, so no surface (page, partial, PDF) can show it by mistake. Three queries in all."""
    entries = list(
        case.timeline.select_related("author", "author__organisation", "author_organisation").prefetch_related(
            "restricted_to"
        )[offset : offset + limit]
    )
    may_read = restricted_reader(user, case)
    for entry in entries:
        entry.hidden = not may_read(entry)
        if entry.hidden:
            entry.text = ""  # in memory only: the row is never saved from here
            entry.author = None
    return entries


TIMELINE_PAGE_SIZE = 10


@dataclass(frozen=True)
class TimelinePage:
    """One page of the case page's timeline, newest first: page 1 the latest ten, page 2 the ten
    before them (`?tijdlijn=2`)."""

    entries: list[TimelineEntry]
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1

    @property
    def first_position(self) -> int:
        return (self.number - 1) * TIMELINE_PAGE_SIZE + 1

    @property
    def last_position(self) -> int:
        return self.first_position + len(self.entries) - 1


def timeline_page(user: User, case: Case, page_number=None) -> TimelinePage:
    """The timeline page asked for (a page number that is not one gives page 1), read through
    `timeline_for` so restricted notes stay blanked on every page. One row more than a page is
    read to know whether older entries exist: no COUNT, the page costs what the whole list did."""
    wanted = str(page_number)
    number = max(int(wanted), 1) if ascii_digits(wanted) and len(wanted) <= 5 else 1
    rows = timeline_for(user, case, limit=TIMELINE_PAGE_SIZE + 1, offset=(number - 1) * TIMELINE_PAGE_SIZE)
    return TimelinePage(entries=rows[:TIMELINE_PAGE_SIZE], number=number, has_older=len(rows) > TIMELINE_PAGE_SIZE)


def cases_with_casusregie() -> QuerySet[Case]:
    """For `privacy.access.open_case(queryset=...)` on pages that show casusregie
    (`Case.casusregie_label`): the organisation and the person come in the case's own query."""
    return Case.objects.select_related(
        "programme", "procesregisseur", "municipality", "casusregisseur", "casusregisseur_user"
    )


def case_detail_context(case: Case, user: User, *, timeline_page_number=None) -> dict:
    """Everything the case page shows, in a fixed number of queries (the timeline one page of it)."""
    participants = (
        Participant.objects.filter(case=case)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "professionals",
                queryset=ParticipantProfessional.objects.select_related("user").order_by(
                    F("left_on").asc(nulls_first=True), "joined_on"
                ),
            )
        )
        .order_by(F("left_on").asc(nulls_first=True), "joined_on", "organisation__name")
    )
    participants = list(participants)
    return {
        "phase_steps": phase_steps(case),
        "persons": list(case.persons.all()),
        "participants": participants,
        "left_participants": [p for p in participants if not p.is_active],  # folded away on the page
        "ave_history": list(case.ave_history.select_related("changed_by")),
        "timeline": timeline_page(user, case, timeline_page_number),
        "bottlenecks": case_bottlenecks(case),
        "deputyship": None if case.is_closed else active_deputyship(case.procesregisseur_id),
        **(closure_summary(case) if case.is_closed else {"evaluation": None}),
    }


def active_deputyship(regisseur_id: int) -> Deputyship | None:
    """Who stands in for the case's regisseur today, if anyone (the case page names them, so the
    partners know whom to call)."""
    return (
        Deputyship.objects.active_on(timezone.localdate())
        .filter(regisseur_id=regisseur_id)
        .select_related("deputy")
        .first()
    )


def phase_steps(case: Case) -> list[dict]:
    """The phases in order, each marked done / current / todo for the stepper on the case page."""
    steps = phase_steps_for(case.programme, case.phase)
    current = steps.index(case.phase)
    return [
        {
            "key": key,
            "label": Phase(key).label,
            "state": "done" if i < current else "current" if i == current else "todo",
        }
        for i, key in enumerate(steps)
    ]


def seatable_professionals() -> QuerySet[User]:
    return (
        User.objects.filter(role="partnerprofessional", is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def active_seat_count(user: User) -> int:
    return ParticipantProfessional.objects.filter(
        user=user, left_on__isnull=True, participant__left_on__isnull=True
    ).count()


# --- Escalations ---------------------------------------------------------------------------------


TRIAGE_PAGE_SIZE = 25


def triage_queue() -> QuerySet[Escalation]:
    """Pending escalations, most urgent first, then oldest first (for the triage team only). The
    ordering is done by the database (index on status, submitted_at), so a page of the queue costs
    the same however many escalations wait."""
    rank = DbCase(
        *(When(urgency=urgency, then=Value(position)) for urgency, position in URGENCY_RANK.items()),
        default=Value(len(URGENCY_RANK)),
    )
    return (
        Escalation.objects.filter(status=EscalationStatus.SUBMITTED)
        .annotate(urgency_rank=rank)
        .select_related("referrer_organisation", "suggested_programme")  # what a queue item shows
        .only(*TRIAGE_ITEM_FIELDS)
        .prefetch_related("persons", "bottleneck_categories")
        .order_by("urgency_rank", "submitted_at", "pk")
    )


TRIAGE_ITEM_FIELDS = (
    "reference", "status", "urgency", "ave_level", "reason", "submitted_at", "referrer_organisation__name",
    "suggested_programme__code", "suggested_programme__name", "completed_at",
)  # fmt: skip


def triage_page(page_number) -> tuple[Page, list[Escalation]]:
    """One page of the triage queue; each escalation carries its possible duplicates."""
    page = Paginator(triage_queue(), TRIAGE_PAGE_SIZE).get_page(page_number)
    queue = list(page.object_list)
    duplicates = duplicates_by_escalation(queue)
    for escalation in queue:
        escalation.duplicates = duplicates[escalation.pk]
    return page, queue


def recently_decided(limit: int = 20) -> list[dict]:
    """Reference, dates and outcome only: no content, so the triage team's overview of decided
    escalations never shows persons of cases they do not direct. Withdrawn ones are among them
    ("Ingetrokken"); those waiting for the referrer's answer are not decided (`awaiting_information`)."""
    rows = (
        Escalation.objects.exclude(status__in=OPEN_ESCALATION_STATUSES)
        .order_by("-decided_at")
        .values("reference", "status", "submitted_at", "decided_at", "referrer_organisation__name")[:limit]
    )
    return [{**row, "status_badge": escalation_status_badge(row["status"])} for row in rows]


def awaiting_information(limit: int = 50) -> list[dict]:
    """Escalations waiting for the referrer's answer to a triage question: reference, dates only."""
    rows = (
        Escalation.objects.filter(status=EscalationStatus.NEEDS_INFO)
        .annotate(asked_at=Max("questions__asked_at"))
        .order_by("asked_at", "pk")
        .values("reference", "submitted_at", "asked_at", "referrer_organisation__name")[:limit]
    )
    return list(rows)


def questions_of(escalation: Escalation) -> list[EscalationQuestion]:
    """Every question of the triage team about this escalation and its answer, oldest first."""
    return list(escalation.questions.select_related("asked_by").order_by("asked_at", "pk"))


def escalations_of(user: User) -> QuerySet[Escalation]:
    """The escalations a partner professional submitted (content checked per row by the policy)."""
    return (
        Escalation.objects.filter(submitted_by=user)
        .select_related("case", "added_to_case", "suggested_programme")
        .prefetch_related("persons")
        .order_by("-submitted_at")
    )


def colleague_escalations(user: User) -> list[dict]:
    """Escalations of the same organisation by others: reference, date and status only."""
    if not user.organisation_id:
        return []
    rows = (
        Escalation.objects.filter(referrer_organisation_id=user.organisation_id)
        .exclude(submitted_by=user)
        .order_by("-submitted_at")
        .values("reference", "submitted_at", "status")[:100]
    )
    return [{**row, "status_badge": escalation_status_badge(row["status"])} for row in rows]


def possible_duplicates(escalation: Escalation, viewer: User | None = None) -> list[dict]:
    """Persons of this escalation who may already be known: the same BSN, or the same name and
    date of birth, as a person in a case whose personal data still exist (open, or closed and not
    yet destroyed by retention; persons added to a running case later are Person rows like the
    first ones) or in another open escalation. For the triage team only; the referrer never sees
    this. With `viewer`, each flag also says whether that user may open the case (see
    `with_duplicate_access`)."""
    found = duplicates_by_escalation([escalation])
    if viewer is not None:
        with_duplicate_access(viewer, found)
    return found[escalation.pk]


def _person_key(person) -> tuple[str, str, object]:
    return _name_key(person.first_name, person.last_name, person.date_of_birth)


def _name_key(first_name: str, last_name: str, born) -> tuple[str, str, object]:
    """Same person by name: first and last name in any letter case, and the birth date."""
    return (first_name.upper(), last_name.upper(), born)


DUPLICATE_OPEN_CASE = "open_case"
DUPLICATE_CLOSED_CASE = "closed_case"
DUPLICATE_ESCALATION = "escalation"


def duplicates_by_escalation(escalations: list[Escalation]) -> dict[int, list[dict]]:
    """`possible_duplicates` for a page of escalations in two short queries (persons of cases whose
    data still exist, persons of open escalations), whatever the number of escalations or persons
    on the page.

    Each query asks a superset with two lists — the page's BSNs, or a last name and a birth date
    both found on the page (index on UPPER(last_name), date_of_birth) — instead of one OR branch
    per person: forty branches cost more to build and send than to run (issue 8). The exact
    pairs (BSN, or first name + last name + birth date) are matched here, through dictionaries.

    A closed case counts while retention has not destroyed its persons (`anonymised_at` empty):
    until then the case can be reopened or followed up, so the triage team must know of it."""
    persons = [(escalation, person) for escalation in escalations for person in escalation.persons.all()]
    bsns = sorted({p.bsn for _, p in persons if p.bsn})
    keys = {_person_key(p) for _, p in persons if p.date_of_birth}
    found: dict[int, list[dict]] = {e.pk: [] for e in escalations}
    if not bsns and not keys:
        return found
    match = Q(bsn__in=bsns) if bsns else Q(pk__in=[])
    if keys:
        match |= Q(last_name_upper__in=sorted({k[1] for k in keys}), date_of_birth__in=sorted({k[2] for k in keys}))
    # Plain tuples: the candidates are only compared and named, never shown as records. Of the
    # case only what the flag says: reference, open or closed (on which date), its regisseur.
    in_cases = (
        Person.objects.alias(last_name_upper=Upper("last_name"))
        .filter(match, case__anonymised_at__isnull=True)
        .order_by("pk")
        .values_list(
            *CANDIDATE_FIELDS,
            "case__reference",
            "case_id",
            "case__phase",
            "case__closed_on",
            "case__procesregisseur_id",
            "case__procesregisseur__first_name",
            "case__procesregisseur__last_name",
        )
    )
    pending = (
        EscalationPerson.objects.alias(last_name_upper=Upper("last_name"))
        .filter(match, escalation__status__in=OPEN_ESCALATION_STATUSES)
        .order_by("pk")
        .values_list(*CANDIDATE_FIELDS, "escalation__reference", "escalation_id")
    )
    candidates = [_case_candidate(*row) for row in in_cases] + [_escalation_candidate(*row) for row in pending]
    by_bsn: dict[str, list[int]] = {}
    by_key: dict[tuple, list[int]] = {}
    for position, candidate in enumerate(candidates):
        bsn, first_name, last_name, born = candidate["_match"]
        if bsn:
            by_bsn.setdefault(bsn, []).append(position)
        if born:
            by_key.setdefault(_name_key(first_name, last_name, born), []).append(position)
    for escalation, person in persons:
        hits = set(by_bsn.get(person.bsn, ())) if person.bsn else set()
        if person.date_of_birth:
            hits.update(by_key.get(_person_key(person), ()))
        for position in sorted(hits):  # cases first, then open escalations, each by id
            candidate = candidates[position]
            if candidate["escalation_id"] != escalation.pk:  # not the escalation itself
                found[escalation.pk].append(_duplicate(person, candidate))
    return found


CANDIDATE_FIELDS = ("bsn", "first_name", "last_name", "date_of_birth")


def _case_candidate(bsn, first, last, born, reference, case_id, phase, closed_on, regisseur_id, r_first, r_last):
    closed = phase == Phase.AFGESLOTEN
    return {
        "_match": (bsn, first, last, born),
        "kind_code": DUPLICATE_CLOSED_CASE if closed else DUPLICATE_OPEN_CASE,
        "kind": "afgesloten casus" if closed else "lopende casus",
        "reference": reference,
        "case_id": case_id,
        "closed_on": closed_on if closed else None,
        "regisseur_id": regisseur_id,
        "regisseur_name": f"{r_first} {r_last}".strip(),
        "escalation_id": None,
    }


def _escalation_candidate(bsn, first, last, born, reference, escalation_id):
    return {
        "_match": (bsn, first, last, born),
        "kind_code": DUPLICATE_ESCALATION,
        "kind": "aanmelding in behandeling",
        "reference": reference,
        "case_id": None,
        "closed_on": None,
        "regisseur_id": None,
        "regisseur_name": "",
        "escalation_id": escalation_id,
    }


def _duplicate(person, candidate: dict) -> dict:
    on_bsn = bool(person.bsn) and person.bsn == candidate["_match"][0]
    flag = {key: value for key, value in candidate.items() if key != "_match"}
    flag.update(
        person=person.full_name,
        match="zelfde BSN" if on_bsn else "zelfde naam en geboortedatum",
        is_case=candidate["case_id"] is not None,
        is_closed_case=candidate["kind_code"] == DUPLICATE_CLOSED_CASE,
        may_open=False,
        may_add=False,
        ask="",
    )
    return flag


def with_duplicate_access(viewer: User, found: dict[int, list[dict]]) -> dict[int, list[dict]]:
    """Say per case flag what `viewer` may do with it, in at most two queries for the whole page
    (none without case flags): `may_open` (a VIEW grant: the flag links to the case), `may_add`
    (a running case the viewer may change: offered as "toevoegen aan bestaande casus"), and
    otherwise `ask`: whom to ask about it, the case's procesregisseur or, while one is active,
    their deputy. No person of the other case is shown either way; the flag names the person of
    this escalation and the reference only."""
    flags = [flag for flags in found.values() for flag in flags if flag["is_case"]]
    if not flags:
        return found
    granted = grants_on_cases(viewer, {flag["case_id"] for flag in flags})
    without = {f["regisseur_id"] for f in flags if not granted.get(f["case_id"]) and not f["is_closed_case"]}
    deputies: dict[int, list[str]] = {}
    if without:  # a running case's deputy directs it beside the regisseur (closed cases: regisseur only)
        rows = (
            Deputyship.objects.active_on(timezone.localdate())
            .filter(regisseur_id__in=without)
            .order_by("deputy__last_name", "deputy__first_name", "pk")
            .values_list("regisseur_id", "deputy__first_name", "deputy__last_name")
        )
        for regisseur_id, first_name, last_name in rows:
            deputies.setdefault(regisseur_id, []).append(f"{first_name} {last_name}".strip())
    for flag in flags:
        codenames = granted.get(flag["case_id"], set())
        flag["may_open"] = VIEW in codenames
        flag["may_add"] = CHANGE in codenames and not flag["is_closed_case"]
        if flag["may_open"]:
            continue
        deputy = None if flag["is_closed_case"] else (deputies.get(flag["regisseur_id"]) or [None])[0]
        if deputy:
            flag["ask"] = f"vraag het aan {deputy}, vervanger van procesregisseur {flag['regisseur_name']}"
        else:
            flag["ask"] = f"vraag het aan {flag['regisseur_name']}, procesregisseur"
    return found


# --- Plan van aanpak --------------------------------------------------------------------------------

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# --- Reading helpers ------------------------------------------------------------------------------


def case_plans(case: Case) -> list[ProcessPlan]:
    return list(
        case.plans.select_related("casusregisseur", "casusregisseur_user", "agreed_by", "created_by").order_by("number")
    )


def plan_agreements(plan: ProcessPlan) -> list[dict]:
    """Per organisation, whether it agreed to this version (who, when, remark). A concept lists
    every organisation at the table now ("nog niet" where none is recorded) and any that agreed
    and has since left; an agreed version lists the agreements recorded before it was fixed (who
    had not agreed then is in the timeline entry of the fixing). Two queries."""
    agreements = {
        a.organisation_id: a for a in PlanAgreement.objects.filter(plan=plan).select_related("organisation", "user")
    }
    for agreement in agreements.values():
        agreement.plan = plan  # for concept_changed_since, without a query per row
    rows = [{"organisation": a.organisation, "agreement": a, "seated": False} for a in agreements.values()]
    if not plan.is_frozen:
        for participant in plan.case.participants.filter(left_on__isnull=True).select_related("organisation"):
            agreement = agreements.get(participant.organisation_id)
            if agreement is None:
                rows.append({"organisation": participant.organisation, "agreement": None, "seated": True})
            else:
                next(r for r in rows if r["agreement"] is agreement)["seated"] = True
    return sorted(rows, key=lambda row: row["organisation"].name)


def plan_content(plan: ProcessPlan) -> dict:
    """The content of one version: analysis, goals (with their actions) and all actions."""
    assessments = list(plan.assessments.select_related("domain"))
    actions = list(
        plan.actions.select_related(
            "owner_organisation", "owner_user", "status_updated_by", "goal", "goal__domain"
        ).order_by("deadline", "pk")
    )
    goals = list(plan.goals.select_related("domain"))
    by_goal: dict[int, list[PlanAction]] = {}
    for action in actions:
        by_goal.setdefault(action.goal_id, []).append(action)
    for goal in goals:
        goal.plan_actions = by_goal.get(goal.pk, [])
    return {
        "assessments": assessments,
        "goals": goals,
        "actions": actions,
        "loose_actions": by_goal.get(None, []),
        "open_action_count": sum(1 for a in actions if a.status in OPEN_STATUSES),
    }


def closure_summary(case: Case) -> dict:
    """What the case summary PDF shows of the closing: the latest evaluation with its result per
    goal, and what became of each action of the plan version the closing decided on (the latest).
    Empty for a case that has not been closed."""
    evaluation = (
        CaseEvaluation.objects.filter(case=case).select_related("recorded_by").order_by("-recorded_at", "-pk").first()
    )
    if evaluation is None:
        return {"evaluation": None}
    plan = case.plans.order_by("-number").first()
    actions = (
        list(plan.actions.select_related("owner_organisation", "goal", "goal__domain").order_by("deadline", "pk"))
        if plan is not None
        else []
    )
    return {
        "evaluation": evaluation,
        "goal_results": list(evaluation.goal_results.select_related("goal", "goal__domain")),
        "closing_plan": plan,
        "closing_actions": actions,
    }


def case_bottlenecks(case: Case) -> list[CaseBottleneck]:
    """The bottlenecks registered on a case, newest first (the case page; only for who may view it)."""
    return list(case.bottlenecks.select_related("category", "registered_by", "registered_by__organisation"))


def score_matrix(case: Case, plans: list[ProcessPlan] | None = None) -> dict:
    """Rows = life domains assessed in any version, columns = plan versions, cells = score 1–5
    with its label and the change against the previous version (so change shows without colour)."""
    plans = plans if plans is not None else case_plans(case)
    scores = {
        (a.plan_id, a.domain_id): a.score
        for a in DomainAssessment.objects.filter(plan__case=case, score__isnull=False).only(
            "plan_id", "domain_id", "score"
        )
    }
    domain_ids = {domain_id for _, domain_id in scores}
    rows = []
    for domain in LifeDomain.objects.filter(pk__in=domain_ids):
        cells, previous = [], None
        for plan in plans:
            score = scores.get((plan.pk, domain.pk))
            change = ""
            if score is not None and previous is not None:
                change = "beter" if score > previous else "slechter" if score < previous else "gelijk"
            cells.append({"score": score, "label": SCORE_LABELS.get(score, ""), "change": change})
            if score is not None:
                previous = score
        rows.append({"domain": domain, "cells": cells})
    return {"plans": plans, "rows": rows}


def plan_overview(case: Case) -> dict:
    """Context for templates/cases/_plan_summary.html on the case page, as `plan_summary`:
    {% include "cases/_plan_summary.html" %} with `plan_summary` = plan_overview(case)["plan_summary"]."""
    plans = case_plans(case)
    latest = plans[-1] if plans else None
    open_actions = (
        latest.actions.filter(status__in=OPEN_STATUSES).count() if latest is not None else 0
    )  # fmt: skip
    overdue = (
        latest.actions.filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate()).count() if latest else 0
    )
    return {
        "plan_summary": {
            "latest": latest,
            "agreed": next((p for p in reversed(plans) if p.is_frozen), None),
            "open_actions": open_actions,
            "overdue_actions": overdue,
            "matrix": score_matrix(case, plans),
        }
    }


def plan_page(case: Case, user: User, number: int | None = None) -> dict:
    """What the plan page shows: every version, the one asked for by `number` (else the latest)
    with its content, the score matrix, and on the latest version which actions `user` may update
    (`policy.action_updater`: a fixed number of queries however many actions)."""
    plans = case_plans(case)
    latest = plans[-1] if plans else None
    shown = next((p for p in plans if p.number == number), latest) if number is not None else latest
    page = {"plans": plans, "latest": latest, "plan": shown, "matrix": score_matrix(case, plans)}
    if shown is not None:
        page.update(plan_content(shown))
        page.update(agreement_overview(shown, user))
        if shown == latest:
            may_update = action_updater(user, case)
            for action in page["actions"]:
                action.may_update = may_update(action)
    return page


def agreement_overview(plan: ProcessPlan, user: User) -> dict:
    """The agreement rows of a version, who has not agreed, and whether `user` may still record
    their organisation's agreement to it (a concept, seated for an organisation that has not)."""
    rows = plan_agreements(plan)
    not_agreed = [row["organisation"] for row in rows if row["agreement"] is None]
    changed_since = [row["organisation"] for row in rows if row["agreement"] and row["agreement"].concept_changed_since]
    own = next((row for row in rows if row["organisation"].pk == user.organisation_id), None)
    may_agree = (
        not plan.is_frozen
        and own is not None
        and (own["agreement"] is None or own["agreement"].concept_changed_since)
        and user.pk != plan.case.procesregisseur_id
        and may_agree_plan(user, plan.case)
    )
    return {
        "agreements": rows,
        "not_agreed": not_agreed,
        "changed_since": changed_since,
        "may_agree": may_agree,
        "own_agreement": own,
    }


def my_week_meetings(user: User, today, *, days: int) -> list[Meeting]:
    """The meetings from today through `days` days on, in the running cases the user directs."""
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = start + timedelta(days=days + 1)
    # Closed cases are read-only: a meeting left planned there is not held any more.
    directed = cases_visible_to(user).filter(procesregisseur=user).exclude(phase=Phase.AFGESLOTEN)
    return list(
        Meeting.objects.filter(case__in=directed, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("case")
        .order_by("starts_at")
    )


# --- Team: caseload per regisseur, handover and deputies ------------------------------------------


def week_bounds(today):
    """Monday 00:00 through the next Monday 00:00 of the week `today` is in (local time)."""
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def team_caseload(today) -> list[dict]:
    """Per active procesregisseur: running cases, meetings planned this week in those cases,
    overdue open actions in their latest plans, and who deputises for them today. Numbers only:
    the team screen and the regisseur choices (triage, handover) show them so work is spread
    fairly. Five grouped queries however large the team or the caseload."""
    regisseurs = list(User.objects.filter(role="procesregisseur", is_active=True).order_by("last_name", "first_name"))
    running = Case.objects.exclude(phase=Phase.AFGESLOTEN)
    cases = dict(running.values_list("procesregisseur").annotate(n=Count("pk")).values_list("procesregisseur", "n"))
    start, end = week_bounds(today)
    meetings = dict(
        Meeting.objects.filter(case__in=running, starts_at__gte=start, starts_at__lt=end, status=MeetingStatus.PLANNED)
        .values_list("case__procesregisseur")
        .annotate(n=Count("pk"))
        .values_list("case__procesregisseur", "n")
    )
    newer_plan = ProcessPlan.objects.filter(case_id=OuterRef("plan__case_id"), number__gt=OuterRef("plan__number"))
    overdue = dict(
        PlanAction.objects.filter(plan__case__in=running, status__in=OPEN_STATUSES, deadline__lt=today)
        .exclude(Exists(newer_plan))
        .values_list("plan__case__procesregisseur")
        .annotate(n=Count("pk"))
        .values_list("plan__case__procesregisseur", "n")
    )
    deputies = {
        d.regisseur_id: d for d in Deputyship.objects.active_on(today).select_related("deputy").order_by("starts_on")
    }
    return [
        {
            "regisseur": regisseur,
            "running_cases": cases.get(regisseur.pk, 0),
            "meetings_this_week": meetings.get(regisseur.pk, 0),
            "overdue_actions": overdue.get(regisseur.pk, 0),
            "deputy": deputies.get(regisseur.pk),
        }
        for regisseur in regisseurs
    ]


def caseload_label(row: dict) -> str:
    """How a regisseur is offered in a choice list: name and workload, e.g.
    "Jansen, Eva – 12 lopend · 2 overleggen deze week · 1 actie over tijd"."""
    regisseur = row["regisseur"]
    overdue = row["overdue_actions"]
    parts = [
        f"{row['running_cases']} lopend",
        f"{row['meetings_this_week']} {'overleg' if row['meetings_this_week'] == 1 else 'overleggen'} deze week",
        f"{overdue} {'actie' if overdue == 1 else 'acties'} over tijd",
    ]
    absent = " (afwezig, vervangen)" if row["deputy"] is not None else ""
    return f"{regisseur.get_full_name() or regisseur.username}{absent} – {' · '.join(parts)}"


def handover_candidates(user: User) -> list[Case]:
    """The cases `user` may hand over, running first: those they direct, and while they deputise,
    the running cases of the regisseur they stand in for."""
    directed = Case.objects.filter(procesregisseur=user)
    deputising_for = Deputyship.objects.active_on(timezone.localdate()).filter(deputy=user).values("regisseur_id")
    standing_in = Case.objects.filter(procesregisseur_id__in=deputising_for).exclude(phase=Phase.AFGESLOTEN)
    return list(
        (directed | standing_in)
        .select_related("programme", "procesregisseur")
        .order_by(DbCase(When(phase=Phase.AFGESLOTEN, then=Value(1)), default=Value(0)), "reference")
    )


def case_handovers(case: Case) -> list[CaseHandover]:
    return list(case.handovers.select_related("from_user", "to_user", "handed_over_by"))


def deputyships_for(user: User, today) -> list[Deputyship]:
    """Current and future deputyships the deputy screen shows: a manager sees the whole team's,
    a regisseur the ones where they are away or stand in."""
    deputyships = Deputyship.objects.current_and_future(today).select_related("regisseur", "deputy", "created_by")
    if not user.is_manager:
        deputyships = deputyships.filter(Q(regisseur=user) | Q(deputy=user))
    return list(deputyships.order_by("starts_on", "pk"))


def meeting_attendance(meeting: Meeting) -> dict:
    """The attendance of one meeting for its page and its minutes PDF (the caller opened the case):
    `groups` per status in a fixed order (aanwezig, afgemeld, afwezig; empty groups left out),
    `unrecorded` (no status yet), `invitations` (all, by organisation), `ordered` (all, by group),
    `guests` (no account) and `summary` (e.g. "3 aanwezig, 1 afgemeld, 1 gast")."""
    invitations = list(meeting.invitations.select_related("user", "organisation"))
    guests = list(meeting.guests.all())
    groups = []
    for status in Attendance:
        members = [i for i in invitations if i.attendance == status]
        if members:
            groups.append({"label": status.label, "invitations": members})
    counts = [f"{len(group['invitations'])} {group['label'].lower()}" for group in groups]
    if guests:
        counts.append(f"{len(guests)} {'gast' if len(guests) == 1 else 'gasten'}")
    unrecorded = [i for i in invitations if not i.attendance]
    return {
        "invitations": invitations,
        "ordered": [i for group in groups for i in group["invitations"]] + unrecorded,
        "groups": groups,
        "unrecorded": unrecorded,
        "guests": guests,
        "summary": ", ".join(counts),
    }


def meeting_changes(meeting: Meeting) -> dict:
    """The cancellation and rescheduling history of one meeting, oldest first, and the
    cancellation itself (None unless the meeting is cancelled)."""
    changes = list(meeting.changes.select_related("changed_by__organisation"))
    cancellation = next((c for c in reversed(changes) if c.is_cancellation), None) if meeting.is_cancelled else None
    return {"changes": changes, "cancellation": cancellation}


# --- A case's life: programme history and linked cases ------------------------------------------


def lifecycle_context(case: Case, user: User) -> dict:
    """The case page's "Programmahistorie" and "Gekoppelde casussen", in three queries."""
    return {
        "programme_history": list(
            case.programme_changes.select_related("from_programme", "to_programme", "changed_by")
        ),
        "case_links": case_links(case, user),
    }


def case_links(case: Case, user: User) -> list[dict]:
    """The cases linked to this one, each as {link, other, relation, shown_in_full}: the other case's
    programme and phase are loaded for every link but shown only where `shown_in_full` (the viewer
    holds a grant on it, `privacy.policy.cases_shown_in_full`); otherwise its reference alone."""
    links = list(
        CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case))
        .select_related("from_case__programme", "to_case__programme")
        .order_by("created_at", "pk")
    )
    others = [link.to_case if link.from_case_id == case.pk else link.from_case for link in links]
    in_full = cases_shown_in_full(user, [other.pk for other in others]) if links else set()
    rows = []
    for link, other in zip(links, others, strict=True):
        if link.is_follow_up:
            relation = "Vervolg op" if link.from_case_id == case.pk else "Vervolgcasus"
        else:
            relation = link.get_relation_display()
        rows.append({"link": link, "other": other, "relation": relation, "shown_in_full": other.pk in in_full})
    return rows
