"""Attachments on an escalation (issue 17) against the real services (SeaweedFS and clamd): sent
with the escalation form, refused before anything is stored, seen by who may view the escalation
(never the triage table), following the escalation into its case, destroyed with it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseDocument, DocumentCategory, DocumentVersion, Escalation, EscalationStatus
from cases.services.triage_table import set_triage_table_member
from privacy.models import AccessAction, AccessLogEntry, RetentionCategory
from privacy.retention import services as retention
from programmes.models import Programme
from tests import document_bucket
from tests.auth import login
from tests.cases.test_escalation_views import escalation_post
from tests.documents.conftest import eicar, pdf, upload
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROWS = {
    "bijlagen-TOTAL_FORMS": "5",
    "bijlagen-INITIAL_FORMS": "0",
    "bijlagen-MIN_NUM_FORMS": "0",
    "bijlagen-MAX_NUM_FORMS": "5",
}


def with_files(*files, **overrides):
    """The escalation form with attachment rows: (title, file) per row, category Rapportage."""
    category = DocumentCategory.objects.get(name="Rapportage")
    data = {**escalation_post(**overrides), **ROWS}
    for index, (title, file) in enumerate(files):
        data.update({f"bijlagen-{index}-title": title, f"bijlagen-{index}-category": category.pk})
        data[f"bijlagen-{index}-file"] = file
    return data


def submit(client, agent, *files, **overrides):
    login(client, agent)
    return client.post(reverse("escalations:create"), with_files(*files, **overrides))


def download_url(document):
    return reverse("escalations:document_download", args=[document.escalation.reference, document.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def member(functional_admin):
    om = OrganisationFactory(name="Openbaar Ministerie", kind="veiligheid", joins_triage=True)
    user = UserFactory(username="officier", organisation=om)
    return set_triage_table_member(actor=functional_admin, user=user, member=True)


@pytest.fixture
def submitted(client, agent):
    """An escalation by `agent` with two attachments; the client logged out again."""
    before = document_bucket.keys()
    response = submit(
        client, agent, ("Rapportage wijkagent", upload("wijk.pdf", pdf("wijk"))), ("Brief", upload("b.pdf", pdf("b")))
    )
    assert response.status_code == 302
    client.logout()
    escalation = Escalation.objects.get()
    escalation.new_keys = document_bucket.keys() - before
    return escalation


def test_an_escalation_with_files_stores_them_scanned_as_its_documents(submitted, client, agent):
    documents = list(CaseDocument.objects.filter(escalation=submitted).order_by("pk"))
    assert [d.title for d in documents] == ["Rapportage wijkagent", "Brief"]
    assert all(d.case_id is None and d.created_by == agent for d in documents)
    versions = DocumentVersion.objects.filter(document__escalation=submitted)
    assert {v.scan_status for v in versions} == {"schoon"}
    assert submitted.new_keys == {v.file.name for v in versions}
    login(client, agent)
    html = client.get(reverse("escalations:detail", args=[submitted.reference])).content.decode()
    assert "Rapportage wijkagent" in html and download_url(documents[0]) in html


def test_a_double_submit_gives_one_escalation_with_one_set_of_documents(client, agent):
    data = with_files(("Rapportage", upload("a.pdf", pdf("a"))))
    login(client, agent)
    client.post(reverse("escalations:create"), data)
    data["bijlagen-0-file"] = upload("a.pdf", pdf("a"))
    before = document_bucket.keys()
    client.post(reverse("escalations:create"), data)
    assert Escalation.objects.count() == 1 and CaseDocument.objects.count() == 1
    assert document_bucket.keys() == before  # the second post stored nothing


def test_eicar_is_refused_next_to_its_row_with_everything_else_kept_and_nothing_stored(client, agent):
    before = document_bucket.keys()
    response = submit(
        client,
        agent,
        ("Goed bestand", upload("goed.pdf", pdf())),
        ("Verdacht", upload("virus.txt", eicar())),
        reason="Een aanleiding die bewaard moet blijven.",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "bevat een virus" in html and "Kies het bestand opnieuw" in html
    assert "Een aanleiding die bewaard moet blijven." in html and 'value="Manders"' in html  # form and person kept
    assert 'value="Verdacht"' in html and 'value="Goed bestand"' in html
    form = response.context["attachments"]
    assert any("virus" in e for e in form.forms[1].errors["file"]) and all(
        "virus" not in e for e in form.forms[0].errors["file"]
    )
    assert not Escalation.objects.exists() and not CaseDocument.objects.exists()
    assert document_bucket.keys() == before
    assert AccessLogEntry.objects.filter(allowed=False, reason__contains="virus").exists()


def test_a_file_without_title_is_refused_beside_the_title(client, agent):
    response = submit(client, agent, ("", upload("a.pdf", pdf())))
    assert response.status_code == 200
    assert "Geef de bijlage een titel." in response.content.decode()
    assert not Escalation.objects.exists()


def test_a_form_without_attachment_rows_still_submits(client, agent):
    login(client, agent)
    assert client.post(reverse("escalations:create"), escalation_post()).status_code == 302
    assert Escalation.objects.count() == 1 and not CaseDocument.objects.exists()


def test_referrer_and_triage_team_download_logged_as_export(submitted, client, agent, regisseur):
    document = CaseDocument.objects.filter(escalation=submitted).order_by("pk").first()
    for user in (agent, regisseur):
        login(client, user)
        response = client.get(download_url(document))
        assert response.status_code == 200 and body(response) == pdf("wijk")
        assert response["Content-Disposition"].startswith("attachment")
        assert AccessLogEntry.objects.filter(
            user=user, action=AccessAction.EXPORT, allowed=True, object_reference=submitted.reference
        ).exists()
        client.logout()
    login(client, regisseur)
    html = client.get(reverse("escalations:decide", args=[submitted.reference])).content.decode()
    assert "Rapportage wijkagent" in html and download_url(document) in html


@pytest.mark.parametrize("who", ["member", "colleague", "ggz_professional"])
def test_triage_table_members_and_other_partners_cannot_download(submitted, client, request, who, ggz):
    user = UserFactory(username="ggz_prof", organisation=ggz) if who == "ggz_professional" else None
    user = user or request.getfixturevalue(who)
    document = CaseDocument.objects.filter(escalation=submitted).first()
    login(client, user)
    assert client.get(download_url(document)).status_code == 404
    assert AccessLogEntry.objects.filter(user=user, allowed=False, object_reference=submitted.reference).exists()
    if who == "member":  # the triage table's own page names no attachment
        html = client.get(reverse("escalations:table_escalation", args=[submitted.reference])).content.decode()
        assert "Rapportage wijkagent" not in html


def test_after_acceptance_the_documents_are_the_case_and_seated_partners_download(submitted, client, regisseur, ggz):
    partner = UserFactory(username="ggz_prof", organisation=ggz)
    decided = services.decide_escalation(
        escalation=submitted,
        actor=regisseur,
        outcome=EscalationStatus.ACCEPTED,
        feedback="Opgepakt.",
        expected_version=submitted.version,
        programme=Programme.objects.get(code="COM"),
        procesregisseur=regisseur,
        partner_professionals=[partner],
    )
    case = decided.case
    assert set(CaseDocument.objects.values_list("case", flat=True)) == {case.pk}
    login(client, partner)
    html = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Rapportage wijkagent" in html
    version = DocumentVersion.objects.filter(document__title="Rapportage wijkagent").get()
    url = reverse("cases:document_download", args=[case.reference, version.document_id, version.number])
    assert body(client.get(url)) == pdf("wijk")
    assert client.get(download_url(version.document)).status_code == 200  # the escalation follows its case


def test_retention_of_an_escalation_without_case_deletes_its_objects(
    submitted, regisseur, privacy_officer, django_capture_on_commit_callbacks
):
    assert submitted.new_keys and submitted.new_keys <= document_bucket.keys()
    decided = services.decide_escalation(
        escalation=submitted,
        actor=regisseur,
        outcome=EscalationStatus.REJECTED,
        feedback="Past niet.",
        expected_version=submitted.version,
    )
    Escalation.objects.filter(pk=decided.pk).update(decided_at=timezone.now() - timedelta(days=400))
    retention.set_retention_term(
        actor=privacy_officer, category=RetentionCategory.ESCALATION_WITHOUT_CASE, programme=None, term_months=6
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = retention.run_retention()
    assert summary.escalations == 1
    assert not submitted.new_keys & document_bucket.keys()  # the objects, not only the rows
    assert not DocumentVersion.objects.exists()
    assert set(CaseDocument.objects.values_list("title", flat=True)) == {"[vernietigd]"}


def test_the_subject_access_report_lists_an_escalations_attachments_and_their_downloads(
    submitted, client, agent, privacy_officer
):
    from privacy.models import DataSubjectRequest
    from privacy.subject_access.services import build_report

    document = CaseDocument.objects.filter(escalation=submitted).order_by("pk").first()
    login(client, agent)
    assert client.get(download_url(document)).status_code == 200
    request = DataSubjectRequest.objects.create(
        kind="inzage", subject_name="Betrokkene", handled_by=privacy_officer, person_ids=[],
        escalation_person_ids=list(submitted.persons.values_list("pk", flat=True)),
    )  # fmt: skip
    [escalation] = build_report(request, generated_by=privacy_officer)["aanmeldingen"]
    listed = {d["titel"]: d for d in escalation["documenten"]}
    assert document.title in listed
    assert [d["organisatie"] for d in listed[document.title]["gedownload"]] == [str(agent.organisation)]
