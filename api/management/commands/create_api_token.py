"""A person's own API token for scripts. Prints the token once; only its SHA-256 is stored."""

from django.core.management.base import BaseCommand, CommandError

from api import services
from partners.models import User
from zvh.errors import ServiceError


class Command(BaseCommand):
    help = "Maak een persoonlijk API-token voor een gebruiker."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--naam", required=True, help="omschrijving, bijvoorbeeld het script")
        parser.add_argument("--scope", action="append", required=True, help="aanmeldingen, casussen, stuurinformatie")
        parser.add_argument("--dagen", type=int, default=90)

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("Onbekende gebruiker.")
        try:
            row, token = services.create_personal_token(
                user=user, name=options["naam"], scopes=options["scope"], days=options["dagen"]
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"token: {token}")
        self.stdout.write(f"geldig tot: {row.expires_at:%Y-%m-%d %H:%M}")
