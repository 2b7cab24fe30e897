"""Send the e-mails still waiting in the outbox (e.g. kept while Redis was down).

Default: hand them to the Celery workers through the broker (what the beat job does every five
minutes). `--hier` sends them from this process instead, without broker or worker (the embedded
default of `make run`, or an operator who wants them out now). Each message goes out once,
however often this runs."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from notifications import outbox


class Command(BaseCommand):
    help = "Verstuurt wachtende e-mails uit de outbox (via de workers, of met --hier in dit proces)."

    def add_arguments(self, parser):
        parser.add_argument("--hier", action="store_true", help="Verstuur in dit proces, zonder broker en worker.")

    def handle(self, *args, hier=False, **options):
        if hier:
            counts = outbox.deliver_pending()
            summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "niets te versturen"
            self.stdout.write(self.style.SUCCESS(f"Outbox in dit proces verwerkt ({summary})."))
            return
        ids = outbox.pending_ids(stale_after=timedelta(0))
        handed = outbox.dispatch(ids, force=True)
        if handed < len(ids):
            self.stdout.write(
                self.style.WARNING(
                    f"{handed} van {len(ids)} bericht(en) aan de broker gegeven; de rest blijft wachten "
                    "(is Redis bereikbaar? Gebruik anders --hier)."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{handed} bericht(en) aan de workers gegeven."))
