"""Annexes (issue 17): a document of the case attached to a meeting (agenda, minutes) or to a plan
version, uploaded from that page through the one document upload (scanned), listed there and
downloaded by a partner at the table; another case's meeting cannot be named."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseDocument, DocumentCategory
from tests.auth import login
from tests.documents.conftest import eicar, pdf, upload
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def post_annex(client, case, query, file, title="Agenda casusoverleg"):
    data = {
        "title": title,
        "category": DocumentCategory.objects.get(name="Verslag").pk,
        "file": file,
        "submission_key": uuid.uuid4(),
    }
    return client.post(f"{reverse('cases:document_add', args=[case.reference])}?{query}", data)


@pytest.fixture
def meeting(case, regisseur):
    return services.schedule_meeting(
        case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=2), is_online=True
    )


def test_meeting_annex_uploaded_listed_and_downloaded_by_a_seated_partner(client, seated_case, meeting, agent, partner):
    login(client, agent)
    response = post_annex(client, seated_case, f"overleg={meeting.pk}", upload("agenda.pdf", pdf("agenda")))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:meeting_detail", args=[seated_case.reference, meeting.pk])
    document = CaseDocument.objects.get()
    assert document.meeting == meeting and document.case == seated_case
    client.logout()
    login(client, partner)
    html = client.get(reverse("cases:meeting_detail", args=[seated_case.reference, meeting.pk])).content.decode()
    assert "Agenda casusoverleg" in html and "Bijlage toevoegen" in html
    version = document.versions.get()
    url = reverse("cases:document_download", args=[seated_case.reference, document.pk, version.number])
    assert url in html
    assert b"".join(client.get(url).streaming_content) == pdf("agenda")


def test_plan_annex_uploaded_and_listed_on_that_version(client, seated_case, regisseur, partner):
    plan = services.start_plan(case=seated_case, actor=regisseur)
    login(client, regisseur)
    response = post_annex(client, seated_case, f"plan={plan.pk}", upload("bijlage.pdf", pdf("plan")), title="Advies")
    assert response.status_code == 302 and response["Location"].endswith(f"?versie={plan.number}")
    assert CaseDocument.objects.get().plan == plan
    client.logout()
    login(client, partner)
    html = client.get(reverse("cases:plan", args=[seated_case.reference])).content.decode()
    assert "Advies" in html


def test_a_meeting_of_another_case_is_a_404_and_stores_nothing(client, case, regisseur, other_regisseur):
    other = make_case(regisseur=other_regisseur)
    elsewhere = services.schedule_meeting(
        case=other, actor=other_regisseur, starts_at=timezone.now() + timedelta(days=1), is_online=True
    )
    login(client, regisseur)
    assert post_annex(client, case, f"overleg={elsewhere.pk}", upload("a.pdf", pdf())).status_code == 404
    assert not CaseDocument.objects.exists()


def test_an_infected_annex_is_refused_with_the_form_kept(client, case, meeting, regisseur):
    login(client, regisseur)
    response = post_annex(client, case, f"overleg={meeting.pk}", upload("v.txt", eicar()), title="Notulen")
    assert response.status_code == 200
    html = response.content.decode()
    assert "bevat een virus" in html and 'value="Notulen"' in html and "Bijlage bij het casusoverleg" in html
