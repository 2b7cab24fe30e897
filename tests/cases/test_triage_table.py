"""The triage table (issue 16): named professionals of the safety partners see the pending
escalations with the limited fields of the privacy protocol, give their advice, and lose the sight
once the escalation is decided unless they are seated at the case. Every read is logged. And the
printable agenda of the coming triage with its cut-off."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from cases import services
from cases.models import EscalationStatus, TriageAdvice
from cases.services.triage_table import save_triage_advice, set_triage_table_member
from cases.triage_table_selectors import triage_agenda, triage_schedule
from partners.models import User
from privacy import policy
from privacy.models import AccessLogEntry
from programmes.models import Programme
from tests.auth import login
from tests.factories import OrganisationFactory, UserFactory, make_escalation

AMS = ZoneInfo("Europe/Amsterdam")
ADDRESS = "Dorpsstraat 12"
CONTACT_PHONE = "073 123 45 67"
CONTACT_EMAIL = "verwijzer@example.org"
BSN = "123456782"


@pytest.fixture
def om(db):
    return OrganisationFactory(name="Openbaar Ministerie", kind="veiligheid", joins_triage=True)


@pytest.fixture
def member(om, functional_admin):
    user = UserFactory(username="officier", organisation=om, first_name="Karin", last_name="Vos")
    return set_triage_table_member(actor=functional_admin, user=user, member=True)


@pytest.fixture
def pending(agent):
    return make_escalation(
        submitted_by=agent,
        urgency="hoog",
        persons=[
            services.PersonData(
                first_name="Kees",
                last_name="Driessen",
                role_in_case="hoofdpersoon",
                date_of_birth=date(1979, 5, 4),
                bsn=BSN,
                street_address=ADDRESS,
                postal_code="5211 AB",
                city="'s-Hertogenbosch",
            )
        ],
        contact_phone=CONTACT_PHONE,
        contact_email=CONTACT_EMAIL,
        not_informed_explanation="Lopend onderzoek van de recherche.",
    )


def decide(escalation, regisseur, outcome=EscalationStatus.REJECTED, **kwargs):
    escalation.refresh_from_db()
    return services.decide_escalation(
        escalation=escalation,
        actor=regisseur,
        outcome=outcome,
        feedback="Besproken in de triage.",
        expected_version=escalation.version,
        **kwargs,
    )


def table_url(escalation):
    return reverse("escalations:table_escalation", args=[escalation.reference])


# --- Who is at the table ----------------------------------------------------------------------


def test_only_professionals_of_a_joining_organisation_can_be_named(functional_admin, agent, regisseur, politie):
    assert not politie.joins_triage
    with pytest.raises(services.ServiceError, match="neemt deel aan de triagetafel"):
        set_triage_table_member(actor=functional_admin, user=agent, member=True)
    politie.joins_triage = True
    politie.save()
    with pytest.raises(services.ServiceError, match="Alleen partnerprofessionals"):
        set_triage_table_member(actor=functional_admin, user=regisseur, member=True)
    with pytest.raises(PermissionDenied):
        set_triage_table_member(actor=regisseur, user=agent, member=True)
    assert set_triage_table_member(actor=functional_admin, user=agent, member=True).at_triage_table


def test_the_admin_refuses_a_member_of_a_non_joining_organisation(client, db):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "Sterk-wachtwoord-1")
    ggz = OrganisationFactory(name="GGZ", kind="zorg")
    nurse = UserFactory(username="verpleeg", organisation=ggz)
    login(client, superuser)
    url = reverse("admin:partners_user_change", args=[nurse.pk])
    assert "lid van de triagetafel" in client.get(url).content.decode().lower()
    data = {
        "username": nurse.username,
        "first_name": nurse.first_name,
        "last_name": nurse.last_name,
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "organisation": str(ggz.pk),
        "role": "partnerprofessional",
        "job_title": "",
        "phone": "",
        "at_triage_table": "on",
    }
    response = client.post(url, data, follow=True)
    assert "Alleen partnerprofessionals van een organisatie die aan de triagetafel" in response.content.decode()
    nurse.refresh_from_db()
    assert not nurse.at_triage_table
    ggz.joins_triage = True
    ggz.save()
    client.post(url, data)
    nurse.refresh_from_db()
    assert nurse.at_triage_table


def test_the_default_organisations_join_by_migration():
    from importlib import import_module

    migration = import_module("partners.migrations.0004_table_triage_table")
    assert {"Politie", "Openbaar Ministerie", "Reclassering Nederland"} <= set(migration.DEFAULT_TRIAGE_ORGANISATIONS)


# --- Sight starts -------------------------------------------------------------------------------


def test_a_member_sees_pending_escalations_with_the_limited_fields_only(client, member, pending):
    login(client, member)
    listing = client.get(reverse("escalations:table")).content.decode()
    assert pending.reference in listing and "Kees Driessen" in listing
    detail = client.get(table_url(pending))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "Kees Driessen" in html and "1979" in html and pending.reason in html
    assert pending.bottleneck_text in html and pending.goal in html and "Politie" in html
    for secret in (BSN, BSN[-4:], ADDRESS, "5211 AB", CONTACT_PHONE, CONTACT_EMAIL, "4 mei 1979", "recherche"):
        assert secret not in html, secret
        assert secret not in listing, secret


def test_the_menu_offers_the_triage_table_to_members_only(client, member, agent):
    login(client, member)
    assert "Triagetafel" in client.get(reverse("home")).content.decode()
    client.logout()
    login(client, agent)
    assert "Triagetafel" not in client.get(reverse("home")).content.decode()


def test_every_read_at_the_table_is_logged(client, member, pending):
    login(client, member)
    client.get(reverse("escalations:table"))
    listed = AccessLogEntry.objects.get(user=member, action="list", object_reference=pending.reference)
    assert listed.allowed and listed.reason == "triagetafel"
    assert listed.escalation_person_ids == [p.pk for p in pending.persons.all()]
    client.get(table_url(pending))
    viewed = AccessLogEntry.objects.get(user=member, action="view", object_reference=pending.reference)
    assert viewed.allowed and viewed.reason == "triagetafel" and viewed.escalation_person_ids


# --- Nobody else --------------------------------------------------------------------------------


def test_a_partner_not_named_sees_nothing(client, om, pending):
    colleague = UserFactory(username="om-collega", organisation=om)  # joining organisation, not named
    login(client, colleague)
    assert client.get(reverse("escalations:table")).status_code == 403
    response = client.get(table_url(pending))
    assert response.status_code == 404 and "Kees" not in response.content.decode()
    assert AccessLogEntry.objects.filter(user=colleague, allowed=False, object_reference=pending.reference).exists()


def test_the_organisation_stopping_ends_the_sight_at_once(client, member, om, pending):
    om.joins_triage = False
    om.save()
    login(client, member)
    assert not policy.may_join_triage_table(User.objects.get(pk=member.pk))
    assert client.get(reverse("escalations:table")).status_code == 403
    assert client.get(table_url(pending)).status_code == 404
    assert "Triagetafel" not in client.get(reverse("home")).content.decode()


def test_an_organisation_leaving_the_convenant_ends_the_sight(member, om, pending):
    om.is_wgs_participant = False
    om.save()
    assert not policy.may_view_escalation_at_triage_table(User.objects.get(pk=member.pk), pending)


def test_members_do_not_get_the_regisseurs_full_view(client, member, pending):
    login(client, member)
    assert client.get(reverse("escalations:detail", args=[pending.reference])).status_code == 404
    assert client.get(reverse("escalations:triage")).status_code == 403


# --- Sight ends at the decision -----------------------------------------------------------------


def test_the_sight_ends_when_the_escalation_is_decided(client, member, pending, regisseur):
    save_triage_advice(actor=member, escalation=pending, text="Geen strafrechtelijk spoor bij het OM.")
    decide(pending, regisseur)
    login(client, member)
    assert pending.reference not in client.get(reverse("escalations:table")).content.decode()
    response = client.get(table_url(pending))
    html = response.content.decode()
    assert response.status_code == 404
    assert "beoordeeld; u heeft geen inzage meer" in html
    assert "Kees" not in html and pending.reason not in html and "Geen strafrechtelijk spoor" not in html
    refused = AccessLogEntry.objects.filter(user=member, object_reference=pending.reference, allowed=False)
    assert refused.exists()
    with pytest.raises(services.ServiceError, match="al beoordeeld"):
        save_triage_advice(actor=member, escalation=pending, text="Toch nog iets.")


def test_a_member_seated_at_the_resulting_case_keeps_case_access(client, member, pending, regisseur):
    decided = decide(
        pending,
        regisseur,
        EscalationStatus.ACCEPTED,
        programme=Programme.objects.get(code="COM"),
        partner_professionals=[member],
    )
    login(client, member)
    response = client.get(table_url(pending))
    html = response.content.decode()
    assert response.status_code == 200 and "geen inzage meer via de triagetafel" in html
    assert reverse("cases:detail", args=[decided.case.reference]) in html
    assert "Kees" not in html  # the page itself shows no content; the case page does
    assert client.get(reverse("cases:detail", args=[decided.case.reference])).status_code == 200


def test_a_member_not_seated_at_the_resulting_case_has_no_case_access(client, member, pending, regisseur):
    decided = decide(pending, regisseur, EscalationStatus.ACCEPTED, programme=Programme.objects.get(code="COM"))
    login(client, member)
    assert client.get(table_url(pending)).status_code == 404
    assert client.get(reverse("cases:detail", args=[decided.case.reference])).status_code == 404


# --- Advice -------------------------------------------------------------------------------------


def test_a_member_adds_and_edits_an_advice(client, member, pending, om):
    login(client, member)
    response = client.post(table_url(pending), {"text": "OM heeft een lopende zaak; afstemmen met de officier."})
    assert response.status_code == 302
    advice = TriageAdvice.objects.get()
    assert advice.author == member and advice.organisation == om and advice.version == 1
    page = client.get(table_url(pending)).content.decode()
    assert "OM heeft een lopende zaak" in page and "Advies wijzigen" in page
    client.post(table_url(pending), {"text": "Bijgesteld advies.", "version": "1"})
    advice.refresh_from_db()
    assert advice.text == "Bijgesteld advies." and advice.version == 2
    assert TriageAdvice.objects.count() == 1
    assert AccessLogEntry.objects.filter(user=member, action="change", object_reference=pending.reference).exists()


def test_a_double_submit_makes_one_advice(client, member, pending):
    login(client, member)
    data = {"text": "Eén advies."}
    client.post(table_url(pending), data)
    client.post(table_url(pending), data)
    assert TriageAdvice.objects.count() == 1
    client.post(table_url(pending), {"text": "Gewijzigd.", "version": "1"})
    client.post(table_url(pending), {"text": "Gewijzigd.", "version": "1"})
    advice = TriageAdvice.objects.get()
    assert advice.text == "Gewijzigd." and advice.version == 2


def test_a_stale_edit_is_refused_and_what_was_typed_is_kept(client, member, pending):
    save_triage_advice(actor=member, escalation=pending, text="Eerste versie.")
    save_triage_advice(actor=member, escalation=pending, text="Tweede versie (ander tabblad).", expected_version=1)
    with pytest.raises(services.ConcurrentEdit):
        save_triage_advice(actor=member, escalation=pending, text="Derde.", expected_version=1)
    login(client, member)
    response = client.post(table_url(pending), {"text": "Mijn nieuwe tekst.", "version": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "intussen door iemand anders gewijzigd" in html
    assert "Mijn nieuwe tekst." in html
    assert TriageAdvice.objects.get().text == "Tweede versie (ander tabblad)."


@pytest.mark.parametrize(
    ("text", "message"), [("", "Schrijf uw advies voor de triage."), ("x" * 2001, "maximaal 2000 tekens")]
)
def test_bad_advice_is_explained_beside_the_field(client, member, pending, text, message):
    login(client, member)
    response = client.post(table_url(pending), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'aria-invalid="true"' in html
    assert not TriageAdvice.objects.exists()


def test_only_members_give_advice(agent, regisseur, pending):
    for user in (agent, regisseur):
        with pytest.raises(PermissionDenied):
            save_triage_advice(actor=user, escalation=pending, text="Advies.")


def test_the_regisseur_sees_every_advice_and_the_count(client, member, pending, regisseur, functional_admin):
    politie_member = UserFactory(username="pga", organisation=pending.referrer_organisation)
    pending.referrer_organisation.joins_triage = True
    pending.referrer_organisation.save()
    politie_member = set_triage_table_member(actor=functional_admin, user=politie_member, member=True)
    save_triage_advice(actor=member, escalation=pending, text="Advies van het OM.")
    save_triage_advice(actor=politie_member, escalation=pending, text="Advies van de politie.")
    login(client, regisseur)
    decide_page = client.get(reverse("escalations:decide", args=[pending.reference])).content.decode()
    assert "Advies van het OM." in decide_page and "Advies van de politie." in decide_page
    assert "Openbaar Ministerie" in decide_page
    queue = client.get(reverse("escalations:triage")).content.decode()
    assert "2 adviezen triagetafel" in queue


# --- Agenda -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "triage_date", "cutoff"),
    [
        # Thursday: the coming Tuesday, cut-off the Monday before at noon.
        (datetime(2026, 3, 5, 10, 0, tzinfo=AMS), date(2026, 3, 10), datetime(2026, 3, 9, 12, 0, tzinfo=AMS)),
        # Monday after the cut-off: still tomorrow's triage (late ones go to the next).
        (datetime(2026, 3, 9, 13, 0, tzinfo=AMS), date(2026, 3, 10), datetime(2026, 3, 9, 12, 0, tzinfo=AMS)),
        # Tuesday itself: today's triage.
        (datetime(2026, 3, 10, 9, 0, tzinfo=AMS), date(2026, 3, 10), datetime(2026, 3, 9, 12, 0, tzinfo=AMS)),
        # Wednesday: next week's.
        (datetime(2026, 3, 11, 9, 0, tzinfo=AMS), date(2026, 3, 17), datetime(2026, 3, 16, 12, 0, tzinfo=AMS)),
        # 23:30 UTC on Monday is already Tuesday in Amsterdam (winter time, UTC+1).
        (datetime(2026, 3, 9, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 3, 10), datetime(2026, 3, 9, 12, tzinfo=AMS)),
        # Across the switch to summer time (29 March 2026): the cut-off stays noon local time.
        (datetime(2026, 3, 27, 9, 0, tzinfo=AMS), date(2026, 3, 31), datetime(2026, 3, 30, 12, 0, tzinfo=AMS)),
    ],
)
def test_the_coming_triage_date_and_its_cutoff(now, triage_date, cutoff):
    schedule = triage_schedule(now)
    assert schedule.triage_date == triage_date and schedule.cutoff == cutoff


@override_settings(TRIAGE_WEEKDAY=3, TRIAGE_CUTOFF_WEEKDAY=3, TRIAGE_CUTOFF_TIME="08:30")
def test_the_triage_day_and_cutoff_are_settings():
    schedule = triage_schedule(datetime(2026, 3, 9, 12, 0, tzinfo=AMS))  # a Monday
    assert schedule.triage_date == date(2026, 3, 12)
    assert schedule.cutoff == datetime(2026, 3, 12, 8, 30, tzinfo=AMS)


def test_the_agenda_lists_escalations_before_the_cutoff_urgent_first(agent):
    before_normal = make_escalation(submitted_by=agent)
    before_acute = make_escalation(submitted_by=agent, urgency="acuut")
    late = make_escalation(submitted_by=agent)
    times = {
        before_normal: datetime(2026, 3, 6, 9, 0, tzinfo=AMS),
        before_acute: datetime(2026, 3, 9, 11, 59, tzinfo=AMS),
        late: datetime(2026, 3, 9, 12, 0, tzinfo=AMS),  # at the cut-off: next triage
    }
    for escalation, at in times.items():
        type(escalation).objects.filter(pk=escalation.pk).update(submitted_at=at)
    agenda = triage_agenda(full=False, now=datetime(2026, 3, 9, 15, 0, tzinfo=AMS))
    assert [e.reference for e in agenda.on_agenda] == [before_acute.reference, before_normal.reference]
    assert [e.reference for e in agenda.after_cutoff] == [late.reference]


def test_the_agenda_page_limited_for_members_full_for_regisseurs_and_logged(client, member, pending, regisseur):
    login(client, member)
    response = client.get(reverse("escalations:triage_agenda"))
    html = response.content.decode()
    assert response.status_code == 200 and pending.reference in html and "Kees Driessen" in html
    assert "css/triage-agenda.css" in html
    for secret in (BSN, ADDRESS, CONTACT_PHONE, "4 mei 1979"):
        assert secret not in html
    entry = AccessLogEntry.objects.get(user=member, object_reference=pending.reference)
    assert entry.action == "export" and entry.allowed and "triageagenda" in entry.reason
    client.logout()
    login(client, regisseur)
    full = client.get(reverse("escalations:triage_agenda")).content.decode()
    assert pending.reference in full and CONTACT_PHONE in full and "4 mei 1979" in full
    assert AccessLogEntry.objects.filter(user=regisseur, object_reference=pending.reference, action="export").exists()


def test_the_agenda_is_refused_to_others(client, agent):
    login(client, agent)
    assert client.get(reverse("escalations:triage_agenda")).status_code == 403
    assert AccessLogEntry.objects.filter(user=agent, allowed=False, object_type="triageagenda").exists()


def test_the_registry_screen_leaves_the_triage_flag_alone(functional_admin, om):
    from registry.services import OrganisationData, save_organisation

    data = OrganisationData(name=om.name, kind=om.kind, is_wgs_participant=True, convenant_date=None, is_active=True)
    assert save_organisation(actor=functional_admin, data=data, organisation=om).joins_triage
    switched_off = OrganisationData(**{**data.__dict__, "joins_triage": False})
    assert not save_organisation(actor=functional_admin, data=switched_off, organisation=om).joins_triage


def test_the_subject_access_report_holds_the_tables_advice(member, pending, om):
    from privacy.subject_access.services import _escalation, render_report_html

    save_triage_advice(actor=member, escalation=pending, text="Advies van het OM over deze persoon.")
    data = _escalation(pending, list(pending.persons.all()))
    assert data["advies_triagetafel"][0]["organisatie"] == "Openbaar Ministerie"
    assert data["advies_triagetafel"][0]["advies"] == "Advies van het OM over deze persoon."
    html = render_report_html({"aanmeldingen": [data], "casussen": [], "toegang": [], "rapport": {}})
    assert "Advies van de triagetafel" in html and "Advies van het OM over deze persoon." in html


def test_members_hear_of_a_new_escalation_with_a_link_to_their_own_page(
    member, agent, regisseur, django_capture_on_commit_callbacks
):
    from django.core import mail

    member.email, agent.email, regisseur.email = "officier@om.example", "agent@politie.example", "r@zvh.example"
    for user in (member, agent, regisseur):
        user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        escalation = make_escalation(submitted_by=agent)
    [to_member] = [m for m in mail.outbox if m.to == [member.email]]
    assert "triagetafel" in to_member.subject and escalation.reference in to_member.subject
    assert f"/aanmeldingen/triage/tafel/{escalation.reference}/" in to_member.body
    [to_regisseur] = [m for m in mail.outbox if m.to == [regisseur.email]]
    assert "/aanmeldingen/triage/" in to_regisseur.body and "/tafel/" not in to_regisseur.body
    assert BSN not in to_member.body and "Kees" not in to_member.body


def test_a_member_who_left_the_table_before_sending_gets_nothing(member, agent, functional_admin):
    from cases.message_kinds import MessageKind
    from notifications import outbox
    from notifications.models import MessageStatus, OutboxMessage

    member.email = "officier@om.example"
    member.save(update_fields=["email"])
    escalation = make_escalation(submitted_by=agent)  # inside the test's transaction: the mail still waits
    set_triage_table_member(actor=functional_admin, user=member, member=False)
    outbox.deliver_pending()
    message = OutboxMessage.objects.get(kind=MessageKind.TRIAGE_TABLE_ESCALATION, object_id=escalation.pk)
    assert message.status == MessageStatus.SKIPPED and message.skip_reason == "niet meer aan de triagetafel"


def test_the_table_message_kind_is_offered_only_to_members(client, member, agent):
    from cases.message_kinds import MessageKind

    login(client, member)
    assert MessageKind.TRIAGE_TABLE_ESCALATION in client.get(reverse("notifications:preferences")).context["form"].kinds
    login(client, agent)
    assert (
        MessageKind.TRIAGE_TABLE_ESCALATION
        not in client.get(reverse("notifications:preferences")).context["form"].kinds
    )
