"""Account operations. A role is data: it decides the user's group (model permissions in the
admin) and staff status; it never grants access to cases (that is privacy's per-case business)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, User

# Role -> (group name, apps whose reference data the group may maintain in the admin).
ROLE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    Role.FUNCTIONEEL_BEHEERDER: ("Functioneel beheer", ("partners", "programmes")),
}


def role_group(role: str) -> Group | None:
    if role not in ROLE_GROUPS:
        return None
    name, app_labels = ROLE_GROUPS[role]
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=app_labels))
    return group


@transaction.atomic
def assign_role(*, user: User, role: str) -> User:
    """Give a user a role: its group, and staff status only for functional admins."""
    user.role = role
    user.is_staff = role == Role.FUNCTIONEEL_BEHEERDER
    user.save()
    managed = [name for name, _ in ROLE_GROUPS.values()]
    user.groups.remove(*Group.objects.filter(name__in=managed))
    group = role_group(role)
    if group is not None:
        user.groups.add(group)
    return user
