"""Accounts' roles and the partner registry: the writes that re-derive case access when a role, an
organisation's WGS participation or its place in the register changes.

A role is data: it decides the user's group (model permissions in the admin) and staff status; it
never grants access to cases (that is privacy's per-case business). The partner registry
(organisations and their contacts) is maintained by the functional admin
(`privacy.policy.may_manage_registry`).

Concurrency policy (as for cases): forms carry the `version` they were rendered with; a write with
an `expected_version` that no longer matches the locked row raises `ConcurrentEdit` instead of
overwriting someone else's change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from cases.models import Case
from cases.services.handover import refuse_orphaning
from partners.models import Contact, Organisation, Role, User
from privacy import policy
from privacy.services import sync_case_access, sync_user_access
from zvh.errors import ConcurrentEdit, ServiceError, lock_versioned, refuse_duplicate, require_role

# Role -> (group name, the reference data it maintains in the admin as (app label, models or
# None for the whole app)). Case data is never in this list: it is not reference data.
ROLE_GROUPS: dict[str, tuple[str, tuple[tuple[str, tuple[str, ...] | None], ...]]] = {
    Role.PROCESREGISSEUR: ("Procesregisseurs", ()),
    Role.PARTNERPROFESSIONAL: ("Partnerprofessionals", ()),
    Role.MANAGER: ("Managers", ()),
    Role.PRIVACYFUNCTIONARIS: ("Privacyfunctionarissen", ()),
    Role.FUNCTIONEEL_BEHEERDER: (
        "Functioneel beheer",
        (
            ("partners", None),
            ("programmes", None),
            ("cases", ("bottleneckcategory", "documentcategory", "inclusioncriterion", "lettertemplate", "lifedomain")),
        ),
    ),
}


def role_group(role: str) -> Group | None:
    if role not in ROLE_GROUPS:
        return None
    name, scopes = ROLE_GROUPS[role]
    group, _ = Group.objects.get_or_create(name=name)
    selection = Q(pk__in=[])
    for app_label, models in scopes:
        scope = Q(content_type__app_label=app_label)
        if models is not None:
            scope &= Q(content_type__model__in=models)
        selection |= scope
    group.permissions.set(Permission.objects.filter(selection))
    return group


@transaction.atomic
def assign_role(*, user: User, role: str) -> User:
    """Give a user a role: its group, and staff status only for functional admins. Refused while
    the user would stop directing running cases (deactivated or another role): hand those over
    first (cases.services.handover.refuse_orphaning names them)."""
    user.role = role
    refuse_orphaning(user)
    user.is_staff = role == Role.FUNCTIONEEL_BEHEERDER or user.is_superuser
    user.save()
    managed = [name for name, _ in ROLE_GROUPS.values()]
    user.groups.remove(*Group.objects.filter(name__in=managed))
    group = role_group(role)
    if group is not None:
        user.groups.add(group)

    sync_user_access(user)  # a new role (or organisation) can end case access at once
    return user


# --- Partner registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationData:
    name: str
    kind: str
    is_wgs_participant: bool
    convenant_date: date | None
    is_active: bool
    joins_triage: bool | None = None  # issue 16; None: leave as it is (the registry screen)


@transaction.atomic
def save_organisation(
    *,
    actor: User,
    data: OrganisationData,
    organisation: Organisation | None = None,
    expected_version: int | None = None,
) -> Organisation:
    """Register a new convenant organisation or change one. Only active WGS participants are seated
    at a table and hold case access (privacy.policy): changing either re-derives the access of every
    open table the organisation sits at, in this transaction."""

    require_role(policy.may_manage_registry(actor))
    name = " ".join(data.name.split())
    if not name:
        raise ServiceError("Vul de naam van de organisatie in.", field="name")
    refuse_duplicate(
        Organisation.objects.filter(name__iexact=name),
        organisation,
        "Er staat al een organisatie met deze naam in het register.",
        "name",
    )
    if organisation is None:
        organisation = Organisation(version=1)
    else:
        organisation = lock_versioned(Organisation, organisation.pk, expected_version, "Deze organisatie")
    access_changes = organisation.pk is not None and (
        (organisation.is_wgs_participant, organisation.is_active) != (data.is_wgs_participant, data.is_active)
    )
    organisation.name = name
    organisation.kind = data.kind
    organisation.is_wgs_participant = data.is_wgs_participant
    organisation.convenant_date = data.convenant_date
    organisation.is_active = data.is_active
    if data.joins_triage is not None:
        organisation.joins_triage = data.joins_triage
    organisation.save()
    if access_changes:
        _resync_cases_seating(organisation)
    return organisation


def _resync_cases_seating(organisation: Organisation) -> None:
    """Leaving the WGS convenant (or the register) ends the organisation's case access at once, and
    rejoining restores it for the seats that remained."""

    seated = Case.objects.filter(participants__organisation=organisation, participants__left_on__isnull=True).distinct()
    for case in seated.select_related("procesregisseur"):
        sync_case_access(case)


@dataclass(frozen=True)
class ContactData:
    name: str
    job_title: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""


@transaction.atomic
def save_contact(
    *,
    actor: User,
    organisation: Organisation,
    data: ContactData,
    contact: Contact | None = None,
    expected_version: int | None = None,
) -> Contact:

    require_role(policy.may_manage_registry(actor))
    if not data.name.strip():
        raise ServiceError("Vul de naam van de contactpersoon in.", field="name")
    if contact is None:
        contact = Contact(organisation=organisation, version=1)
    else:
        contact = lock_versioned(Contact, contact.pk, expected_version, "Deze contactpersoon")
    contact.name = data.name.strip()
    contact.job_title = data.job_title.strip()
    contact.email = data.email.strip()
    contact.phone = data.phone.strip()
    contact.note = data.note.strip()
    contact.save()
    return contact


@transaction.atomic
def remove_contact(*, actor: User, contact: Contact, expected_version: int) -> None:

    require_role(policy.may_manage_registry(actor))
    locked = Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if locked is None:
        return  # already removed (double click)
    if locked.version != expected_version:
        raise ConcurrentEdit("Deze contactpersoon")
    locked.delete()
