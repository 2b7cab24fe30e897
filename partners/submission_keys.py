"""Exactly once for forms that create a record (issue 20).

A create form carries a hidden one-time key (`SubmissionKeyField`); its service wraps the creation
in `once(...)`. The first post claims the key by inserting its row; a concurrent post with the same
key waits on the unique index until the first commits, then reads the record the first created. A key
issued to another user or for another form is refused with a Dutch message (`zvh.errors.show_service_error`
renders the form again with the typed input and a fresh key), never answered with someone else's
record."""

import functools
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

from partners.models import SubmissionKey
from zvh.errors import ServiceError

M = TypeVar("M", bound=models.Model)

KEY_NOT_YOURS = (
    "Dit formulier hoort bij een andere sessie of een ander formulier en is niet opgeslagen. "
    "Controleer uw invoer en verstuur het formulier opnieuw."
)


def once(*, key: uuid.UUID | None, user, form_name: str, model: type[M], create: Callable[[], M]) -> M:
    """Run `create` once per key: a repeated key returns the record the first submission created.
    Call inside the service's transaction (the key is claimed and released with it)."""
    if key is None:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the failed insert leaves the transaction usable
                claim = SubmissionKey.objects.create(key=key, user=user, form_name=form_name)
        except IntegrityError:
            # The other post has committed (the insert waited for it): answer with its record.
            claim = SubmissionKey.objects.get(pk=key)
            if claim.user_id != user.pk or claim.form_name != form_name or claim.object_model != model._meta.label:
                raise ServiceError(KEY_NOT_YOURS, field="submission_key") from None
            existing = model._default_manager.filter(pk=claim.object_id).first()
            if existing is None:  # the record is gone since (deleted, destroyed): refuse, do not recreate
                raise ServiceError(KEY_NOT_YOURS, field="submission_key") from None
            return existing
        created = create()
        claim.object_model = model._meta.label
        claim.object_id = str(created.pk)
        claim.save(update_fields=["object_model", "object_id"])
        return created


def key_not_yours(existing_user_id: int | None, user) -> None:
    """For the older per-model keys (cases, escalations): a key that another user's submission
    used is refused, never answered with that submission."""
    if existing_user_id != user.pk:
        raise ServiceError(KEY_NOT_YOURS, field="submission_key")


def once_per_key(form_name: str, model: type[models.Model], *, user_arg: str = "actor"):
    """Decorate a keyword-only create service: it gains `submission_key=` and runs once per key
    (`once`), the key bound to the user passed as `user_arg`."""

    def wrap(service):
        @functools.wraps(service)
        def run(*, submission_key: uuid.UUID | None = None, **kwargs):
            return once(
                key=submission_key,
                user=kwargs[user_arg],
                form_name=form_name,
                model=model,
                create=lambda: service(**kwargs),
            )

        return run

    return wrap
