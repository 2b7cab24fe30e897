"""The one access policy (need-to-know, WGS privacy protocol). Every rule about who may see or
change a case lives here; views, admin, exports and tasks ask these functions.

Rules:
- The procesregisseur of a case may view and change it while it is open, and view it (read-only)
  after closure until retention ends.
- A partner professional may view a case and add notes only while named at its table (both their
  organisation's seat and their own seat active) and while the case is open, and only while their
  organisation is an active WGS participant: an organisation that leaves the convenant (or is made
  inactive in the partner registry) loses every grant at once, seats or not.
- A closed case may be reopened by its own procesregisseur within its retention term; nobody else
  regains access by it: partners come back only when seated again (`may_reopen_case`). A link to
  another case shows that case's programme and phase only to holders of a grant on it
  (`cases_shown_in_full`); everyone else sees its reference alone.
- Nobody else sees case content: not colleagues of the same organisation, not managers, not the
  privacy officer, not functional admins and not superusers (break-glass is a separate, logged path).
- Break-glass: a procesregisseur or privacy officer may open a case outside their own with a recorded
  reason (`privacy.break_glass.services.start_break_glass`). Until the access expires they may VIEW that case,
  read-only: never change or contribute. Every page read under it is logged with `is_break_glass`.
  Break-glass gives no grant row, so `cases_visible_to` (the case list, search, admin) never shows
  such a case: the user reaches it only by its reference, through `privacy.access.open_case`.
  Escalations (`may_view_escalation`) follow the grants only, not break-glass.
- Handover and deputies: a procesregisseur hands a case to another active procesregisseur
  (`may_hand_over`: the case's own regisseur, or their deputy while the case runs); the old
  regisseur keeps nothing. A deputy (vervanger, `cases.models.Deputyship`) set for a period directs
  the regisseur's running cases beside them during it: the same grants as the regisseur, given and
  taken back by `desired_grants` (the daily job `cases.tasks.sync_deputy_access_task` re-syncs at
  the start and end of each period). A regisseur sets their own deputy; a manager may set one for
  any regisseur (a regisseur who is ill) but gains no access to any case by doing so. The team
  screen (`may_view_team`) shows numbers per regisseur, never case content.
- Restricted items (notes and documents; `cases.models.restriction.Restrictable`): their
  content is read only by the case's procesregisseur and by professionals of the organisations
  named in `restricted_to`, and only through a grant (not break-glass: a break-glass viewer sees the
  marker like any other partner, since the reason given for opening a case is not a medical need
  to know). Everyone else who may view the case sees that the item exists (date, author's
  organisation), never its content. Only the subject-access export (the subject's own data, handled
  by the privacy officer) includes the content; see privacy/subject_access/services.py.

- Triage duplicate flags (issue 16): the triage team sees that a person of an escalation may be
  known in a case (open, or closed with its data not yet destroyed) or another open escalation,
  by reference. The flag links to the case only for a user with a VIEW grant on it (break-glass
  does not count); anyone else sees the reference and whom to ask (its regisseur or their active
  deputy), never a person of that case. Adding an escalation to an existing case
  (`may_add_escalation_to_case`) is for who directs that running case.

Grants are stored as django-guardian object permissions (privacy.CaseUserObjectPermission),
derived from case data by `desired_grants`, so they can always be rebuilt and every grant has a
reason. Model-wide case permissions are never assigned and never consulted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.utils import timezone

from cases.models import OPEN_ESCALATION_STATUSES, Case, Deputyship, ParticipantProfessional
from partners.models import Role, User

from .models import BreakGlassAccess, CaseUserObjectPermission

if TYPE_CHECKING:
    from cases.models import Escalation, PlanAction

VIEW = "view_case"
CHANGE = "change_case"
CONTRIBUTE = "contribute_case"


def desired_grants(case: Case) -> dict[int, set[str]]:
    """Who should hold which permission on this case, by user id, according to the rules above."""
    grants: dict[int, set[str]] = {}
    if case.anonymised_at is not None:
        return grants  # retention ran: nothing personal is left to see
    # Access follows the role too: someone who is no longer a procesregisseur (or partner
    # professional of the seated organisation) loses the case when the grants are re-synced.
    regisseur = case.procesregisseur
    directs = regisseur.is_active and regisseur.is_procesregisseur
    if case.is_closed:
        if directs:
            grants[regisseur.pk] = {VIEW}
        return grants
    if directs:
        grants[regisseur.pk] = {VIEW, CHANGE, CONTRIBUTE}
    for deputy_id in active_deputy_ids(case.procesregisseur_id):
        grants[deputy_id] = {VIEW, CHANGE, CONTRIBUTE}
    seated_user_ids = ParticipantProfessional.objects.filter(
        participant__case=case,
        participant__left_on__isnull=True,
        left_on__isnull=True,
        user__is_active=True,
        user__role="partnerprofessional",
        user__organisation_id=F("participant__organisation_id"),
        participant__organisation__is_wgs_participant=True,
        participant__organisation__is_active=True,
    ).values_list("user_id", flat=True)
    for user_id in seated_user_ids:
        grants.setdefault(user_id, set()).update({VIEW, CONTRIBUTE})
    return grants


def active_deputy_ids(regisseur_id: int) -> list[int]:
    """The deputies directing this regisseur's running cases today (one indexed query)."""
    return list(
        Deputyship.objects.active_on(timezone.localdate())
        .filter(regisseur_id=regisseur_id)
        .values_list("deputy_id", flat=True)
    )


def directs_case(user: User, case: Case, granted: set[str] | None = None) -> bool:
    """The case's procesregisseur, or (while it runs) their active deputy: the person who steers it.
    A CHANGE grant exists exactly for those two while the case runs (`desired_grants`)."""
    if not _active(user) or case is None or case.pk is None:
        return False
    if case.procesregisseur_id == user.pk:
        return user.is_procesregisseur
    if granted is None:
        granted = _granted(user, case)
    return CHANGE in granted


def may_export_case_zgw(user: User, case: Case) -> bool:
    """The ZGW export of a case (Zaken-/Documenten-API JSON for an archive or Open Zaak, issue 19):
    only a closed case not yet anonymised, and only its procesregisseur, who answers for its file.
    Its documents follow the need-to-know of `restricted_reader` like on the case page."""
    return bool(case is not None and case.is_closed and case.anonymised_at is None and directs_case(user, case))


def may_hand_over(user: User, case: Case) -> bool:
    """Hand a case to another procesregisseur: whoever directs it (its regisseur; their deputy
    while it runs). A closed case's regisseur may hand it over too, so its read access for the
    retention term moves with it when they leave."""
    return _active(user) and user.is_procesregisseur and directs_case(user, case)


def may_set_deputy(user: User, regisseur: User) -> bool:
    """A regisseur arranges their own deputy; a manager may do it for any regisseur (who fell ill).
    Neither gains case access by it: only the deputy does, for the period."""
    if not (_active(user) and regisseur is not None and regisseur.is_procesregisseur):
        return False
    return user.pk == regisseur.pk or user.is_manager


def may_manage_deputies(user: User) -> bool:
    """The deputy screen: procesregisseurs (their own) and managers (the whole team)."""
    return _active(user) and (user.is_procesregisseur or user.is_manager)


def may_view_team(user: User) -> bool:
    """The team caseload screen: counts per regisseur (running cases, meetings this week, overdue
    actions), no case content: procesregisseurs and managers."""
    return _active(user) and (user.is_procesregisseur or user.is_manager)


def _has(user: User, case: Case, codename: str) -> bool:
    if not (user and user.is_authenticated and user.is_active) or case is None or case.pk is None:
        return False
    return CaseUserObjectPermission.objects.filter(
        user=user, content_object=case, permission__codename=codename
    ).exists()


def may_view_case(user: User, case: Case) -> bool:
    """Grant (regisseur, seated professional) or an unexpired break-glass access."""
    return _has(user, case, VIEW) or active_break_glass(user, case) is not None


def may_change_case(user: User, case: Case) -> bool:
    return _has(user, case, CHANGE)


def may_contribute(user: User, case: Case) -> bool:
    return _has(user, case, CONTRIBUTE)


def may_register_bottleneck(user: User, case: Case) -> bool:
    """A bottleneck met in a running case (for the management's radar): the regisseur and the
    professionals seated at the table, who meet waiting lists and limits of their own duty of care;
    never a partner not at the table, break-glass or anyone after closure (CONTRIBUTE ends then)."""
    return may_contribute(user, case)


def may_add_documents(user: User, case: Case) -> bool:
    """Documents on a case (a new document or a new version): the regisseur (or deputy) and the
    professionals seated at the table while the case runs; never break-glass or after closure.
    Who may read one is `may_view_case` plus, for a restricted document, `restricted_reader`;
    a new version of a restricted document needs both."""
    return may_contribute(user, case)


def may_generate_letters(user: User, case: Case) -> bool:
    """A letter from a template (issue 17) speaks for the ZVH: only the regisseur (or deputy), who
    may change the case; the letter is then a document of the case like any other."""
    return may_change_case(user, case)


def _granted(user: User, case: Case) -> set[str]:
    return set(
        CaseUserObjectPermission.objects.filter(user=user, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )


def access_on(user: User, case: Case) -> tuple[set[str], BreakGlassAccess | None]:
    """A user's permissions on one case and, when they come from break-glass, that access.

    One query on the grant table; only when it gives nothing, one indexed query for an unexpired
    break-glass access, which yields VIEW alone (read-only)."""
    if not (user and user.is_authenticated and user.is_active) or case is None or case.pk is None:
        return set(), None
    granted = _granted(user, case)
    if granted:
        return granted, None
    access = active_break_glass(user, case)
    if access is not None:
        return {VIEW}, access
    return set(), None


def permissions_on(user: User, case: Case) -> set[str]:
    """All of a user's permissions on one case (for rendering a case page): the grants, or VIEW
    during an unexpired break-glass access."""
    return access_on(user, case)[0]


def may_break_glass(user: User) -> bool:
    """Who may open a case outside their own with a recorded reason: procesregisseurs and the
    privacy officer. Partner professionals, managers and functional admins never."""
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_procesregisseur or user.is_privacy_officer)
    )


def active_break_glass(user: User, case: Case) -> BreakGlassAccess | None:
    """The user's unexpired break-glass access to this case, if any (index user, case, expires_at).
    A user whose role no longer allows break-glass loses it at once."""
    if not may_break_glass(user) or case is None or case.pk is None:
        return None
    return (
        BreakGlassAccess.objects.filter(user=user, case=case, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case the user may view, as one indexed query on the direct grant table."""
    if not (user and user.is_authenticated and user.is_active):
        return Case.objects.none()
    return Case.objects.filter(user_grants__user=user, user_grants__permission__codename=VIEW)


def running_cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases the user may view that are still running (not closed), without touching the
    closed ones: by the rules above a CONTRIBUTE grant exists exactly while a case is open and the
    user directs it or sits at its table, so this reads only those grant rows. A procesregisseur's
    running cases stay a few dozen however many closed cases ten years left them (issue 8)."""
    if not (user and user.is_authenticated and user.is_active):
        return Case.objects.none()
    return Case.objects.filter(user_grants__user=user, user_grants__permission__codename=CONTRIBUTE)


def may_reopen_case(user: User, case: Case) -> bool:
    """Reopening a closed case (cases/services/lifecycle.py checks its retention term): only its own
    procesregisseur, while still active in that role, and only while its data exist."""
    return bool(
        _active(user)
        and user.is_procesregisseur
        and case.procesregisseur_id == user.pk
        and case.is_closed
        and case.anonymised_at is None
        and _has(user, case, VIEW)
    )


def may_open_follow_up(user: User, case: Case) -> bool:
    """A follow-up case of a closed case (a new case with the same persons, linked to it): a
    procesregisseur who holds a grant on the closed case (its regisseur), while its data exist."""
    return bool(may_register_cases(user) and case.is_closed and case.anonymised_at is None and _has(user, case, VIEW))


def may_link_cases(user: User, case: Case) -> bool:
    """Linking this case to another (same household or system, follow-up) or removing a link: who
    may change this case. The other case needs no grant of the actor (two regisseurs may direct the
    cases of one family); the link shows its reference only, see `cases_shown_in_full`."""
    return may_change_case(user, case)


def cases_shown_in_full(user: User, case_ids) -> set[int]:
    """Of these (linked) cases, the ones whose programme and phase the user may see beside a link:
    those the user holds a grant on (one query). Break-glass does not count: a link on another
    case's page is no logged opening of this case. The others show their reference only."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return set(cases_visible_to(user).filter(pk__in=list(case_ids)).values_list("pk", flat=True))


def grants_on_cases(user: User, case_ids) -> dict[int, set[str]]:
    """The user's grants on each of these cases, by case id (one query on the grant table); a case
    without any grant is absent. Break-glass does not count, as in `cases_shown_in_full`: the
    triage's duplicate flags link to a case only for a user with VIEW on it, and offer "toevoegen
    aan bestaande casus" only for a case the user may change (CHANGE: its regisseur or deputy)."""
    if not _active(user):
        return {}
    granted: dict[int, set[str]] = {}
    rows = CaseUserObjectPermission.objects.filter(user=user, content_object_id__in=list(case_ids)).values_list(
        "content_object_id", "permission__codename"
    )
    for case_id, codename in rows:
        granted.setdefault(case_id, set()).add(codename)
    return granted


def may_add_escalation_to_case(user: User, case: Case) -> bool:
    """Outcome "toevoegen aan bestaande casus" (triage): a member of the triage team who may change
    the (running) case, i.e. who directs it: its procesregisseur or their active deputy. Adding
    brings new persons and the referrer to that table, which is the regisseur's call."""
    return may_triage(user) and case is not None and not case.is_closed and may_change_case(user, case)


def may_register_cases(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_procesregisseur)


def may_submit_escalations(user: User) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.is_partnerprofessional and user.organisation_id
    )


def may_triage(user: User) -> bool:
    """The triage team: every procesregisseur sees pending escalations in full."""
    return bool(user and user.is_authenticated and user.is_active and user.is_procesregisseur)


def may_view_escalation(user: User, escalation: Escalation) -> bool:
    """Full content of an escalation (persons, reason):
    - once accepted, it follows the case: whoever holds a grant on it (not break-glass);
    - otherwise its referrer, and the triage team (procesregisseurs).
    Colleagues of the referrer see reference, date and status only (selectors never load more)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if escalation.case_id is not None:
        return _has(user, escalation.case, VIEW)  # grants only: break-glass opens case pages, not escalations
    return escalation.submitted_by_id == user.pk or may_triage(user)


def may_answer_for_escalation(user: User, escalation: Escalation) -> bool:
    """Answering the triage team's question about an escalation (completing it) or withdrawing it:
    only its referrer, and only while it has no case. Whether its status still allows it is the
    service's check (cases/services/escalation_completion.py), so a refusal can say why."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and escalation.submitted_by_id == user.pk
        and escalation.case_id is None
    )


def may_handle_subject_requests(user: User) -> bool:
    """Only the privacy officer handles data subjects' requests and keeps the register of
    processing. This is the one place where the privacy officer reads case content (the persons,
    cases and escalations of one confirmed data subject), as the lawful exception for answering
    that subject's request under the AVG/WGS; every such read is logged."""
    return bool(user and user.is_authenticated and user.is_active and user.is_privacy_officer)


def may_read_access_log(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_privacy_officer)


# Partner registry and collaboration agenda (seed 003). Reference data and agenda work, no case
# content: membership of an organisation, a role or a kartrekker seat never opens a case.


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_manage_registry(user: User) -> bool:
    """Organisations (kind, convenant, WGS status, active) and their contacts: the functional admin.
    Users and roles stay in the admin (roles change only through registry.services.assign_role)."""
    return _active(user) and user.is_functional_admin


def may_view_agenda(user: User) -> bool:
    """The stuurgroep view and PDF of the samenwerkingsagenda. The agenda is 'van, voor en door de
    partners': the bureau (manager, procesregisseurs) and the partners' professionals read it; the
    privacy officer and functional admins have no part in it."""
    return _active(user) and (user.is_manager or user.is_procesregisseur or user.is_partnerprofessional)


def may_manage_agenda(user: User) -> bool:
    """Priorities, their order, kartrekkers and actions: the ondersteunend bureau, which is the
    stuurgroep's secretary and monitors the agenda's progress (its manager and procesregisseurs)."""
    return _active(user) and (user.is_manager or user.is_procesregisseur)


def may_report_agenda_progress(user: User, priority) -> bool:
    """A progress note (and the priority's new status): the bureau, or a professional of an
    organisation that is kartrekker of this priority."""
    if may_manage_agenda(user):
        return True
    return bool(
        _active(user)
        and user.is_partnerprofessional
        and user.organisation_id
        and priority.kartrekkers.filter(pk=user.organisation_id).exists()
    )


def may_update_action(user: User, action: PlanAction) -> bool:
    """The status of a plan action: the regisseur, or a professional seated for the owning
    organisation; never another partner."""
    return action_updater(user, action.plan.case)(action)


def action_updater(user: User, case: Case) -> Callable[[PlanAction], bool]:
    """`may_update_action` for any number of actions of one case, in at most three queries in
    total (the plan page asks it for every action it shows)."""
    if may_change_case(user, case):
        return lambda action: True
    if not may_contribute(user, case):
        return lambda action: False
    seated_for = set(
        ParticipantProfessional.objects.filter(
            participant__case=case, participant__left_on__isnull=True, left_on__isnull=True, user=user
        ).values_list("participant__organisation_id", flat=True)
    )
    return lambda action: action.owner_organisation_id in seated_for


def may_agree_plan(user: User, case: Case) -> bool:
    """Recording an organisation's agreement to a plan version: a partner professional seated now
    for their own organisation at this open case (the grant to contribute, and the seat itself).
    Not the regisseur (who fixes the plan), not a colleague without a seat, not someone who left."""
    if not (_active(user) and user.is_partnerprofessional and user.organisation_id):
        return False
    if case is None or case.pk is None or case.is_closed or not may_contribute(user, case):
        return False
    return ParticipantProfessional.objects.filter(
        participant__case=case,
        participant__organisation_id=user.organisation_id,
        participant__left_on__isnull=True,
        left_on__isnull=True,
        user=user,
    ).exists()


def may_read_restricted(user: User, item) -> bool:
    """May `user` read the content of one timeline entry (or other `Restrictable`) of a case they
    may view? Unrestricted items: yes. For many items use `restricted_reader`."""
    return restricted_reader(user, item.case)(item)


def restricted_reader(user: User, case: Case) -> Callable[[object], bool]:
    """`may_read_restricted` for any number of items of one case: one query on the grant table,
    and none per item when the items come with `prefetch_related("restricted_to")`."""
    if not (user and user.is_authenticated and user.is_active) or case is None or case.pk is None:
        return lambda item: False
    grants = _granted(user, case)
    granted = VIEW in grants  # a grant, never break-glass
    is_regisseur = granted and (case.procesregisseur_id == user.pk or CHANGE in grants)  # or their deputy
    organisation_id = user.organisation_id

    def may_read(item) -> bool:
        if not getattr(item, "restricted", False):
            return True
        if not granted:
            return False
        if is_regisseur:
            return True
        return organisation_id is not None and any(o.pk == organisation_id for o in item.restricted_to.all())

    return may_read


def may_view_dashboard(user: User) -> bool:
    """Managers and procesregisseurs: the dashboard and the Levensloopaanpak key figures, the annual
    report and the key-figure exports (aggregates only: no names, no free text, small numbers shown
    as "< 5"), and the programmes with their prognoses (reference data, no case content)."""
    return bool(user and user.is_authenticated and user.is_active and (user.is_manager or user.is_procesregisseur))


def may_work_on_cases(user: User) -> bool:
    """The roles that work in cases (procesregisseurs, partner professionals): the case list and the
    reminders about actions and reviews. Which cases they see is `cases_visible_to`."""
    return _active(user) and user.works_on_cases


def may_manage_retention(user: User) -> bool:
    """Retention terms, extensions and the retention overview: the privacy officer."""
    return _active(user) and user.is_privacy_officer


def may_use_admin(user: User) -> bool:
    """The Django admin (/beheer/): a functional admin with staff status (given by the role)."""
    return _active(user) and user.is_functional_admin and user.is_staff


def may_view_job_schedule(user: User) -> bool:
    """The beat schedule and outbox counts (no case data): the functional admin, who runs the system."""
    return _active(user) and user.is_functional_admin


# The triage table (issue 16). Named professionals of the safety partners (by default Politie,
# Openbaar Ministerie, Reclassering; `Organisation.joins_triage`) sit at the weekly triage with the
# procesregisseurs and give an advice per pending escalation.
#
# Privacy protocol (need-to-know for the triage advice): to advise whether and how the network
# takes up an escalation, a safety partner must know whom it is about (to check its own systems:
# names, year of birth, role), why it is escalated (reason, what is stuck, bottleneck categories,
# goal, urgency, AVE level) and who refers it (organisation). It does not need to reach or find
# anyone: no BSN, address, date of birth (the year suffices), no contact person (name, phone,
# e-mail), and not why the subject was not informed (that explanation often names an ongoing
# investigation or a safety threat). The sight lasts only while the escalation is open (waiting
# for triage or for the referrer's answer): once it is decided the advice is given, so the sight
# ends; what remains is the normal case access of whoever is seated at the resulting case.
# Every read is logged (privacy.access.open_escalation_at_triage_table and the list views).
TRIAGE_TABLE_ESCALATION_FIELDS = (
    "reference", "status", "urgency", "ave_level", "submitted_at", "referrer_organisation__name",
    "reason", "bottleneck_text", "goal",
)  # fmt: skip
TRIAGE_TABLE_RELATIONS = ("bottleneck_categories",)  # names of the categories
TRIAGE_TABLE_PERSON_FIELDS = (
    "escalation_id", "first_name", "name_prefix", "last_name", "date_of_birth", "role_in_case",
)  # fmt: skip
# date_of_birth is loaded only to show its year (templates/cases/triage_table/_escalation.html).


def may_join_triage_table(user: User) -> bool:
    """A member of the triage table: an active partner professional named for it
    (`User.at_triage_table`, set by the functional admin) whose organisation joins the triage and is
    an active WGS participant. Both are checked on every request: a member whose organisation stops
    joining (or leaves the convenant) loses the sight at once, and so does one no longer named."""
    if not (_active(user) and user.is_partnerprofessional and user.at_triage_table and user.organisation_id):
        return False
    organisation = user.organisation
    return bool(organisation.joins_triage and organisation.is_active and organisation.is_wgs_participant)


def triage_table_members() -> QuerySet:
    """Everyone `may_join_triage_table` admits, as one query (who hears of a new escalation)."""
    return User.objects.filter(
        is_active=True,
        role=Role.PARTNERPROFESSIONAL,
        at_triage_table=True,
        organisation__joins_triage=True,
        organisation__is_active=True,
        organisation__is_wgs_participant=True,
    )


def may_view_escalation_at_triage_table(user: User, escalation: Escalation) -> bool:
    """The limited fields above, and adding an advice: a triage-table member, while the escalation
    is still open (undecided, not anonymised). Decided: False; from then on only `may_view_case`
    on the resulting case (a seat) gives sight again. Never the escalation's attachments (issue 17):
    those follow `may_view_escalation` only."""
    if escalation is None or escalation.anonymised_at is not None:
        return False
    return escalation.status in OPEN_ESCALATION_STATUSES and may_join_triage_table(user)


def may_view_triage_agenda(user: User) -> bool:
    """The printable triage agenda: the procesregisseurs (in full) and the triage-table members
    (the limited fields above)."""
    return may_triage(user) or may_join_triage_table(user)
