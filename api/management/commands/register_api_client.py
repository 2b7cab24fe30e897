"""Register a partner application for an organisation (functional admin). Prints the client id and
the client secret once; the secret is stored hashed."""

from django.core.management.base import BaseCommand, CommandError

from api import services
from partners.models import Organisation, User
from zvh.errors import ServiceError


class Command(BaseCommand):
    help = "Registreer een partnertoepassing (OAuth2 client credentials) voor een organisatie."

    def add_arguments(self, parser):
        parser.add_argument("--beheerder", required=True, help="gebruikersnaam van de functioneel beheerder")
        parser.add_argument("--organisatie", required=True, help="naam van de organisatie")
        parser.add_argument("--naam", required=True, help="naam van de toepassing")

    def handle(self, *args, **options):
        actor = User.objects.filter(username=options["beheerder"]).first()
        organisation = Organisation.objects.filter(name=options["organisatie"]).first()
        if actor is None or organisation is None:
            raise CommandError("Onbekende beheerder of organisatie.")
        try:
            application, secret = services.register_partner_application(
                actor=actor, organisation=organisation, name=options["naam"]
            )
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"client_id: {application.client_id}")
        self.stdout.write(f"client_secret: {secret}")
        self.stdout.write("Bewaar het geheim nu: het wordt alleen gehasht opgeslagen.")
