"""The collaboration agenda (seed 003): who maintains it, who reports progress, the stuurgroep view
and its PDF, ordering, and what happens with double submits and concurrent edits."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agenda import services
from demo.agenda import seed_collaboration_agenda
from partners.models import (
    AgendaAction,
    AgendaPriority,
    CollaborationAgenda,
    PriorityStatus,
    ProgressNote,
)
from privacy.models import AccessLogEntry
from tests.auth import login
from tests.concurrency import race
from tests.factories import OrganisationFactory, UserFactory
from tests.pdf_checks import assert_accessible_pdf
from zvh.errors import ConcurrentEdit, ServiceError

SAMENWERKING = "Doorontwikkeling van de samenwerking"
THEMAS = "Thema's zorg en veiligheid"


@pytest.fixture
def agenda(manager):
    return services.create_agenda(actor=manager, year=2025)


def add(agenda, actor, title, area=SAMENWERKING, **kwargs):
    return services.save_priority(
        actor=actor, agenda=agenda, data=services.PriorityData(focus_area=area, title=title, **kwargs)
    )


def titles(agenda):
    return list(agenda.priorities.order_by("position").values_list("position", "title"))


def test_priorities_are_numbered_in_order_and_can_be_moved(agenda, manager):
    governance = add(agenda, manager, "Governance")
    add(agenda, manager, "Kennisknooppunt")
    wgs = add(agenda, manager, "WGS")
    assert titles(agenda) == [(1, "Governance"), (2, "Kennisknooppunt"), (3, "WGS")]

    services.save_priority(
        actor=manager,
        agenda=agenda,
        priority=wgs,
        expected_version=wgs.version,
        data=services.PriorityData(focus_area=SAMENWERKING, title="WGS", position=1),
    )
    assert titles(agenda) == [(1, "WGS"), (2, "Governance"), (3, "Kennisknooppunt")]
    # A position beyond the end lands at the end; numbers stay 1..n without gaps.
    governance.refresh_from_db()
    services.save_priority(
        actor=manager,
        agenda=agenda,
        priority=governance,
        expected_version=governance.version,
        data=services.PriorityData(focus_area=SAMENWERKING, title="Governance", position=99),
    )
    assert titles(agenda) == [(1, "WGS"), (2, "Kennisknooppunt"), (3, "Governance")]


def test_only_the_bureau_maintains_the_agenda(agenda, manager, regisseur, agent, functional_admin, privacy_officer):
    add(agenda, regisseur, "Governance")  # procesregisseurs are the bureau too
    for outsider in (agent, functional_admin, privacy_officer):
        with pytest.raises(PermissionDenied):
            add(agenda, outsider, f"Door {outsider.username}")
        with pytest.raises(PermissionDenied):
            services.create_agenda(actor=outsider, year=2030)
    assert agenda.priorities.count() == 1


def test_kartrekkers_report_progress_and_other_partners_do_not(agenda, manager, agent, politie, ggz):
    priority = add(agenda, manager, "Triple problematiek", kartrekkers=[ggz])
    ggz_professional = UserFactory(organisation=ggz)
    note = services.add_progress_note(
        actor=ggz_professional,
        priority=priority,
        text="Werkafspraken in concept.",
        status=PriorityStatus.AT_RISK,
        expected_version=priority.version,
    )
    assert note.author_organisation == "GGZ Oost Brabant"
    priority.refresh_from_db()
    assert priority.status == PriorityStatus.AT_RISK

    with pytest.raises(PermissionDenied):  # Politie is no kartrekker of this priority
        services.add_progress_note(
            actor=agent, priority=priority, text="x", status=PriorityStatus.DONE, expected_version=priority.version
        )
    priority.refresh_from_db()
    assert priority.status == PriorityStatus.AT_RISK
    assert priority.progress_notes.count() == 1


def test_a_stale_form_never_overwrites_a_newer_change(agenda, manager, regisseur):
    priority = add(agenda, manager, "Governance")
    rendered_version = priority.version
    services.add_progress_note(
        actor=regisseur,
        priority=priority,
        text="Op koers.",
        status=PriorityStatus.ON_TRACK,
        expected_version=rendered_version,
    )
    with pytest.raises(ConcurrentEdit):
        services.add_progress_note(
            actor=manager, priority=priority, text="Loopt achter.", status=PriorityStatus.AT_RISK,
            expected_version=rendered_version,
        )  # fmt: skip
    with pytest.raises(ConcurrentEdit):
        services.save_priority(
            actor=manager,
            agenda=agenda,
            priority=priority,
            expected_version=rendered_version,
            data=services.PriorityData(focus_area=SAMENWERKING, title="Andere titel"),
        )
    priority.refresh_from_db()
    assert (priority.title, priority.status) == ("Governance", PriorityStatus.ON_TRACK)


def test_stale_edit_in_the_browser_keeps_the_input_and_says_why(client, agenda, manager, regisseur):
    priority = add(agenda, manager, "Governance")
    action = services.save_action(actor=manager, priority=priority, data=services.ActionData(description="Statement"))
    services.save_action(
        actor=regisseur, priority=priority, action=action, expected_version=action.version,
        data=services.ActionData(description="Statement opstellen", status="loopt"),
    )  # fmt: skip
    login(client, manager)
    url = reverse("agenda:action_edit", args=[2025, priority.pk, action.pk])
    response = client.post(url, {"version": action.version, "description": "Statement versturen", "status": "afgerond"})
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert 'value="Statement versturen"' in response.content.decode()
    action.refresh_from_db()
    assert (action.description, action.status) == ("Statement opstellen", "loopt")
    # Saving again after review (the form now carries the stored version) succeeds.
    version = response.context["form"].data["version"]
    response = client.post(url, {"version": version, "description": "Statement versturen", "status": "afgerond"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "Statement versturen"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_submitted_progress_report_adds_one_note():
    manager = UserFactory(manager=True)
    agenda = services.create_agenda(actor=manager, year=2025)
    priority = add(agenda, manager, "Governance")
    key = uuid.uuid4()

    def submit():
        return services.add_progress_note(
            actor=manager, priority=priority, text="Statement vastgesteld.", status=PriorityStatus.ON_TRACK,
            expected_version=priority.version, submission_key=key,
        )  # fmt: skip

    results, errors = race(submit)
    assert errors == []
    assert len({note.pk for note in results}) == 1
    assert ProgressNote.objects.filter(priority=priority).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_priorities_added_at_once_get_distinct_positions():
    manager = UserFactory(manager=True)
    agenda = services.create_agenda(actor=manager, year=2025)
    titles_iter = iter(["Governance", "Kennisknooppunt"])
    results, errors = race(lambda: add(agenda, manager, next(titles_iter)))
    assert errors == []
    assert sorted(AgendaPriority.objects.filter(agenda=agenda).values_list("position", flat=True)) == [1, 2]


def test_one_agenda_per_year(agenda, manager, client):
    with pytest.raises(ServiceError):
        services.create_agenda(actor=manager, year=2025)
    login(client, manager)
    response = client.post(reverse("agenda:agenda_new"), {"year": "2025"})
    assert response.status_code == 200
    assert "Er is al een samenwerkingsagenda voor 2025" in response.content.decode()
    assert CollaborationAgenda.objects.count() == 1
    response = client.post(reverse("agenda:agenda_new"), {"year": "twintig"})
    assert "Vul een jaartal in" in response.content.decode()


def test_stuurgroep_view_shows_priorities_in_order_with_kartrekkers_status_and_progress(
    client, agenda, manager, agent, ggz
):
    add(agenda, manager, "Grenzen aan de zorgplicht", area=THEMAS)
    first = add(agenda, manager, "Triple problematiek", kartrekkers=[ggz], position=1)
    services.save_action(
        actor=manager, priority=first, data=services.ActionData(description="Knelpunten bundelen", status="afgerond")
    )
    services.save_action(actor=manager, priority=first, data=services.ActionData(description="Werkafspraken"))
    services.add_progress_note(
        actor=manager, priority=first, text="Werkafspraken in concept.", status=PriorityStatus.AT_RISK,
        expected_version=first.version,
    )  # fmt: skip

    login(client, agent)  # a partner professional reads the agenda
    response = client.get(reverse("agenda:agenda", args=[2025]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Triple problematiek") < html.index("Grenzen aan de zorgplicht")
    assert html.index(SAMENWERKING) < html.index("Thema&#x27;s zorg en veiligheid")
    assert "GGZ Oost Brabant" in html
    assert "Aandacht nodig" in html
    assert "Werkafspraken in concept." in html
    assert "1 van 2 afgerond" in html
    # Read-only for partners: no maintenance links.
    assert reverse("agenda:priority_new", args=[2025]) not in html
    assert reverse("agenda:agenda_edit", args=[2025]) not in html


def test_progress_page_is_refused_to_partners_who_are_not_kartrekker(client, agenda, manager, agent, ggz):
    priority = add(agenda, manager, "Triple problematiek", kartrekkers=[ggz])
    login(client, agent)
    assert client.get(reverse("agenda:priority", args=[2025, priority.pk])).status_code == 200
    url = reverse("agenda:progress_add", args=[2025, priority.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"version": priority.version, "submission_key": uuid.uuid4(), "status": "afgerond", "text": "Klaar"}
    )
    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


def test_kartrekker_reports_progress_in_the_browser(client, agenda, manager, agent, politie):
    priority = add(agenda, manager, "Plegeraanpak", kartrekkers=[politie])
    login(client, agent)
    url = reverse("agenda:progress_add", args=[2025, priority.pk])
    form = client.get(url).context["form"]
    data = {"version": form["version"].value(), "submission_key": form["submission_key"].value(), "status": "op_koers"}
    response = client.post(url, {**data, "text": ""})
    assert response.status_code == 200 and "Beschrijf de voortgang." in response.content.decode()
    response = client.post(url, {**data, "text": "Werkgroep ViA is herstart."})
    assert response.status_code == 302
    client.post(url, {**data, "text": "Werkgroep ViA is herstart."})  # resubmitted (back button)
    assert list(ProgressNote.objects.values_list("text", "author_organisation")) == [
        ("Werkgroep ViA is herstart.", "Politie")
    ]


def test_pdf_of_the_agenda_progress_is_logged_as_export(client, agenda, manager, ggz):
    priority = add(agenda, manager, "Triple problematiek", kartrekkers=[ggz])
    services.add_progress_note(
        actor=manager,
        priority=priority,
        text="Op koers.",
        status=PriorityStatus.ON_TRACK,
        expected_version=priority.version,
    )
    login(client, manager)
    response = client.get(reverse("agenda:agenda_pdf", args=[2025]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert_accessible_pdf(response.content, title_starts="Voortgang")
    assert "samenwerkingsagenda-2025" in response["Content-Disposition"]
    entry = AccessLogEntry.objects.get(user=manager)
    assert (entry.action, entry.object_type, entry.object_reference, entry.allowed) == (
        "export",
        "samenwerkingsagenda",
        "SA-2025",
        True,
    )


def test_pdf_refused_to_the_privacy_officer_and_logged(client, agenda, privacy_officer):
    login(client, privacy_officer)
    assert client.get(reverse("agenda:agenda_pdf", args=[2025])).status_code == 403
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, allowed=False, object_type="samenwerkingsagenda"
    ).exists()


def test_unknown_year_or_foreign_priority_is_404(client, agenda, manager):
    other = services.create_agenda(actor=manager, year=2026)
    priority = add(other, manager, "Governance")
    login(client, manager)
    assert client.get(reverse("agenda:agenda", args=[2099])).status_code == 404
    assert client.get(reverse("agenda:priority", args=[2025, priority.pk])).status_code == 404
    assert client.get(reverse("agenda:priority_edit", args=[2025, priority.pk])).status_code == 404


def test_demo_agenda_follows_the_seed_document_and_seeding_twice_adds_nothing(db):
    bureau = OrganisationFactory(name="Zorg- en Veiligheidshuis Brabant Noordoost", kind="overig")
    for name in (
        "Reinier van Arkel",
        "GGZ Oost Brabant",
        "Novadic Kentron",
        "Gemeente 's-Hertogenbosch",
        "Gemeente Oss",
        "GGZe",
    ):
        OrganisationFactory(name=name)
    users = {
        "manager": UserFactory(username="manager", manager=True, organisation=bureau),
        "regisseur1": UserFactory(username="regisseur1", regisseur=True, organisation=bureau),
        "ggz1": UserFactory(username="ggz1", organisation=OrganisationFactory(name="GGZ Oost Brabant")),
        "gemeente1": UserFactory(
            username="gemeente1", organisation=OrganisationFactory(name="Gemeente 's-Hertogenbosch")
        ),
        "gemeente2": UserFactory(username="gemeente2", organisation=OrganisationFactory(name="Gemeente Oss")),
    }
    agenda = seed_collaboration_agenda(users)
    counts = (AgendaPriority.objects.count(), AgendaAction.objects.count(), ProgressNote.objects.count())
    assert seed_collaboration_agenda(users) == agenda
    assert counts == (AgendaPriority.objects.count(), AgendaAction.objects.count(), ProgressNote.objects.count())

    priorities = list(agenda.priorities.order_by("position"))
    assert priorities[0].title == "Governance traject Oost-Brabant"  # the highest priority comes first
    assert [p.position for p in priorities] == list(range(1, len(priorities) + 1))
    assert {p.focus_area for p in priorities} == {SAMENWERKING, THEMAS}
    triple = agenda.priorities.get(title__startswith="Gedragen verantwoordelijkheid")
    assert set(triple.kartrekkers.values_list("name", flat=True)) == {
        "Reinier van Arkel",
        "GGZ Oost Brabant",
        "Novadic Kentron",
    }
    assert agenda.priorities.get(title="Plegeraanpak").kartrekker_note.startswith("In afwachting")
    assert len(set(agenda.priorities.values_list("status", flat=True))) >= 4
    assert ProgressNote.objects.filter(author=users["ggz1"]).exists()  # a kartrekker reported
