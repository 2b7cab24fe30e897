"""Run the retention job by hand, or show what it would remove (`--dry-run`)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from privacy.models import RetentionCategory
from privacy.retention.services import SCHEDULED_JOB, due_for_destruction, run_retention


class Command(BaseCommand):
    help = "Vernietigt persoonsgegevens waarvan de bewaartermijn is verstreken (of toont dat met --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen tonen wat de volgende run verwijdert; niets wijzigen."
        )
        parser.add_argument(
            "--peildatum",
            metavar="JJJJ-MM-DD",
            help="Alleen met --dry-run: wat zou op deze datum worden verwijderd (standaard vandaag).",
        )
        parser.add_argument(
            "--uitgevoerd-door",
            default=SCHEDULED_JOB,
            help=f"Naam in de vernietigingsregistratie (standaard ‘{SCHEDULED_JOB}’).",
        )

    def handle(self, *args, dry_run=False, peildatum=None, uitgevoerd_door=SCHEDULED_JOB, **options):
        if peildatum and not dry_run:
            raise CommandError("--peildatum kan alleen met --dry-run: vernietigen gebeurt altijd per vandaag.")
        if dry_run:
            try:
                today = date.fromisoformat(peildatum) if peildatum else None
            except ValueError as error:
                raise CommandError("Geef de peildatum als JJJJ-MM-DD.") from error
            self._print_report(due_for_destruction(today))
            return
        summary = run_retention(performed_by=uitgevoerd_door)
        self.stdout.write(f"Run {summary.run_id} ({summary.today:%Y-%m-%d}, door {summary.performed_by}):")
        for value, label in RetentionCategory.choices:
            self.stdout.write(f"  {label}: {summary.per_category[value]}")
        self.stdout.write(
            self.style.SUCCESS(f"Geanonimiseerd: {summary.cases} casus(sen), {summary.escalations} aanmelding(en).")
        )

    def _print_report(self, report):
        self.stdout.write(f"Proefrun per {report.today:%Y-%m-%d}: er wordt niets gewijzigd.")
        for note in report.category_notes():
            self.stdout.write(self.style.WARNING(note))
        for _value, label, items in report.by_category():
            self.stdout.write(f"{label}: {len(items)}")
            for item in items:
                follows = f" (volgt casus {item.follows_case})" if item.follows_case else ""
                extended = f", verlengd tot {item.extended_until:%Y-%m-%d}" if item.extended_until else ""
                self.stdout.write(
                    f"  {item.object_type_label} {item.reference}{follows} {item.programme_code or '-'}: "
                    f"sinds {item.start_date:%Y-%m-%d}, termijn {item.term_months} mnd{extended}, "
                    f"vervalt {item.due_on:%Y-%m-%d}"
                )
        self.stdout.write(f"Totaal: {len(report)}")
