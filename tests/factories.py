"""factory_boy factories. Cases are made through the real service, so grants, timeline and AVE
history are exactly what the application writes."""

import factory

from cases import services
from partners.models import Organisation, OrganisationKind, Role, User
from partners.services import assign_role
from programmes.models import Programme

PASSWORD = "Sterk-wachtwoord-voor-tests-1"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.ZORG
    is_wgs_participant = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # assign_role saves

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTNERPROFESSIONAL
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def apply_role(self, create, extracted, **kwargs):
        if create:
            assign_role(user=self, role=self.role)

    class Params:
        regisseur = factory.Trait(role=Role.PROCESREGISSEUR)
        manager = factory.Trait(role=Role.MANAGER)
        privacy_officer = factory.Trait(role=Role.PRIVACYFUNCTIONARIS)
        functional_admin = factory.Trait(role=Role.FUNCTIONEEL_BEHEERDER)


def make_case(*, regisseur, programme_code="COM", ave_level=3, persons=None, summary="Zorgen over veiligheid."):
    persons = persons or [services.PersonData(first_name="Pim", last_name="Testpersoon", role_in_case="hoofdpersoon")]
    return services.register_case(
        registered_by=regisseur,
        programme=Programme.objects.get(code=programme_code),
        ave_level=ave_level,
        summary=summary,
        persons=persons,
    )
