"""The privacy officer searches, filters and exports the access log; every search and export is
itself logged, and nobody else gets these pages."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from cases import services
from privacy import selectors
from privacy.models import AccessLogEntry
from tests.auth import login
from tests.factories import make_case

LOG_URL = reverse("privacy:access_log")
EXPORT_URL = reverse("privacy:access_log_export")


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


def entry(label, **fields):
    """A log line written directly (to control its time); `label` goes into `reason`."""
    defaults = {
        "occurred_at": at(2026, 3, 10),
        "username": "agent",
        "user_role": "partnerprofessional",
        "user_organisation": "Politie",
        "on_behalf_of": "Politie",
        "action": "view",
        "object_type": "casus",
        "allowed": True,
        "reason": label,
    }
    defaults.update(fields)
    return AccessLogEntry.objects.create(**defaults)


@pytest.fixture
def log_lines(case):
    jan, ingrid = case.persons.order_by("pk")
    return {
        "view_jan": entry("view_jan", case_id=case.pk, case_reference=case.reference, person_ids=[jan.pk]),
        "view_both": entry(
            "view_both",
            case_id=case.pk,
            case_reference=case.reference,
            person_ids=[ingrid.pk, jan.pk],
            occurred_at=at(2026, 3, 12),
        ),
        "refused": entry("refused", username="collega", allowed=False, case_id=case.pk, case_reference=case.reference),
        "ggz_search": entry(
            "ggz_search",
            username="zorg1",
            user_organisation="GGZ Oost Brabant",
            on_behalf_of="GGZ Oost Brabant",
            action="search",
            object_type="casuslijst",
            occurred_at=at(2026, 2, 1),
        ),
        "escalation": entry("escalation", object_type="aanmelding", object_reference="AM-2026-0007"),
        "break_glass": entry(
            "break_glass",
            username="regisseur_b",
            user_role="procesregisseur",
            user_organisation="ZVH",
            on_behalf_of="ZVH",
            case_id=case.pk,
            case_reference=case.reference,
            person_ids=[ingrid.pk],
            is_break_glass=True,
            occurred_at=at(2026, 4, 1),
        ),
    }


def labels(entries):
    return {e.reason for e in entries if not e.object_type == "toegangslog"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"view_jan", "view_both", "refused", "ggz_search", "escalation", "break_glass"}),
        ({"case_reference": "CASE"}, {"view_jan", "view_both", "refused", "break_glass"}),
        ({"case_reference": "am-2026-0007"}, {"escalation"}),
        ({"username": "COLLEGA"}, {"refused"}),
        ({"organisation": "ggz"}, {"ggz_search"}),
        ({"date_from": date(2026, 3, 11)}, {"view_both", "break_glass"}),
        ({"date_to": date(2026, 3, 10)}, {"view_jan", "refused", "ggz_search", "escalation"}),
        ({"date_from": date(2026, 3, 12), "date_to": date(2026, 3, 12)}, {"view_both"}),
        ({"action": "search"}, {"ggz_search"}),
        ({"result": "geweigerd"}, {"refused"}),
        ({"result": "toegestaan"}, {"view_jan", "view_both", "ggz_search", "escalation", "break_glass"}),
        ({"refused_only": True}, {"refused"}),
        ({"break_glass_only": True}, {"break_glass"}),
        ({"person": "jan"}, {"view_jan", "view_both"}),
        ({"person": "ingrid"}, {"view_both", "break_glass"}),
        ({"person": "both"}, {"view_jan", "view_both", "break_glass"}),
        ({"person": "ingrid", "username": "agent"}, {"view_both"}),
    ],
)
def test_each_filter_narrows(log_lines, case, filters, expected):
    jan, ingrid = case.persons.order_by("pk")
    filters = dict(filters)
    if filters.get("case_reference") == "CASE":
        filters["case_reference"] = case.reference.lower()
    person = filters.pop("person", None)
    if person:
        filters["person_ids"] = {"jan": [jan.pk], "ingrid": [ingrid.pk], "both": [jan.pk, ingrid.pk]}[person]
    assert labels(selectors.access_log_entries(**filters)) == expected


def test_newest_first(log_lines):
    got = [e.reason for e in selectors.access_log_entries()]
    assert got[0] == "break_glass" and got[-1] == "ggz_search"


def test_persons_matching_shows_ids_and_references_only(case):
    jan = case.persons.get(first_name="Jan")
    assert selectors.persons_matching(bsn="111222333") == [(jan.pk, case.reference)]
    assert selectors.persons_matching(last_name="Aalbers") == []  # name alone is not enough
    assert selectors.persons_matching() == []


# --- through the screen ----------------------------------------------------------------------


@pytest.fixture
def officer_client(client, privacy_officer):
    return login(client, privacy_officer)


def shown(response):
    return labels(response.context["page"].object_list)


def test_the_page_filters_and_logs_the_search(officer_client, log_lines, privacy_officer, case):
    response = officer_client.get(
        LOG_URL, {"casus": case.reference, "handeling": "view", "resultaat": "toegestaan", "van": "2026-03-01"}
    )
    assert response.status_code == 200
    assert shown(response) == {"view_jan", "view_both", "break_glass"}
    logged = AccessLogEntry.objects.get(user=privacy_officer, object_type="toegangslog")
    assert logged.action == "search" and logged.allowed
    assert f"casus={case.reference}" in logged.reason and "van=2026-03-01" in logged.reason


def test_an_unfiltered_page_view_is_logged_as_a_list(officer_client, log_lines, privacy_officer):
    response = officer_client.get(LOG_URL)
    assert len(shown(response)) == 6
    assert AccessLogEntry.objects.get(user=privacy_officer, object_type="toegangslog").action == "list"


def test_break_glass_filter_and_badge(officer_client, log_lines):
    response = officer_client.get(LOG_URL, {"doorbraak": "on"})
    assert shown(response) == {"break_glass"}
    assert "Doorbraak</span>" in response.content.decode()


def test_pagination(officer_client, case):
    for n in range(55):
        entry(f"regel {n}", case_reference=case.reference)
    first = officer_client.get(LOG_URL, {"casus": case.reference})
    second = officer_client.get(LOG_URL, {"casus": case.reference, "pagina": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert first.context["page"].paginator.count == 55


def test_from_after_to_gets_a_dutch_message_beside_the_field(officer_client, log_lines):
    response = officer_client.get(LOG_URL, {"van": "2026-03-12", "tot": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors == {"tot": ["De einddatum ligt vóór de begindatum."]}
    assert response.context["page"] is None
    assert 'id="id_tot_error"' in response.content.decode()


def test_invalid_date_and_action_are_refused(officer_client):
    response = officer_client.get(LOG_URL, {"van": "gisteren", "handeling": "verwijderd"})
    errors = response.context["filter_form"].errors
    assert errors["van"] == ["Vul een geldige datum in."]
    assert "handeling" in errors


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_date_far_outside_the_log_is_a_message_on_the_page_and_no_export(officer_client, privacy_officer, far):
    page = officer_client.get(LOG_URL, {"tot": far})
    assert page.status_code == 200
    assert page.context["filter_form"].errors["tot"] == ["Kies een datum tussen 1 januari 2000 en 31 december 2199."]
    export = officer_client.get(EXPORT_URL, {"van": far})
    assert export.status_code == 302
    assert not AccessLogEntry.objects.filter(user=privacy_officer, action="export").exists()


def test_person_lookup_by_bsn_redirects_to_ids_without_bsn(officer_client, log_lines, case, privacy_officer):
    jan = case.persons.get(first_name="Jan")
    response = officer_client.post(f"{LOG_URL}?gebruiker=agent", {"zoek-bsn": "111 222 333"})
    assert response.status_code == 302
    assert "111222333" not in response.url and "Aalbers" not in response.url
    assert f"persoon={jan.pk}" in response.url and "gebruiker=agent" in response.url
    lookup = AccessLogEntry.objects.get(user=privacy_officer, action="search", object_type="toegangslog")
    assert lookup.person_ids == [jan.pk] and "BSN" in lookup.reason and "111222333" not in lookup.reason

    page = officer_client.get(response.url)
    assert shown(page) == {"view_jan", "view_both"}
    html = page.content.decode()
    assert f"casus {case.reference}" in html
    assert "Jan" not in html and "Aalbers" not in html  # the lookup shows the reference only
    view = AccessLogEntry.objects.filter(user=privacy_officer, object_type="toegangslog").order_by("-pk").first()
    assert view.person_ids == [jan.pk]  # reading the log about a person is logged against that person


def test_person_lookup_by_name_and_date_of_birth(officer_client, regisseur):
    other = make_case(
        regisseur=regisseur,
        persons=[
            services.PersonData(
                first_name="Kees", last_name="Verbeek", role_in_case="hoofdpersoon", date_of_birth=date(1970, 1, 2)
            )
        ],
    )
    kees = other.persons.get()
    entry("kees", case_id=other.pk, case_reference=other.reference, person_ids=[kees.pk])
    entry("niet kees", case_id=other.pk, case_reference=other.reference, person_ids=[kees.pk + 1000])
    response = officer_client.post(LOG_URL, {"zoek-achternaam": "verbeek", "zoek-geboortedatum": "1970-01-02"})
    assert response.status_code == 302 and f"persoon={kees.pk}" in response.url
    assert shown(officer_client.get(response.url)) == {"kees"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, None, "Vul een BSN in, of de achternaam en de geboortedatum."),
        ({"zoek-achternaam": "Aalbers"}, "geboortedatum", "Vul bij zoeken op naam ook de geboortedatum in."),
        ({"zoek-bsn": "123456789"}, "bsn", "Dit is geen geldig BSN (de elfproef klopt niet)."),
        ({"zoek-bsn": "123456782"}, None, "Geen betrokkene gevonden met deze gegevens."),
    ],
)
def test_person_lookup_errors_are_dutch(officer_client, case, data, field, message):
    response = officer_client.post(LOG_URL, data)
    assert response.status_code == 200
    errors = response.context["lookup_form"].errors
    assert message in errors[field or "__all__"]
    assert "123456782" not in "".join(e.reason for e in AccessLogEntry.objects.all())


def test_csv_export_has_header_filtered_rows_and_is_logged(officer_client, log_lines, case, privacy_officer):
    response = officer_client.get(EXPORT_URL, {"casus": case.reference, "resultaat": "geweigerd"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "tijdstip",
        "gebruiker",
        "rol",
        "organisatie",
        "namens",
        "handeling",
        "object",
        "kenmerk",
        "resultaat",
        "doorbraak",
        "herkomst",
        "pagina",
        "toelichting",
        "via toepassing",
    ]
    assert len(rows) == 2
    assert rows[1][0] == "2026-03-10 12:00:00"
    assert rows[1][1:6] == ["collega", "Partnerprofessional", "Politie", "Politie", "Bekijken"]
    assert rows[1][7] == case.reference and rows[1][8] == "geweigerd" and rows[1][9] == "nee"
    assert rows[1][12] == "refused"

    export = AccessLogEntry.objects.get(user=privacy_officer, action="export")
    assert export.object_type == "toegangslog" and export.allowed
    assert f"casus={case.reference}" in export.reason and "resultaat=geweigerd" in export.reason


def csv_rows(response):
    """The data rows, without the lines the privacy officer's own search and export wrote."""
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    return [r for r in list(csv.reader(io.StringIO(raw), delimiter=";"))[1:] if r[6] != "toegangslog"]


def test_the_export_itself_appears_in_the_log_it_exports(officer_client, privacy_officer):
    raw = b"".join(officer_client.get(EXPORT_URL).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["privacy"] and rows[1][5] == "Geëxporteerd"


def test_csv_export_of_everything_and_of_break_glass(officer_client, log_lines):
    rows = csv_rows(officer_client.get(EXPORT_URL))
    assert {r[12] for r in rows} == {"view_jan", "view_both", "refused", "ggz_search", "escalation", "break_glass"}
    assert [r[12] for r in rows if r[9] == "ja"] == ["break_glass"]
    escalation = next(r for r in rows if r[12] == "escalation")
    assert escalation[6] == "aanmelding" and escalation[7] == "AM-2026-0007"


def test_csv_export_neutralises_formulas(officer_client):
    entry('=HYPERLINK("http://example.org")', username="agent")
    raw = b"".join(officer_client.get(EXPORT_URL).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in raw


def test_csv_export_with_person_filter_logs_the_person(officer_client, log_lines, case, privacy_officer):
    ingrid = case.persons.get(first_name="Ingrid")
    rows = csv_rows(officer_client.get(EXPORT_URL, {"persoon": ingrid.pk}))
    assert {r[12] for r in rows} == {"view_both", "break_glass"}
    assert AccessLogEntry.objects.get(user=privacy_officer, action="export").person_ids == [ingrid.pk]


def test_export_with_invalid_filters_is_not_made(officer_client, privacy_officer):
    response = officer_client.get(EXPORT_URL, {"van": "2026-03-12", "tot": "2026-03-01"})
    assert response.status_code == 302 and response.url.startswith(LOG_URL)
    assert not AccessLogEntry.objects.filter(user=privacy_officer, action="export").exists()


def test_the_export_link_carries_the_filters(officer_client, case):
    response = officer_client.get(LOG_URL, {"casus": case.reference, "doorbraak": "on"})
    assert response.context["export_url"] == f"{EXPORT_URL}?casus={case.reference}&doorbraak=on"


@pytest.mark.parametrize("who", ["regisseur", "other_regisseur", "agent", "colleague", "manager", "functional_admin"])
@pytest.mark.parametrize(
    ("url", "method"),
    [
        (LOG_URL, "get"),
        (LOG_URL, "post"),
        (EXPORT_URL, "get"),
        (reverse("privacy:break_glass_list"), "get"),
    ],
)
def test_only_the_privacy_officer_reads_the_log_and_refusals_are_logged(client, request, who, url, method, log_lines):
    user = request.getfixturevalue(who)
    login(client, user)
    data = {"zoek-bsn": "111222333"} if method == "post" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == 403
    refusal = AccessLogEntry.objects.get(user=user)
    assert not refusal.allowed and refusal.path == url
    assert refusal.object_type in {"toegangslog", "doorbraken"}
    assert "111222333" not in f"{refusal.reason}{refusal.path}"


def test_anonymous_users_are_sent_to_the_login(client):
    for url in (LOG_URL, EXPORT_URL):
        assert client.get(url).status_code == 302


def test_entries_carry_nen_7513_content(client, case, agent):
    """Action, object, result, origin, actor (+ role, organisation, on whose behalf), time."""
    login(client, agent)
    client.get(reverse("cases:detail", args=[case.reference]), REMOTE_ADDR="10.1.2.3")
    line = AccessLogEntry.objects.get(user=agent)
    assert line.action == "view" and line.object_type == "casus" and line.case_reference == case.reference
    assert line.allowed and line.client_address == "10.1.2.3"
    assert line.username == "agent" and line.user_role == "partnerprofessional"
    assert line.user_organisation == "Politie" and line.on_behalf_of == "Politie"
    assert timezone.now() - line.occurred_at < timedelta(minutes=1)
    assert not line.is_break_glass


def test_reads_of_an_escalation_before_any_case_are_found_by_the_person_filter(
    client, escalation, regisseur, privacy_officer
):
    """A triage read of an escalation (no case, so no cases.Person yet) carries the escalation
    persons' ids; the privacy officer's BSN lookup finds that read, not only the subject report."""
    login(client, regisseur)
    assert client.get(reverse("escalations:detail", args=[escalation.reference])).status_code == 200
    read = AccessLogEntry.objects.get(user=regisseur, object_type="aanmelding", allowed=True)
    person = escalation.persons.get(bsn="123456782")
    assert person.pk in read.escalation_person_ids and read.case_id is None
    client.logout()

    login(client, privacy_officer)
    response = client.post(LOG_URL, {"zoek-bsn": "123456782"})
    assert response.status_code == 302 and "123456782" not in response.url
    assert f"aanmeldingspersoon={person.pk}" in response.url
    page = client.get(response.url)
    assert read.pk in {e.pk for e in page.context["page"].object_list}
    assert f"aanmelding {escalation.reference}" in page.content.decode()
