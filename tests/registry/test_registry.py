"""The partner registry for the functional admin: organisations (kind, convenant date, WGS status,
active), contacts, users per organisation (read-only), and who sees which menu item."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partners.models import Contact, Organisation
from registry import services
from tests.auth import login
from tests.factories import OrganisationFactory, UserFactory
from zvh.errors import ServiceError


def organisation_form(organisation, **changes):
    data = {
        "version": organisation.version,
        "name": organisation.name,
        "kind": organisation.kind,
        "convenant_date": "2025-03-01",
        "is_wgs_participant": "on",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_functional_admin_registers_an_organisation_and_a_duplicate_name_is_refused(client, functional_admin):
    login(client, functional_admin)
    url = reverse("registry:organisation_new")
    data = {"name": "  Stichting  STEVIG ", "kind": "zorg", "convenant_date": "2026-01-15", "is_active": "on"}
    response = client.post(url, data)
    organisation = Organisation.objects.get(name="Stichting STEVIG")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:organisation", args=[organisation.pk])
    assert (organisation.kind, str(organisation.convenant_date), organisation.is_wgs_participant) == (
        "zorg",
        "2026-01-15",
        False,
    )
    response = client.post(url, {**data, "name": "stichting stevig"})
    assert response.status_code == 200
    assert "Er staat al een organisatie met deze naam in het register." in response.content.decode()
    assert Organisation.objects.filter(name__iexact="stichting stevig").count() == 1


def test_changing_the_wgs_status_is_recorded_and_a_stale_form_is_refused(client, functional_admin, politie):
    login(client, functional_admin)
    url = reverse("registry:organisation_edit", args=[politie.pk])
    stale = organisation_form(politie)
    response = client.post(url, organisation_form(politie, is_wgs_participant=None))
    assert response.status_code == 302
    politie.refresh_from_db()
    assert politie.is_wgs_participant is False
    assert LogEntry.objects.get_for_object(politie).filter(changes__icontains="is_wgs_participant").exists()

    response = client.post(url, {**stale, "name": "Politie Oost-Brabant"})  # rendered before the change
    html = response.content.decode()
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in html
    assert 'value="Politie Oost-Brabant"' in html  # the typed input stays
    politie.refresh_from_db()
    assert (politie.name, politie.is_wgs_participant) == ("Politie", False)


def test_other_roles_cannot_change_the_registry(manager, regisseur, agent, privacy_officer, politie):
    for user in (manager, regisseur, agent, privacy_officer):
        with pytest.raises(PermissionDenied):
            services.save_organisation(
                actor=user,
                organisation=politie,
                expected_version=politie.version,
                data=services.OrganisationData("Politie", "veiligheid", False, None, True),
            )
        with pytest.raises(PermissionDenied):
            services.save_contact(actor=user, organisation=politie, data=services.ContactData(name="X"))
    politie.refresh_from_db()
    assert politie.is_wgs_participant is True


def test_contacts_are_added_edited_and_removed_with_their_version(client, functional_admin, politie):
    login(client, functional_admin)
    client.post(
        reverse("registry:contact_new", args=[politie.pk]),
        {"name": "Petra van Gemert", "job_title": "Lid stuurgroep", "email": "petra@politie.example"},
    )
    contact = Contact.objects.get(organisation=politie)
    edit = reverse("registry:contact_edit", args=[politie.pk, contact.pk])
    client.post(edit, {"version": contact.version, "name": "Petra van Gemert", "phone": "06-12345678"})
    old_version = contact.version
    contact.refresh_from_db()
    assert contact.phone == "06-12345678" and contact.version == old_version + 1

    remove = reverse("registry:contact_remove", args=[politie.pk, contact.pk])
    client.post(remove, {"version": old_version})  # seen before the edit: refused
    assert Contact.objects.filter(pk=contact.pk).exists()
    response = client.post(remove, {"version": contact.version}, follow=True)
    assert "is uit het register verwijderd" in response.content.decode()
    assert not Contact.objects.filter(pk=contact.pk).exists()
    response = client.post(remove, {"version": contact.version}, follow=True)  # double click
    assert response.status_code == 200

    other = OrganisationFactory(name="GGD Hart voor Brabant")
    foreign = services.save_contact(actor=functional_admin, organisation=other, data=services.ContactData(name="Y"))
    assert client.get(reverse("registry:contact_edit", args=[politie.pk, foreign.pk])).status_code == 404


def test_users_per_organisation_are_listed_read_only_with_their_role(client, functional_admin, agent, colleague):
    politie = agent.organisation
    login(client, functional_admin)
    response = client.get(reverse("registry:organisation", args=[politie.pk]))
    html = response.content.decode()
    assert agent.username in html and colleague.username in html
    assert "Partnerprofessional" in html
    assert reverse("admin:partners_user_change", args=[agent.pk]) in html  # roles change in the admin only
    assert 'name="role"' not in html


def test_registry_filters_on_wgs_status(client, functional_admin, politie):
    OrganisationFactory(name="Stichting STEVIG", is_wgs_participant=False)
    login(client, functional_admin)
    response = client.get(reverse("registry:organisations"), {"wgs": "nee"})
    names = [o.name for o in response.context["organisations"]]
    assert names == ["Stichting STEVIG"]
    response = client.get(reverse("registry:organisations"), {"wgs": "onzin", "kind": "<script>"})
    assert response.status_code == 200  # bad filter input: no 500, no filter


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("functional_admin", {"Partnerregister"}),
        ("manager", {"Samenwerkingsagenda"}),
        ("regisseur", {"Samenwerkingsagenda"}),
        ("agent", {"Samenwerkingsagenda"}),
        ("privacy_officer", set()),
    ],
)
def test_menu_shows_registry_and_agenda_to_the_roles_concerned(db, client, request, role, expected):
    user = request.getfixturevalue(role)
    login(client, user)
    response = client.get(reverse("home"))
    labels = {label for _, label, _, _ in response.context["nav_items"]}
    assert labels & {"Partnerregister", "Samenwerkingsagenda"} == expected


def test_a_user_without_organisation_can_read_the_agenda_if_their_role_allows(client, db):
    user = UserFactory(manager=True, organisation=None)
    login(client, user)
    assert client.get(reverse("agenda:agendas")).status_code == 200


def test_an_organisation_leaving_the_wgs_convenant_loses_case_access_at_once(
    client, functional_admin, case, agent, regisseur, politie
):
    from privacy import policy

    assert policy.may_view_case(agent, case)
    login(client, functional_admin)
    url = reverse("registry:organisation_edit", args=[politie.pk])
    assert client.post(url, organisation_form(politie, is_wgs_participant=None)).status_code == 302
    assert not policy.may_view_case(agent, case)  # the seat stays on record, the access does not
    assert policy.may_view_case(regisseur, case)
    politie.refresh_from_db()
    assert client.post(url, organisation_form(politie, is_wgs_participant="on")).status_code == 302
    assert policy.may_view_case(agent, case)  # rejoining restores access for the seat that remained
    politie.refresh_from_db()
    assert client.post(url, organisation_form(politie, is_active=None)).status_code == 302
    assert not policy.may_view_case(agent, case)


def test_an_edit_without_its_version_or_of_a_removed_contact_is_refused_without_an_error_page(
    client, functional_admin, politie
):
    from partners.models import Contact

    login(client, functional_admin)
    edit = reverse("registry:organisation_edit", args=[politie.pk])
    response = client.post(edit, {**organisation_form(politie), "version": "", "name": "Politie Nieuw"})
    assert response.status_code == 200 and "onvolledig" in response.content.decode()
    politie.refresh_from_db()
    assert politie.name == "Politie"

    contact = Contact.objects.create(organisation=politie, name="Anna Smit")
    Contact.objects.filter(pk=contact.pk).delete()  # removed by a colleague while the form was open
    with pytest.raises(ServiceError) as refused:
        services.save_contact(
            actor=functional_admin,
            organisation=politie,
            contact=contact,
            data=services.ContactData(name="Anna de Smit"),
            expected_version=1,
        )
    assert "bestaat niet meer" in refused.value.message
