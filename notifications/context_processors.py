"""The unread-message count in the header (templates/base.html): counted only when a page with
the menu renders it (lazily, once per request), in one query on the (recipient, read_at) index."""

from django.utils.functional import cached_property

from privacy import policy

from . import selectors


class Inbox:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return selectors.unread_count(self.user)

    @cached_property
    def unread_label(self) -> str:
        return f"{selectors.UNREAD_SHOWN}+" if self.unread > selectors.UNREAD_SHOWN else str(self.unread)

    @cached_property
    def in_menu(self) -> bool:
        """Case workers see the count beside "Herinneringen" in the menu; others beside a header link."""
        return policy.may_work_on_cases(self.user)


def unread_messages(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return {}
    return {"inbox": Inbox(user)}
