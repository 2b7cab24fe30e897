"""Account operations. A role is data: it decides the user's group (model permissions in the
admin) and staff status; it never grants access to cases (that is privacy's per-case business)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from .models import Role, User

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
            ("cases", ("bottleneckcategory", "inclusioncriterion", "lifedomain")),
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
    """Give a user a role: its group, and staff status only for functional admins."""
    user.role = role
    user.is_staff = role == Role.FUNCTIONEEL_BEHEERDER or user.is_superuser
    user.save()
    managed = [name for name, _ in ROLE_GROUPS.values()]
    user.groups.remove(*Group.objects.filter(name__in=managed))
    group = role_group(role)
    if group is not None:
        user.groups.add(group)
    from privacy.services import sync_user_access

    sync_user_access(user)  # a new role (or organisation) can end case access at once
    return user
