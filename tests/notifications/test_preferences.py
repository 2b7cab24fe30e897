"""Delivery preferences (issue 16): per kind at once, in one e-mail a day, or only in the
application; the daily digest (grouped per user and kind, once a day, sent once after a broker
outage); the in-app list of messages with its unread count in the header; the settings page."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.message_kinds import MessageKind
from cases.models import ActionStatus
from notifications import outbox
from notifications.digest import compose_digests, remove_old_messages
from notifications.models import DIGEST_KIND, Delivery, MessageStatus, NotificationPreference, OutboxMessage
from privacy.models import AccessAction, AccessLogEntry
from tests.auth import login
from tests.factories import UserFactory, make_case
from zvh.celery import app
from zvh.formats import date_text

from .conftest import PERSONAL, soon

ACTION = MessageKind.ACTION_ASSIGNED


def prefer(user, kind, delivery):
    NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def tomorrow_at(hour, minute=0):
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def digests():
    return [m for m in mail.outbox if m.subject.startswith("Dagoverzicht")]


def action_mails():
    return [m for m in mail.outbox if m.subject.startswith("Nieuwe actie")]


@pytest.fixture
def plan(case, regisseur):
    return services.start_plan(case=case, actor=regisseur)


def add_action(plan, regisseur, politie, days=3, owner_user=None):
    return services.add_action(plan=plan, actor=regisseur, description="Huisbezoek bij het gezin Aalbers.",
                               owner_organisation=politie, owner_user=owner_user, deadline=soon(days))  # fmt: skip


def test_direct_is_the_default_and_mails_at_once(addresses, case, plan, regisseur, agent, politie,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        add_action(plan, regisseur, politie)
    assert [m.to for m in action_mails()] == [[agent.email]]
    assert OutboxMessage.objects.get(kind=ACTION).status == MessageStatus.SENT


def test_app_only_is_stored_and_never_mailed(addresses, case, plan, regisseur, agent, politie,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    prefer(agent, ACTION, Delivery.APP_ONLY)
    with django_capture_on_commit_callbacks(execute=True):
        add_action(plan, regisseur, politie)  # enqueue_many
        add_action(plan, regisseur, politie, owner_user=agent)  # enqueue_many with one owner
    assert action_mails() == []
    messages = OutboxMessage.objects.filter(kind=ACTION)
    assert {m.status for m in messages} == {MessageStatus.APP_ONLY} and messages.count() == 2
    outbox.deliver_pending()
    compose_digests(tomorrow_at(7, 5))
    assert action_mails() == [] and digests() == []


def test_single_enqueue_follows_the_preference_too(addresses, case, regisseur, agent, politie,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    other = UserFactory(username="agent2", organisation=politie, email="agent2@zvh.example")
    prefer(other, MessageKind.SEATED, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[other])
    message = OutboxMessage.objects.get(kind=MessageKind.SEATED, recipient=other)
    assert message.status == MessageStatus.DIGEST_WAITING
    assert not [m for m in mail.outbox if other.email in m.to]


def test_digest_groups_per_user_and_kind_once_a_day_with_every_line(
    addresses, case, plan, regisseur, agent, colleague, politie, django_capture_on_commit_callbacks
):
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[colleague])
    other_case = make_case(regisseur=regisseur)
    other_plan = services.start_plan(case=other_case, actor=regisseur)
    for user in (agent, colleague):
        prefer(user, ACTION, Delivery.DIGEST)
    prefer(agent, MessageKind.SEATED, Delivery.DIGEST)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_partner(case=other_case, actor=regisseur, organisation=politie, professionals=[agent])
        first = add_action(plan, regisseur, politie, days=3)
        second = add_action(plan, regisseur, politie, days=5)
        third = add_action(other_plan, regisseur, politie, days=9, owner_user=agent)
    assert mail.outbox == []  # nothing at once for those who chose the digest
    assert OutboxMessage.objects.filter(status=MessageStatus.DIGEST_WAITING).count() == 6

    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(tomorrow_at(7)) == 3  # agent: actions and seating; colleague: actions
    by_recipient_and_kind = {(m.to[0], "actie" in m.subject): m for m in digests()}
    assert set(by_recipient_and_kind) == {(agent.email, True), (agent.email, False), (colleague.email, True)}
    agent_mail = by_recipient_and_kind[agent.email, True]
    for action in (first, second, third):
        assert f"deadline {date_text(action.deadline)}" in agent_mail.body
    assert case.reference in agent_mail.body and other_case.reference in agent_mail.body
    assert reverse("cases:plan", kwargs={"reference": other_case.reference}) in agent_mail.body
    assert "3 berichten" in agent_mail.subject and "Nieuwe actie in het plan van aanpak" in agent_mail.subject
    assert "2 berichten" in by_recipient_and_kind[colleague.email, True].subject
    seating = by_recipient_and_kind[agent.email, False]
    assert "1 bericht (Aan tafel gezet bij een casus)" in seating.subject and other_case.reference in seating.body
    for message in digests():
        for value in PERSONAL:
            assert value not in message.subject + message.body
    bundled = OutboxMessage.objects.filter(kind=ACTION, recipient=agent)
    digest = OutboxMessage.objects.get(kind=DIGEST_KIND, recipient=agent, key__contains=f":{ACTION}:")
    assert {m.status for m in bundled} == {MessageStatus.BUNDLED} and {m.digest for m in bundled} == {digest}
    assert digest.key == f"dagoverzicht:{agent.pk}:{ACTION}:{timezone.localdate() + timedelta(days=1)}"

    # A second run the same day (later hours make up a missed run) creates and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(tomorrow_at(9)) == 0
    outbox.deliver_pending()
    assert len(digests()) == 3


def test_messages_after_seven_wait_for_tomorrows_digest(addresses, case, plan, regisseur, agent, politie,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    prefer(agent, ACTION, Delivery.DIGEST)
    add_action(plan, regisseur, politie)
    today = timezone.localdate()
    OutboxMessage.objects.filter(kind=ACTION).update(
        created_at=timezone.make_aware(datetime.combine(today, time(7, 30)))
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(timezone.make_aware(datetime.combine(today, time(8)))) == 0
    assert OutboxMessage.objects.get(kind=ACTION).status == MessageStatus.DIGEST_WAITING
    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(tomorrow_at(7)) == 1
    assert len(digests()) == 1


def test_a_message_no_longer_needed_is_left_out_of_the_digest(addresses, case, plan, regisseur, agent, politie,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    prefer(agent, ACTION, Delivery.DIGEST)
    done = add_action(plan, regisseur, politie, days=3)
    type(done).objects.filter(pk=done.pk).update(status=ActionStatus.DONE)
    still = add_action(plan, regisseur, politie, days=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(tomorrow_at(7)) == 1
    (body,) = [m.body for m in digests()]
    assert f"deadline {date_text(still.deadline)}" in body and f"deadline {date_text(done.deadline)}" not in body
    skipped = OutboxMessage.objects.get(kind=ACTION, object_id=done.pk)
    assert skipped.status == MessageStatus.SKIPPED and skipped.digest is None
    # Nothing left that is needed: no digest at all.
    last = add_action(plan, regisseur, politie, days=8)
    type(last).objects.filter(pk=last.pk).update(status=ActionStatus.DROPPED)
    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(tomorrow_at(7) + timedelta(days=1)) == 0
    assert len(digests()) == 1


def test_broker_outage_digest_and_messages_wait_and_go_once_when_it_is_back(
    addresses, case, plan, regisseur, agent, politie, broker, monkeypatch, django_capture_on_commit_callbacks
):
    prefer(agent, ACTION, Delivery.DIGEST)
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        add_action(plan, regisseur, politie)  # the regisseur's own messages: none; agent: waits for the digest
        services.seat_partner(
            case=case, actor=regisseur, organisation=politie,
            professionals=[UserFactory(username="nieuw", organisation=politie, email="nieuw@zvh.example")],
        )  # fmt: skip
        assert compose_digests(tomorrow_at(7)) == 1
    assert mail.outbox == []  # the broker is down: nothing published, nothing lost
    digest = OutboxMessage.objects.get(kind=DIGEST_KIND)
    assert digest.status == MessageStatus.PENDING and digest.dispatched_at is None
    assert OutboxMessage.objects.get(kind=MessageKind.SEATED, recipient__username="nieuw").status == (
        MessageStatus.PENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert compose_digests(tomorrow_at(8)) == 0  # the beat retries later: no second digest
    # The broker is back (delivered in-process here); the sweeper hands over what waited, twice.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    outbox.dispatch_pending(stale_after=timedelta(0))
    outbox.dispatch_pending(stale_after=timedelta(0))
    assert [m.to for m in digests()] == [[agent.email]]
    assert len([m for m in mail.outbox if "nieuw@zvh.example" in m.to]) == 1
    digest.refresh_from_db()
    assert digest.status == MessageStatus.SENT


def test_a_rolled_back_change_leaves_no_waiting_message(case, plan, regisseur, agent, politie):
    prefer(agent, ACTION, Delivery.DIGEST)
    with pytest.raises(RuntimeError), transaction.atomic():
        add_action(plan, regisseur, politie)
        raise RuntimeError
    assert not OutboxMessage.objects.filter(kind=ACTION).exists()


def test_enqueue_many_costs_the_same_for_one_or_many_recipients(case, regisseur, politie):
    users = [UserFactory(username=f"team{k}", organisation=politie) for k in range(6)]
    prefer(users[0], ACTION, Delivery.DIGEST)

    def count(recipients, tag):
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            outbox.enqueue_many(
                kind=ACTION, object_id=1, recipients_and_keys=[(u, f"{tag}:{u.pk}") for u in recipients]
            )
        return len(queries)

    assert count(users[:2], "a") == count(users, "b")
    assert OutboxMessage.objects.get(key=f"b:{users[0].pk}").status == MessageStatus.DIGEST_WAITING


# In-app list ---------------------------------------------------------------------------------


def test_the_list_shows_own_messages_only_with_the_unread_count_and_marks_read(
    client, case, plan, regisseur, agent, politie, colleague
):
    add_action(plan, regisseur, politie)
    services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[colleague])
    login(client, agent)
    url = reverse("notifications:messages")
    page = client.get(url).content.decode()
    # agent: seated (fixture) and the new action; not the colleague's seating
    assert "2 ongelezen berichten" in page
    assert page.count("Ongelezen</strong>") == 2
    assert f"Nieuwe actie in het plan van aanpak: casus {case.reference}" in page
    assert "Aalbers" not in page and "Huisbezoek" not in page
    entry = AccessLogEntry.objects.filter(object_type="berichten").latest("pk")
    assert entry.action == AccessAction.LIST and entry.case_ids == [case.pk]
    # The header names the count (in text, not colour alone), on any page.
    assert "(2 ongelezen berichten)" in client.get(reverse("cases:list")).content.decode()

    theirs = OutboxMessage.objects.get(recipient=colleague, kind=MessageKind.SEATED)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    mine = OutboxMessage.objects.filter(recipient=agent).order_by("pk").first()
    for _ in range(2):  # twice is the same as once
        assert client.post(reverse("notifications:mark_read", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "(1 ongelezen bericht)" in client.get(url).content.decode()
    response = client.post(reverse("notifications:mark_all_read"), {"pagina": "1"})
    assert response.status_code == 302 and response.url.endswith("?pagina=1")
    client.post(reverse("notifications:mark_all_read"))
    assert not OutboxMessage.objects.filter(recipient=agent, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(url).content.decode()
    assert "ongelezen bericht" not in client.get(reverse("cases:list")).content.decode()
    assert "Alles als gelezen markeren" not in page


def test_the_list_is_paginated_newest_first(client, regisseur):
    for k in range(30):
        OutboxMessage.objects.create(key=f"p:{k}", kind=MessageKind.SEATED, recipient=regisseur, object_id=0,
                                     status=MessageStatus.APP_ONLY,
                                     created_at=timezone.now() - timedelta(minutes=30 - k))  # fmt: skip
    login(client, regisseur)
    first = client.get(reverse("notifications:messages"))
    assert len(first.context["items"]) == 25
    assert first.context["items"][0]["message"].key == "p:29"
    assert len(client.get(reverse("notifications:messages") + "?pagina=2").context["items"]) == 5


def test_a_manager_reads_messages_from_the_header_link(client, manager):
    OutboxMessage.objects.create(key="k", kind=MessageKind.BOTTLENECK, recipient=manager, object_id=0,
                                 status=MessageStatus.APP_ONLY)  # fmt: skip
    login(client, manager)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert reverse("notifications:messages") in page and "(1 ongelezen bericht)" in page
    assert (
        "Knelpunt opgeschaald naar het management (niet meer beschikbaar)"
        in client.get(reverse("notifications:messages")).content.decode()
    )


def test_the_header_count_costs_one_query(client, agent, case):
    login(client, agent)
    url = reverse("notifications:preferences")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    unread = [q["sql"] for q in queries if '"read_at" IS NULL' in q["sql"]]
    assert len(unread) == 1 and "LIMIT 100" in unread[0] and "COUNT" not in unread[0]


def test_the_header_says_99_plus_beyond_99(client, manager):
    OutboxMessage.objects.bulk_create(
        OutboxMessage(key=f"veel:{k}", kind=MessageKind.BOTTLENECK, recipient=manager, object_id=0,
                      status=MessageStatus.APP_ONLY)
        for k in range(120)
    )  # fmt: skip
    login(client, manager)
    assert "(99+ ongelezen berichten)" in client.get(reverse("notifications:messages")).content.decode()


def test_old_read_messages_are_removed_unread_ones_stay(regisseur):
    old = timezone.now() - timedelta(days=91)
    kept = dict(kind=MessageKind.SEATED, recipient=regisseur, object_id=0, created_at=old)
    OutboxMessage.objects.create(key="gelezen", status=MessageStatus.SENT, read_at=old, **kept)
    OutboxMessage.objects.create(key="ongelezen", status=MessageStatus.SENT, **kept)
    OutboxMessage.objects.create(key="wacht", status=MessageStatus.DIGEST_WAITING, read_at=old, **kept)
    OutboxMessage.objects.create(key="recent", status=MessageStatus.APP_ONLY, read_at=timezone.now(),
                                 kind=MessageKind.SEATED, recipient=regisseur, object_id=0)  # fmt: skip
    assert remove_old_messages() == 1
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {"ongelezen", "wacht", "recent"}


# Settings ------------------------------------------------------------------------------------


def test_the_settings_page_keeps_the_choice(client, agent):
    login(client, agent)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert (
        '<th class="utrecht-table__header-cell" scope="row" id="id_bezorging_actie_toegewezen-soort">Nieuwe actie'
        in page
    )
    assert "Nieuwe aanmelding voor triage" not in page  # a regisseur's kind is not offered to a partner
    assert "Uitnodiging tevredenheidsonderzoek" not in page.split("<form")[1]  # always mailed: not offered
    data = {f"bezorging_{kind}": Delivery.DIRECT for kind in choosable(client)}
    data[f"bezorging_{ACTION}"] = Delivery.DIGEST
    data[f"bezorging_{MessageKind.SEATED}"] = Delivery.APP_ONLY
    assert client.post(url, data).status_code == 302
    assert NotificationPreference.objects.get(user=agent, kind=ACTION).delivery == Delivery.DIGEST
    form = client.get(url).context["form"]
    assert form[f"bezorging_{ACTION}"].value() == Delivery.DIGEST
    assert form[f"bezorging_{MessageKind.SEATED}"].value() == Delivery.APP_ONLY
    # A bad value: a Dutch message beside that field; the rest of what was chosen stays chosen.
    data[f"bezorging_{ACTION}"] = "elk_uur"
    data[f"bezorging_{MessageKind.REMINDER}"] = Delivery.DIGEST
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "Kies hoe u berichten over “Nieuwe actie in het plan van aanpak” wilt ontvangen." in response.content.decode()
    )
    assert response.context["form"][f"bezorging_{MessageKind.REMINDER}"].value() == Delivery.DIGEST
    assert NotificationPreference.objects.get(user=agent, kind=ACTION).delivery == Delivery.DIGEST


def choosable(client):
    from notifications.registry import choosable_kinds

    return [entry.kind for entry in choosable_kinds()]


def test_the_schedule_page_counts_the_new_statuses(client, functional_admin, regisseur):
    for status in (MessageStatus.DIGEST_WAITING, MessageStatus.APP_ONLY, MessageStatus.APP_ONLY):
        OutboxMessage.objects.create(key=f"s{OutboxMessage.objects.count()}", kind=MessageKind.SEATED,
                                     recipient=regisseur, object_id=0, status=status)  # fmt: skip
    login(client, functional_admin)
    response = client.get(reverse("notifications:schedule"))
    assert response.context["counts"][MessageStatus.APP_ONLY] == 2
    page = response.content.decode()
    assert "<dt>Wacht op het dagoverzicht</dt><dd>1</dd>" in page
    assert "<dt>Alleen in de applicatie (niet gemaild)</dt><dd>2</dd>" in page


def test_the_settings_page_offers_each_role_only_what_reaches_it(client, regisseur, manager):
    url = reverse("notifications:preferences")
    login(client, regisseur)
    offered = set(client.get(url).context["form"].kinds)
    assert MessageKind.ESCALATION in offered and MessageKind.CASE_HANDED_OVER in offered
    assert MessageKind.ACTION_ASSIGNED not in offered and MessageKind.ESCALATION_RECEIVED not in offered
    login(client, manager)
    assert client.get(url).context["form"].kinds == [MessageKind.BOTTLENECK]
