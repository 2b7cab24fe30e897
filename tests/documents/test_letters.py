"""Letters from a managed template (issue 17): the regisseur makes a letter with the case's data
filled in, stored as a PDF document of the case (scanned like any upload, against the real
SeaweedFS and clamd). The managed text is never run as a Django template."""

import io
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from pypdf import PdfReader

from cases import services
from cases.letter_placeholders import PLACEHOLDERS, fill, unknown_placeholders
from cases.models import CaseDocument, DocumentCategory, DocumentVersion, LetterTemplate
from cases.models.plan import Meeting
from documents.models import ScanStatus
from privacy.models import AccessAction, AccessLogEntry
from tests.auth import login

pytestmark = pytest.mark.django_db


def letter_url(case):
    return reverse("cases:letter_add", args=[case.reference])


def invitation():
    return LetterTemplate.objects.get(name="Uitnodiging aan betrokkene")


def post_letter(client, case, template=None, *, key=None, **extra):
    data = {"template": (template or invitation()).pk, "submission_key": key or uuid.uuid4(), **extra}
    return client.post(letter_url(case), data)


def stored_pdf(document) -> PdfReader:
    from documents import storage

    version = document.versions.get()
    return PdfReader(io.BytesIO(b"".join(storage.chunks(version.file.name))))


def stored_pdf_text(document) -> str:
    return "\n".join(page.extract_text() for page in stored_pdf(document).pages)


def test_the_two_default_templates_are_seeded_in_the_letter_category():
    templates = {t.name: t for t in LetterTemplate.objects.select_related("category")}
    assert set(templates) == {"Uitnodiging aan betrokkene", "Bericht aan de verwijzer"}
    assert all(
        t.category.name == "Brief" and t.is_active and not unknown_placeholders(t.body) for t in templates.values()
    )


def test_regisseur_makes_an_invitation_with_the_case_filled_in(client, case, regisseur):
    starts = timezone.now() + timedelta(days=3)
    Meeting.objects.create(case=case, starts_at=starts, chair=regisseur)
    login(client, regisseur)
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert letter_url(case) in page.content.decode()  # the "Brief maken" link
    form = client.get(letter_url(case)).content.decode()
    assert "Jan Aalbers" in form and case.reference in form  # the preview, server-rendered
    response = post_letter(client, case)
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.reference])
    document = CaseDocument.objects.get(case=case)
    today = date_format(timezone.localdate(), "j F Y")
    assert document.title == f"Uitnodiging aan betrokkene – {today}"
    assert document.category.name == "Brief" and document.created_by == regisseur
    version = document.versions.get()
    assert version.scan_status == ScanStatus.CLEAN and version.content_type == "application/pdf"  # scanned
    text = stored_pdf_text(document)
    for expected in (case.reference, "Jan Aalbers", regisseur.get_full_name(), "Zorg- en Veiligheidshuis",
                     date_format(timezone.localtime(starts), "j F Y")):  # fmt: skip
        assert expected in text, expected
    assert "{{" not in text
    reader = stored_pdf(document)  # tagged PDF/UA: structure tree, language and title for screen readers
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "nl"
    assert reader.metadata.title.startswith("Uitnodiging aan betrokkene")
    entry = AccessLogEntry.objects.get(user=regisseur, object_type="brief")
    assert entry.action == AccessAction.CREATE and entry.allowed and entry.object_reference == f"D{document.pk}"
    assert entry.person_ids == [case.persons.get(first_name="Jan").pk]
    assert "opgeslagen" in client.get(reverse("cases:detail", args=[case.reference])).content.decode()


def test_the_letter_is_about_the_chosen_person(client, case, regisseur):
    ingrid = case.persons.get(first_name="Ingrid")
    login(client, regisseur)
    preview = client.post(letter_url(case), {"template": invitation().pk, "person": ingrid.pk, "preview": "1",
                                             "submission_key": uuid.uuid4()})  # fmt: skip
    assert preview.status_code == 200 and "Ingrid Aalbers" in preview.content.decode()
    assert not CaseDocument.objects.exists()  # a preview stores nothing
    assert post_letter(client, case, person=ingrid.pk).status_code == 302
    assert "Ingrid Aalbers" in stored_pdf_text(CaseDocument.objects.get())


def test_a_person_of_another_case_is_refused_with_a_message(client, case, regisseur, escalation):
    from tests.factories import make_case

    other = make_case(regisseur=regisseur).persons.get()
    login(client, regisseur)
    response = post_letter(client, case, person=other.pk)
    assert response.status_code == 200
    assert "Kies een betrokkene van deze casus." in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_unknown_placeholder_is_refused_when_the_template_is_saved():
    form_class = modelform_factory(LetterTemplate, fields=["name", "category", "body", "is_active"])
    category = DocumentCategory.objects.get(name="Brief")
    body = "Beste {{ naam_betrokkene }}, {{ bsn }} en {% load static %}"
    form = form_class({"name": "Nieuw", "category": category.pk, "body": body, "is_active": True})
    assert not form.is_valid()
    message = form.errors["body"][0]
    assert message.startswith("Onbekende plaatshouder: {{ bsn }}, {% load static %}.")
    assert "{{ kenmerk }}" in message  # names what is allowed
    ok = form_class({"name": "Nieuw", "category": category.pk, "body": "Kenmerk {{kenmerk}}", "is_active": True})
    assert ok.is_valid(), ok.errors
    with pytest.raises(ValidationError):
        LetterTemplate(name="X", category=category, body="{{ case.summary }}").full_clean()


def test_fill_substitutes_only_the_whitelist():
    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    assert (
        fill("{{kenmerk}} {{  datum }} {{ onbekend }} {% if 1 %}", values)
        == "<kenmerk> <datum> {{ onbekend }} {% if 1 %}"
    )


def test_template_injection_is_not_executed_and_values_are_escaped(client, case, regisseur):
    # Saved past the validation (e.g. straight in the database): left visible, never run.
    hostile = LetterTemplate.objects.create(
        name="Kwaadaardig",
        category=DocumentCategory.objects.get(name="Brief"),
        body="{% load static %}{% now 'Y' %} {{ settings.SECRET_KEY }} {{ case.summary }} <b>vet</b> {{ kenmerk }}",
    )
    login(client, regisseur)
    assert (
        post_letter(client, case, hostile, extra_text="<script>alert(1)</script> {{ naam_betrokkene }}").status_code
        == 302
    )
    text = stored_pdf_text(CaseDocument.objects.get())
    assert settings.SECRET_KEY not in text and "Zorgen over veiligheid" not in text  # nothing from the context
    assert "{{ settings.SECRET_KEY }}" in text and "{% now 'Y' %}" in text and "{% load static %}" in text
    assert "<b>vet</b>" in text and "<script>alert(1)</script>" in text  # escaped, shown as typed
    assert case.reference in text
    assert "{{ naam_betrokkene }}" in text  # the typed extra text is never filled either


def test_only_the_regisseur_may_make_a_letter(client, case, regisseur, agent):
    login(client, agent)
    assert client.get(letter_url(case)).status_code == 403
    assert post_letter(client, case).status_code == 403
    assert letter_url(case) not in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    with pytest.raises(PermissionDenied):
        services.generate_letter(case=case, actor=agent, template=invitation())
    assert not CaseDocument.objects.exists()


def test_partners_at_the_table_see_the_letter_and_others_do_not(client, case, regisseur, agent, colleague):
    document = services.generate_letter(case=case, actor=regisseur, template=invitation())
    download = reverse("cases:document_download", args=[case.reference, document.pk, 1])
    login(client, agent)
    assert document.title in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    login(client, colleague)
    assert client.get(download).status_code == 404


def test_double_submit_stores_one_document(client, case, regisseur):
    login(client, regisseur)
    key = uuid.uuid4()
    assert post_letter(client, case, key=key).status_code == 302
    assert post_letter(client, case, key=key).status_code == 302
    assert CaseDocument.objects.count() == 1 and DocumentVersion.objects.count() == 1
    assert AccessLogEntry.objects.filter(object_type="brief").count() == 1


def test_letter_to_the_referrer_names_the_referring_organisation(case, regisseur, escalation):
    from cases.models import Escalation

    Escalation.objects.filter(pk=escalation.pk).update(case=case)  # the case triage opened from it
    template = LetterTemplate.objects.get(name="Bericht aan de verwijzer")
    text = stored_pdf_text(services.generate_letter(case=case, actor=regisseur, template=template))
    assert f"Aan {escalation.referrer_organisation}" in text and case.reference in text


def test_functional_admin_manages_templates_and_an_unknown_placeholder_is_refused_in_the_admin(
    client, functional_admin
):
    category = DocumentCategory.objects.get(name="Brief")
    login(client, functional_admin)
    url = reverse("admin:cases_lettertemplate_add")
    assert client.get(reverse("admin:cases_lettertemplate_changelist")).status_code == 200
    typed = "Beste {{ naam_betrokkene }}, uw BSN is {{ bsn }}."
    response = client.post(url, {"name": "Herinnering", "category": category.pk, "body": typed, "is_active": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Onbekende plaatshouder: {{ bsn }}." in page
    assert "uw BSN is {{ bsn }}." in page  # what was typed stays
    assert not LetterTemplate.objects.filter(name="Herinnering").exists()
    fixed = "Beste {{ naam_betrokkene }}, kenmerk {{ kenmerk }}."
    response = client.post(url, {"name": "Herinnering", "category": category.pk, "body": fixed, "is_active": "on"})
    assert response.status_code == 302
    assert LetterTemplate.objects.get(name="Herinnering").body == fixed
