"""The admin (`/beheer/`) is not a back door (zvh/admin_rules.py): every registered ModelAdmin that
lets even a superuser add, change or delete is read-only, backed by the screens' service, or a
managed list that no rule derives anything from. And the probe that found the gap: unticking
"WGS-deelnemer" for Politie in the admin ends the seated police professional's access at once."""

import inspect

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from partners.models import Organisation
from privacy import policy
from privacy.models import CaseUserObjectPermission
from tests.auth import login
from tests.factories import UserFactory
from zvh.admin_rules import ReadOnlyAdmin, ReferenceDataAdmin, ServiceBackedAdmin

# Managed lists whose admin is their only editor and which no rule derives stored state from. A new
# entry here is a decision, reviewed like a new row of the URL matrix.
REFERENCE_DATA = {
    "cases.BottleneckCategory",
    "cases.DocumentCategory",
    "cases.LetterTemplate",
    "cases.LifeDomain",
    "cases.InclusionCriterion",
    "programmes.Programme",
    "programmes.Prognosis",
}


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root", organisation=None)
    user.is_superuser = user.is_staff = True
    user.save()
    return user


def writes_allowed(model_admin, request) -> list[str]:
    allowed = []
    if model_admin.has_add_permission(request):
        allowed.append("add")
    if model_admin.has_change_permission(request, None):
        allowed.append("change")
    if model_admin.has_delete_permission(request, None):
        allowed.append("delete")
    return allowed


def test_every_writable_model_admin_goes_through_a_service_or_is_plain_reference_data(superuser):
    request = RequestFactory().get("/beheer/")
    request.user = superuser
    problems = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        writes = writes_allowed(model_admin, request)
        if isinstance(model_admin, ReadOnlyAdmin):
            if writes:
                problems.append(f"{label}: read-only admin still allows {writes}")
            continue
        if not writes:
            problems.append(f"{label}: allows no writes; make it a ReadOnlyAdmin so that stays so")
            continue
        if isinstance(model_admin, ServiceBackedAdmin):
            for kind, service in (("save", model_admin.save_service), ("delete", model_admin.delete_service)):
                write = "change" if kind == "save" else "delete"
                if write in writes and not callable(service):
                    problems.append(f"{label}: allows {write} without a {kind}_service")
                own_call = getattr(type(model_admin), f"call_{kind}_service")
                if callable(service) and own_call is getattr(ServiceBackedAdmin, f"call_{kind}_service"):
                    problems.append(f"{label}: declares a {kind}_service but never calls it")
            if "add" in writes and model_admin.save_service is None:
                problems.append(f"{label}: allows add without a save_service")
            continue
        if isinstance(model_admin, ReferenceDataAdmin) and label in REFERENCE_DATA and model_admin.rule_free:
            if "delete" in writes and not model_admin.deletable:
                problems.append(f"{label}: reference data is retired, not deleted")
            continue
        problems.append(f"{label}: {type(model_admin).__name__} allows {writes} outside the screens' services")
    assert problems == []


def test_service_backed_admins_name_the_services_of_the_screens():
    named = {
        model._meta.label: {s.__module__ for s in (a.save_service, a.delete_service) if s}
        for model, a in admin.site._registry.items()
        if isinstance(a, ServiceBackedAdmin)
    }
    assert named["partners.Organisation"] == {"registry.services"}
    assert named["partners.User"] == {"registry.services"}
    for modules in named.values():
        assert modules and all(inspect.ismodule(__import__(m, fromlist=["_"])) for m in modules)


def change_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "convenant_date": "",
        "is_active": "on" if organisation.is_active else "",
    }
    if organisation.is_wgs_participant:
        data["is_wgs_participant"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_unticking_wgs_participant_in_the_admin_revokes_the_seated_professionals_access(
    client, functional_admin, politie, agent, case
):
    assert policy.may_view_case(agent, case)
    assert CaseUserObjectPermission.objects.filter(content_object=case, user=agent).exists()
    page = reverse("cases:detail", args=[case.reference])
    assert login(client, agent).get(page).status_code == 200

    login(client, functional_admin)
    url = reverse("admin:partners_organisation_change", args=[politie.pk])
    assert client.get(url).status_code == 200
    data = change_form(politie)
    data.pop("is_wgs_participant")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    politie.refresh_from_db()
    assert not politie.is_wgs_participant
    assert politie.version == 2  # an open registry form sees the admin's change
    assert not CaseUserObjectPermission.objects.filter(content_object=case, user=agent).exists()
    assert not policy.may_view_case(agent, case)
    client.logout()
    assert login(client, agent).get(page).status_code in (403, 404)


def test_a_refusal_of_the_service_is_shown_in_the_admin_and_nothing_is_saved(client, functional_admin, politie, ggz):
    login(client, functional_admin)
    url = reverse("admin:partners_organisation_change", args=[ggz.pk])
    response = client.post(url, change_form(ggz, name="politie"), follow=True)
    assert "Er staat al een organisatie met deze naam in het register." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    ggz.refresh_from_db()
    assert ggz.name == "GGZ Oost Brabant"
    assert Organisation.objects.filter(name__iexact="politie").count() == 1


def test_moving_a_seated_professional_to_another_organisation_in_the_admin_ends_the_seat_access(
    client, functional_admin, agent, ggz, case
):
    assert policy.may_view_case(agent, case)
    login(client, functional_admin)
    url = reverse("admin:partners_user_change", args=[agent.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    data.update(
        {
            "organisation": ggz.pk,
            "role": agent.role,
            "date_joined_0": agent.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": agent.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
        }
    )
    data = {k: v for k, v in data.items() if k not in ("password", "last_login", "date_joined", "groups")}
    data = {k: v for k, v in data.items() if not isinstance(v, bool) and not isinstance(v, list)}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agent.refresh_from_db()
    assert agent.organisation == ggz
    assert not CaseUserObjectPermission.objects.filter(content_object=case, user=agent).exists()
    assert not policy.may_view_case(agent, case)
