"""factory_boy factories. Cases are made through the real service, so grants, timeline and AVE
history are exactly what the application writes."""

import uuid
from datetime import date

import factory

from cases import services
from partners.models import Organisation, OrganisationKind, Role, User
from programmes.models import Programme
from registry.services import assign_role

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


def make_escalation(*, submitted_by, persons=None, urgency="normaal", **overrides):
    from cases.models import BottleneckCategory

    persons = persons or [
        services.PersonData(
            first_name="Kees",
            last_name="Driessen",
            role_in_case="hoofdpersoon",
            date_of_birth=date(1979, 5, 4),
            bsn="123456782",
        ),
        services.PersonData(first_name="Monique", last_name="Driessen", role_in_case="partner"),
    ]
    data = dict(
        reason="Escalerende ruzies en bedreigingen in de wijk.",
        bottleneck_text="Zorg en politie werken langs elkaar heen.",
        ave_level=3,
        urgency=urgency,
        goal="Eén gezamenlijk plan.",
        person_informed=False,
        not_informed_reason="veiligheid",
        contact_name=submitted_by.get_full_name(),
        contact_phone="073 123 45 67",
        contact_email="verwijzer@example.org",
        bottleneck_categories=list(BottleneckCategory.objects.all()[:2]),
    )
    data.update(overrides)
    return services.submit_escalation(
        submitted_by=submitted_by,
        data=services.EscalationData(**data),
        persons=persons,
        submission_key=uuid.uuid4(),
    )


def closing_evaluation(case, *, decision="gereed", result="behaald", what_worked="Korte lijnen tussen de partners."):
    """The keyword arguments `services.change_phase` needs to close `case`: a decision for every
    open action and a result for every goal of its current plan, and what worked."""
    from cases import services

    actions, goals = services.closing_items(case)
    return {
        "action_decisions": {action.pk: decision for action in actions},
        "goal_outcomes": {goal.pk: services.GoalOutcome(result) for goal in goals},
        "what_worked": what_worked,
    }


def closing_post(case, **kwargs) -> dict:
    """The same as the closing form's fields (cases:phase)."""
    evaluation = closing_evaluation(case, **kwargs)
    data = {f"action_{pk}": decision for pk, decision in evaluation["action_decisions"].items()}
    data |= {f"goal_{pk}_result": outcome.result for pk, outcome in evaluation["goal_outcomes"].items()}
    return data | {"what_worked": evaluation["what_worked"]}
