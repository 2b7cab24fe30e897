"""A stable Message-ID per outbox message (issue 20): a resend after a worker crash between the SMTP
server's acceptance and our commit carries the ID of the first send, so it can be recognised."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from cases.message_kinds import MessageKind
from cases.models import SurveyInvitation
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage


def _message(case, user, key):
    invitation = SurveyInvitation.objects.create(
        case=case, recipient=user, organisation=user.organisation, expires_at=timezone.now() + timedelta(days=7)
    )
    return OutboxMessage.objects.create(
        key=key, kind=MessageKind.SURVEY_INVITATION, recipient=user, object_id=invitation.pk
    )


def _sent_message_id(user) -> str:
    sent = [m for m in mail.outbox if m.to == [user.email]][-1]
    return sent.message()["Message-ID"]


def test_a_resend_after_a_crash_carries_the_same_message_id(addresses, case, regisseur, agent, settings):
    settings.SITE_URL = "https://zvh.example.nl"
    message = _message(case, regisseur, "enquete:stabiel")
    assert outbox.deliver(message.pk) == MessageStatus.SENT
    first = _sent_message_id(regisseur)
    assert first.startswith(f"<zvh.{message.pk}.") and first.endswith("@zvh.example.nl>")
    assert "enquete" not in first  # the key itself is not shown

    # The worker died after the SMTP server accepted the mail, before the commit: still waiting.
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.PENDING, sent_at=None)
    mail.outbox.clear()
    assert outbox.deliver(message.pk) == MessageStatus.SENT
    assert _sent_message_id(regisseur) == first

    other = _message(case, agent, "enquete:ander")
    outbox.deliver(other.pk)
    assert _sent_message_id(agent) != first
