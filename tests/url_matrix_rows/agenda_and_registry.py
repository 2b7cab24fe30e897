"""Rows of the URL × role matrix for the partner registry and the collaboration agenda.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name.

The registry is the functional admin's; the agenda is read by the bureau (manager,
procesregisseurs) and the partners' professionals and maintained by the bureau; progress is
reported by the bureau and by professionals of a kartrekker organisation (here: Politie, the
organisation of `agent` and `colleague`). POSTs with an empty body show the form again (200)."""

from .common import LOGIN, row

REGISTRY = row(403, anonymous=LOGIN, functional_admin=200)
AGENDA_READ = row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, agent=200, colleague=200, manager=200)
AGENDA_MANAGE = row(403, anonymous=LOGIN, regisseur=200, other_regisseur=200, manager=200)
AGENDA_REPORT = AGENDA_READ  # the priority below has Politie as kartrekker

ROWS: dict = {
    ("registry:organisations", "GET"): REGISTRY,
    ("registry:organisation_new", "GET"): REGISTRY,
    ("registry:organisation_new", "POST"): REGISTRY,
    ("registry:organisation", "GET"): REGISTRY,
    ("registry:organisation_edit", "GET"): REGISTRY,
    ("registry:organisation_edit", "POST"): REGISTRY,
    ("registry:contact_new", "GET"): REGISTRY,
    ("registry:contact_new", "POST"): REGISTRY,
    ("registry:contact_edit", "GET"): REGISTRY,
    ("registry:contact_edit", "POST"): REGISTRY,
    # Without a version nothing is removed: a message and back to the organisation.
    ("registry:contact_remove", "POST"): row(403, anonymous=LOGIN, functional_admin=302),
    ("agenda:agendas", "GET"): AGENDA_READ,
    ("agenda:agenda_new", "GET"): AGENDA_MANAGE,
    ("agenda:agenda_new", "POST"): AGENDA_MANAGE,
    ("agenda:agenda", "GET"): AGENDA_READ,
    ("agenda:agenda_edit", "GET"): AGENDA_MANAGE,
    ("agenda:agenda_edit", "POST"): AGENDA_MANAGE,
    ("agenda:agenda_pdf", "GET"): AGENDA_READ,
    ("agenda:priority_new", "GET"): AGENDA_MANAGE,
    ("agenda:priority_new", "POST"): AGENDA_MANAGE,
    ("agenda:priority", "GET"): AGENDA_READ,
    ("agenda:priority_edit", "GET"): AGENDA_MANAGE,
    ("agenda:priority_edit", "POST"): AGENDA_MANAGE,
    ("agenda:progress_add", "GET"): AGENDA_REPORT,
    ("agenda:progress_add", "POST"): AGENDA_REPORT,
    ("agenda:action_new", "GET"): AGENDA_MANAGE,
    ("agenda:action_new", "POST"): AGENDA_MANAGE,
    ("agenda:action_edit", "GET"): AGENDA_MANAGE,
    ("agenda:action_edit", "POST"): AGENDA_MANAGE,
}


def make_kwargs(case, escalation, users) -> dict:
    from agenda import services as agenda_services
    from registry import services

    organisation = users["agent"].organisation
    contact = services.save_contact(
        actor=users["functional_admin"],
        organisation=organisation,
        data=services.ContactData(name="Petra Stuurgroeplid", job_title="Lid stuurgroep"),
    )
    agenda = agenda_services.create_agenda(actor=users["manager"], year=2031)
    priority = agenda_services.save_priority(
        actor=users["manager"],
        agenda=agenda,
        data=agenda_services.PriorityData(
            focus_area="Doorontwikkeling van de samenwerking", title="Governance", kartrekkers=[organisation]
        ),
    )
    action = agenda_services.save_action(
        actor=users["manager"], priority=priority, data=agenda_services.ActionData(description="Statement opstellen")
    )
    return {
        "organisation_id": organisation.pk,
        "contact_id": contact.pk,
        "year": agenda.year,
        "priority_id": priority.pk,
        "agenda_action_id": action.pk,
    }
