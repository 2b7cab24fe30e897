"""The outbox sends only kinds an app registered, and one kind belongs to one producer."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases.emails import AUDIENCE, describe_escalation, render_escalation, render_survey
from cases.message_kinds import MessageKind
from notifications import outbox, registry
from notifications.models import OutboxMessage


def test_every_case_message_kind_is_registered_with_its_label():
    kinds = registry.registered_kinds()
    for kind in MessageKind:
        assert kinds[kind.value].label == kind.label
    assert kinds[MessageKind.SURVEY_INVITATION].after_send is not None  # records sent_at on the invitation


def test_the_outbox_refuses_a_kind_nobody_registered(regisseur):
    with pytest.raises(registry.UnknownMessageKind):
        outbox.enqueue(kind="onbekend", recipient=regisseur, object_id=1, key="onbekend:1")
    with pytest.raises(registry.UnknownMessageKind):
        outbox.enqueue_many(kind="onbekend", object_id=1, recipients_and_keys=[(regisseur, "onbekend:2")])
    assert not OutboxMessage.objects.exists()


def test_a_kind_belongs_to_one_producer():
    registry.register_message_kind(MessageKind.ESCALATION.value, label=MessageKind.ESCALATION.label,
                                   render=render_escalation, describe=describe_escalation,
                                   audience=AUDIENCE[MessageKind.ESCALATION])  # fmt: skip
    with pytest.raises(ImproperlyConfigured):
        registry.register_message_kind(MessageKind.ESCALATION.value, label="Iets anders", render=render_survey)
    assert registry.message_kind(MessageKind.ESCALATION).render is render_escalation


def test_an_old_row_of_a_kind_no_longer_registered_still_shows(regisseur):
    message = OutboxMessage(kind="vervallen", recipient=regisseur, object_id=1, key="v")
    assert message.kind_label == "vervallen"
    assert OutboxMessage(kind=MessageKind.ESCALATION, recipient=regisseur, object_id=1).kind_label == (
        "Nieuwe aanmelding voor triage"
    )


def test_every_kind_is_described_and_only_survey_meeting_and_account_mails_are_always_mailed():
    kinds = registry.registered_kinds()
    assert all(kinds[kind.value].describe is not None for kind in MessageKind)
    always = {kind for kind, entry in kinds.items() if not entry.user_choice}
    assert always == {
        MessageKind.SURVEY_INVITATION,
        MessageKind.SURVEY_REMINDER,
        MessageKind.MEETING_INVITATION,
        MessageKind.MEETING_RESCHEDULED,
        MessageKind.MEETING_CANCELLED,
        "dagoverzicht",
        # Account recovery (registry/account_recovery.py): a link that expires in an hour, and the
        # news that one's second factor was removed, cannot wait for a digest or stay in the app.
        "wachtwoord_herstel",
        "tweede_factor_hersteld",
    }


def test_a_kind_without_describe_is_listed_by_its_label(regisseur):
    registry.register_message_kind("proef_zonder_regel", label="Proefbericht", render=render_survey)
    try:
        message = OutboxMessage(kind="proef_zonder_regel", recipient=regisseur, object_id=1)
        assert registry.describe(message) == ("Proefbericht", "", None)
        assert "proef_zonder_regel" in {entry.kind for entry in registry.choosable_kinds()}
    finally:
        registry._kinds.pop("proef_zonder_regel")
