"""Integration with a REAL Celery worker (a subprocess, `celery -A zvh worker`) against the local
Redis, and the fault test: with the broker down, closing a case and submitting an escalation
succeed quickly and the work waits in the outbox; once Redis is back the dispatcher hands it to
the worker and every e-mail goes out exactly once.

The worker uses the test database (these tests commit: transaction=True), writes e-mail to files,
and listens on a queue of its own (tests/notifications/worker_settings.py)."""

import email
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cases.message_kinds import MessageKind
from cases.models import Escalation, Phase, SurveyInvitation
from cases.reminders import generate_reminders
from notifications import outbox
from notifications.models import MessageStatus, OutboxMessage
from tests.auth import login
from tests.cases.test_escalation_views import escalation_post
from tests.factories import closing_post, make_case

from .conftest import PERSONAL, plan_with_action, soon

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """Start `celery -A zvh worker` on the test database and a queue of its own; stop it after."""
    mail_dir = tmp_path_factory.mktemp("mail")
    queue = f"zvh-test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "ZVH_TEST_MAIL_DIR": str(mail_dir),
        "NOTIFICATIONS_QUEUE": queue,
    }
    log = (mail_dir.parent / f"{queue}.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "celery", "-A", "zvh", "worker", "--pool=solo", "-Q", queue, "-n", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield {"queue": queue, "mail_dir": mail_dir, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        leftovers = [queue, *client.scan_iter(match=f"_kombu.binding*.{queue}")]
        client.delete(*leftovers)  # the queue and kombu's bookkeeping of it


@pytest.fixture
def worker_queue(worker, settings, broker):
    """Publish to the worker's queue through the real Redis; start each test with no mail files."""
    settings.NOTIFICATIONS_QUEUE = worker["queue"]
    broker.up(settings.REDIS_URL)
    for path in worker["mail_dir"].iterdir():
        path.unlink()
    return worker


def sent_mails(worker) -> list[email.message.Message]:
    mails = []
    for path in sorted(worker["mail_dir"].iterdir()):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                mails.append(email.message_from_bytes(chunk.strip()))
    return mails


def wait_until(condition, *, worker, timeout=60.0, what="de worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker["process"].poll() is None, "de Celery-worker is gestopt"
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} was niet op tijd klaar")


def all_sent():
    return not OutboxMessage.objects.filter(status=MessageStatus.PENDING).exists()


def queue_empty(worker) -> bool:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL).llen(worker["queue"]) == 0


def test_a_real_worker_sends_the_triage_mail_and_runs_the_beat_jobs(
    worker_queue, addresses, client, agent, regisseur, other_regisseur, case, politie
):
    login(client, agent)
    response = client.post(reverse("escalations:create"), escalation_post())
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    wait_until(all_sent, worker=worker_queue)
    mails = [m for m in sent_mails(worker_queue) if "voor triage" in m["Subject"]]  # besides the referrer's
    assert sorted(m["To"] for m in mails) == sorted([regisseur.email, other_regisseur.email])
    assert all(escalation.reference in m["Subject"] for m in mails)

    # The beat jobs run in the worker as beat would start them: reminders, then the sweeper.
    plan_with_action(case, regisseur, politie, deadline=soon(2), owner_user=agent)
    from cases.tasks import send_reminders_task
    from notifications.tasks import dispatch_outbox_task

    send_reminders_task.apply_async(queue=worker_queue["queue"])
    wait_until(lambda: OutboxMessage.objects.filter(kind=MessageKind.REMINDER).count() == 2, worker=worker_queue)
    wait_until(all_sent, worker=worker_queue)
    dispatch_outbox_task.apply_async(queue=worker_queue["queue"])
    wait_until(lambda: queue_empty(worker_queue), worker=worker_queue)
    reminder_mails = [m for m in sent_mails(worker_queue) if m["Subject"].startswith("Deadline nadert")]
    assert sorted(m["To"] for m in reminder_mails) == sorted([agent.email, regisseur.email])


def test_fault_redis_down_requests_succeed_and_everything_is_sent_once_when_it_is_back(
    worker_queue, broker, addresses, client, agent, regisseur, other_regisseur, case, politie
):
    # A second open case with an action due soon, owned by the agent: reminders while Redis is down.
    open_case = make_case(regisseur=regisseur)
    from cases import services

    services.seat_partner(case=open_case, actor=regisseur, organisation=politie, professionals=[agent])
    plan_with_action(open_case, regisseur, politie, deadline=soon(1), owner_user=agent)

    wait_until(all_sent, worker=worker_queue)  # the seating and action mails of the set-up go out first
    before = len(sent_mails(worker_queue))
    broker.down()

    login(client, regisseur)
    case.refresh_from_db()
    started = time.monotonic()
    response = client.post(
        reverse("cases:phase", args=[case.reference]),
        {"version": case.version, "to_phase": Phase.AFGESLOTEN, "closure_reason": "doelen_bereikt",
         "closure_result": "Stabiel en veilig.", **closing_post(case), "bevestigd": "ja"},
    )  # fmt: skip
    closing_took = time.monotonic() - started
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.AFGESLOTEN
    assert closing_took < 2.0, f"afsluiten duurde {closing_took:.2f} s"

    login(client, agent)
    started = time.monotonic()
    response = client.post(reverse("escalations:create"), escalation_post())
    submitting_took = time.monotonic() - started
    assert response.status_code == 302
    assert Escalation.objects.count() == 1
    assert submitting_took < 2.0, f"aanmelden duurde {submitting_took:.2f} s"

    assert generate_reminders().total == 2  # agent + regisseur about the open case's action

    # Nothing was sent; the outbox kept all of it.
    kept = Counter(OutboxMessage.objects.filter(status=MessageStatus.PENDING).values_list("kind", flat=True))
    assert kept == {
        MessageKind.SURVEY_INVITATION: 1,
        MessageKind.ESCALATION: 2,
        MessageKind.ESCALATION_RECEIVED: 1,
        MessageKind.REMINDER: 2,
    }
    time.sleep(1)
    assert len(sent_mails(worker_queue)) == before

    # Redis is back: run the dispatcher. The worker sends everything.
    broker.up(settings.REDIS_URL)
    call_command("dispatch_outbox")
    wait_until(all_sent, worker=worker_queue)
    first = sent_mails(worker_queue)[before:]
    assert len(first) == 6

    # Running the dispatcher and the jobs again, and publishing every message twice more, sends nothing new.
    call_command("dispatch_outbox")
    assert generate_reminders().total == 0
    # 15 ids: more than FAN_OUT_AT, so they travel as one fan-out task that the worker unpacks.
    ids = list(OutboxMessage.objects.values_list("pk", flat=True)) * 3
    assert len(ids) > outbox.FAN_OUT_AT
    outbox.dispatch(ids, force=True)
    wait_until(lambda: queue_empty(worker_queue), worker=worker_queue)
    time.sleep(1)
    mails = sent_mails(worker_queue)
    assert len(mails) == before + 6
    assert len({(m["To"], m["Subject"]) for m in mails}) == before + 6  # each exactly once
    assert OutboxMessage.objects.filter(status=MessageStatus.SENT).count() == before + 6
    invitation = SurveyInvitation.objects.get(case=case)
    assert invitation.recipient == agent and invitation.sent_at is not None
    for message in mails:
        text = message["Subject"] + message.get_payload(decode=True).decode(message.get_content_charset())
        for value in PERSONAL:
            assert value not in text
