"""Revoke a partner application: its tokens stop working at once, its account is deactivated."""

from django.core.management.base import BaseCommand, CommandError
from oauth2_provider.models import Application

from api import services
from partners.models import User
from zvh.errors import ServiceError


class Command(BaseCommand):
    help = "Trek een partnertoepassing in."

    def add_arguments(self, parser):
        parser.add_argument("--beheerder", required=True)
        parser.add_argument("client_id")

    def handle(self, *args, **options):
        actor = User.objects.filter(username=options["beheerder"]).first()
        application = Application.objects.filter(client_id=options["client_id"]).first()
        if actor is None or application is None:
            raise CommandError("Onbekende beheerder of toepassing.")
        try:
            services.revoke_partner_application(actor=actor, application=application)
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Ingetrokken: {application.name}")
