"""Run the periodic jobs of reminders and surveys by hand (what beat runs on a schedule): action
deadlines and plan evaluations, the one survey reminder after a week, then send what is waiting.
On the embedded default (`make run`, no Redis) this is how the demo gets its reminders."""

from django.core.management.base import BaseCommand

from cases.reminders import generate_reminders
from cases.services.survey import remind_non_responders
from notifications import outbox


class Command(BaseCommand):
    help = "Maakt herinneringen (acties, evaluaties, tevredenheidsonderzoek) en verstuurt wachtende e-mails."

    def handle(self, *args, **options):
        run = generate_reminders()
        surveys = remind_non_responders()
        self.stdout.write(
            f"Herinneringen: {run.total} nieuw ({', '.join(f'{k}: {v}' for k, v in run.created.items())}); "
            f"herinneringen tevredenheidsonderzoek: {surveys}."
        )
        counts = outbox.deliver_pending()
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "niets te versturen"
        self.stdout.write(self.style.SUCCESS(f"Outbox verwerkt ({summary})."))
