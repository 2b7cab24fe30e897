"""Partner registry screens for the functional admin: organisations (kind, convenant, WGS status,
active), their contacts, and their users (read-only; accounts and roles are changed in the admin,
whose save calls `registry.services.assign_role`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from partners.models import Contact, Organisation
from privacy import policy
from privacy.access import require
from zvh.errors import ServiceError
from zvh.view_helpers import DENIED, save_form

from . import selectors, services
from .forms import ContactForm, OrganisationForm, RegistryFilterForm


def _organisation_data(data) -> services.OrganisationData:
    return services.OrganisationData(
        name=data["name"],
        kind=data["kind"],
        is_wgs_participant=data["is_wgs_participant"],
        convenant_date=data["convenant_date"],
        is_active=data["is_active"],
    )


def _contact_data(data) -> services.ContactData:
    return services.ContactData(
        name=data["name"], job_title=data["job_title"], email=data["email"], phone=data["phone"], note=data["note"]
    )


@login_required
def organisation_list(request):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    form = RegistryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisations_for_registry(**filters)
    return render(request, "registry/organisation_list.html", {"organisations": organisations, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    form = OrganisationForm(request.POST or None)
    organisation = save_form(
        request,
        form,
        lambda data: services.save_organisation(actor=request.user, data=_organisation_data(data)),
        success=lambda saved: f"{saved} staat in het partnerregister.",
    )
    if organisation is not None:
        return redirect("registry:organisation", organisation_id=organisation.pk)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_detail(request, organisation_id):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    context = {
        "organisation": organisation,
        "contacts": organisation.contacts.all(),
        "users": selectors.organisation_users(organisation),
    }
    return render(request, "registry/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = OrganisationForm(request.POST or None, organisation=organisation)

    def save(data):
        return services.save_organisation(
            actor=request.user,
            organisation=organisation,
            expected_version=data["version"],
            data=_organisation_data(data),
        )

    if save_form(request, form, save, success="De gegevens van de organisatie zijn opgeslagen.", stored=organisation):
        return redirect("registry:organisation", organisation_id=organisation.pk)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request, organisation_id):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = ContactForm(request.POST or None)

    def save(data):
        return services.save_contact(actor=request.user, organisation=organisation, data=_contact_data(data))

    if save_form(request, form, save, success="De contactpersoon is toegevoegd."):
        return redirect("registry:organisation", organisation_id=organisation.pk)
    return render(request, "registry/contact_form.html", {"form": form, "organisation": organisation, "contact": None})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, organisation_id, contact_id):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    contact = get_object_or_404(
        Contact.objects.select_related("organisation"), pk=contact_id, organisation_id=organisation_id
    )
    initial = {f: getattr(contact, f) for f in ("version", "name", "job_title", "email", "phone", "note")}
    form = ContactForm(request.POST or None, initial=initial)

    def save(data):
        return services.save_contact(
            actor=request.user,
            organisation=contact.organisation,
            contact=contact,
            expected_version=data["version"],
            data=_contact_data(data),
        )

    if save_form(request, form, save, success="De contactpersoon is opgeslagen.", stored=contact):
        return redirect("registry:organisation", organisation_id=organisation_id)
    context = {"form": form, "organisation": contact.organisation, "contact": contact}
    return render(request, "registry/contact_form.html", context)


@login_required
@require_POST
def contact_remove(request, organisation_id, contact_id):
    require(
        request,
        policy.may_manage_registry(request.user),
        message=DENIED,
        reason="alleen functioneel beheerder",
        object_type="partnerregister",
    )
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    contact = organisation.contacts.filter(pk=contact_id).first()
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    if contact is None:
        messages.info(request, "Deze contactpersoon staat al niet meer in het register.")
    elif version is None:
        messages.error(request, "De contactpersoon is niet verwijderd: probeer het opnieuw.")
    else:
        try:
            services.remove_contact(actor=request.user, contact=contact, expected_version=version)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{contact.name} is uit het register verwijderd.")
    return redirect("registry:organisation", organisation_id=organisation.pk)
