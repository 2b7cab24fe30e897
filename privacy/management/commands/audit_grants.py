"""Run the nightly grant audit by hand (beat entry `toegang-controleren`)."""

from django.core.management.base import BaseCommand

from privacy.grant_audit.services import audit_grants


class Command(BaseCommand):
    help = "Vergelijkt de toegangsrechten van elke lopende casus met de regels en herstelt afwijkingen."

    def handle(self, *args, **options):
        result = audit_grants()
        self.stdout.write(
            f"{result.cases_checked} casussen gecontroleerd, {result.cases_repaired} hersteld "
            f"({len(result.repairs)} meldingen voor de privacyfunctionaris)."
        )
