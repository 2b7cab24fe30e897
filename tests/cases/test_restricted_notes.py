"""Need-to-know inside a case (issue 15): a note restricted to the regisseur and named
organisations is read only by them; every other viewer of the case sees that it exists (date,
author's organisation), never its content, on the page and in the summary PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases import services
from cases.models import TimelineEntry
from privacy import policy
from privacy.break_glass.services import start_break_glass
from tests.auth import login
from tests.factories import UserFactory
from zvh.errors import ServiceError

SECRET = "Diagnose psychose, medicatie clozapine"


@pytest.fixture
def psychiater(ggz):
    return UserFactory(username="psychiater", organisation=ggz)


@pytest.fixture
def seated_case(case, regisseur, ggz, psychiater):
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[psychiater])
    case.refresh_from_db()
    return case


@pytest.fixture
def ggz_note(seated_case, psychiater):
    return services.add_note(case=seated_case, author=psychiater, text=SECRET, restricted=True)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_author_organisation_and_regisseur_read_the_content_others_do_not(ggz_note, regisseur, psychiater, agent, ggz):
    assert list(ggz_note.restricted_to.all()) == [ggz]  # the author's own organisation always reads it
    assert policy.may_read_restricted(regisseur, ggz_note)
    assert policy.may_read_restricted(psychiater, ggz_note)
    assert policy.may_view_case(agent, ggz_note.case)
    assert not policy.may_read_restricted(agent, ggz_note)


def test_a_colleague_of_a_named_organisation_without_a_seat_reads_nothing(ggz_note, ggz):
    colleague = UserFactory(username="ggz_collega", organisation=ggz)
    assert not policy.may_read_restricted(colleague, ggz_note)


def test_the_case_page_shows_other_partners_only_the_marker(client, ggz_note, agent, psychiater):
    url = reverse("cases:detail", kwargs={"reference": ggz_note.case.reference})
    login(client, agent)
    page = client.get(url).content.decode()
    assert SECRET not in page
    assert "Afgeschermde notitie" in page
    assert "GGZ Oost Brabant" in page  # the author's organisation is shown beside the date

    client.logout()
    login(client, psychiater)
    assert SECRET in client.get(url).content.decode()


def test_the_summary_pdf_shows_other_partners_only_the_marker(client, ggz_note, agent, regisseur):
    url = reverse("cases:case_summary_pdf", kwargs={"reference": ggz_note.case.reference})
    login(client, agent)
    text = pdf_text(client.get(url).content)
    assert "Afgeschermde notitie" in text
    assert "clozapine" not in text

    client.logout()
    login(client, regisseur)
    assert "clozapine" in pdf_text(client.get(url).content)


def test_break_glass_opens_the_case_but_not_the_restricted_content(client, ggz_note, other_regisseur):
    start_break_glass(user=other_regisseur, case=ggz_note.case, reason="Crisis buiten kantoortijd, casus nodig.")
    assert not policy.may_read_restricted(other_regisseur, ggz_note)
    login(client, other_regisseur)
    page = client.get(reverse("cases:detail", kwargs={"reference": ggz_note.case.reference})).content.decode()
    assert "Afgeschermde notitie" in page
    assert SECRET not in page


def test_a_note_cannot_be_restricted_to_an_organisation_that_is_not_at_the_table(seated_case, regisseur):
    elsewhere = UserFactory(username="elders").organisation
    with pytest.raises(ServiceError, match="organisaties aan tafel"):
        services.add_note(case=seated_case, author=regisseur, text=SECRET, restricted=True, restricted_to=[elsewhere])
    assert not TimelineEntry.objects.filter(text=SECRET).exists()


def test_the_note_form_restricts_a_note_to_the_chosen_organisation(client, seated_case, regisseur, ggz, agent):
    login(client, regisseur)
    response = client.post(
        reverse("cases:note_add", kwargs={"reference": seated_case.reference}),
        {"text": SECRET, "restricted": "on", "restricted_to": [ggz.pk]},
    )
    assert response.status_code == 302
    note = TimelineEntry.objects.get(text=SECRET)
    assert note.restricted and list(note.restricted_to.all()) == [ggz]
    assert not policy.may_read_restricted(agent, note)


def test_an_unrestricted_note_is_read_by_every_seated_partner(seated_case, agent, psychiater):
    note = services.add_note(case=seated_case, author=psychiater, text="Afspraak gemaakt met de huisarts.")
    assert policy.may_read_restricted(agent, note)


def test_search_and_mail_never_carry_restricted_content(client, ggz_note, agent, regisseur, other_regisseur):
    """The case-list search finds cases by persons and reference, never by note text, so a
    restricted word cannot reveal which case it is in; a handover e-mail names only the reference."""
    from cases.services.handover import hand_over_cases
    from notifications.emails import render
    from notifications.models import OutboxMessage

    login(client, agent)
    found = client.post(reverse("cases:list"), {"q": "clozapine", "fase": "alle"}, follow=True)
    assert ggz_note.case.reference not in found.content.decode()
    other_regisseur.email = "b@zvh.example"
    other_regisseur.save()
    hand_over_cases(actor=regisseur, cases=[ggz_note.case], to_user=other_regisseur, reason="Werkverdeling")
    message, _ = render(OutboxMessage.objects.get(kind="overdracht"))
    assert SECRET not in message.body and ggz_note.case.reference in message.body
