"""Data subjects' requests (inzage, correctie, verwijdering) and the register of processing."""

import io
import json
import os
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from privacy.models import AccessLogEntry, DataSubjectRequest, ProcessingActivity
from privacy.subject_access import services as sa
from tests.auth import login
from tests.factories import UserFactory, make_case, make_escalation
from tests.pdf_checks import assert_accessible_pdf

JAN_BSN = "111222333"
OTHER_BSN = "999999990"


@pytest.fixture
def other_case(other_regisseur):
    """Another case, of other people, one of them sharing a last name with a person in `escalation`."""
    return make_case(
        regisseur=other_regisseur,
        summary="Overlast en schulden bij familie Bakker.",
        persons=[
            services.PersonData(
                first_name="Karel",
                last_name="Driessen",
                role_in_case="hoofdpersoon",
                date_of_birth=date(1985, 2, 2),
                bsn=OTHER_BSN,
            ),
            services.PersonData(first_name="Piet", last_name="Bakker", role_in_case="partner"),
        ],
    )


@pytest.fixture
def jan_escalation(agent):
    """An escalation that names Jan Aalbers (same BSN as in `case`)."""
    return make_escalation(
        submitted_by=agent,
        reason="Jan Aalbers bedreigt buren; zorgen om zijn gezondheid.",
        persons=[
            services.PersonData(first_name="Jan", last_name="Aalbers", role_in_case="hoofdpersoon", bsn=JAN_BSN),
        ],
    )


@pytest.fixture
def subject_request(privacy_officer):
    return DataSubjectRequest.objects.create(kind="inzage", subject_name="Jan Aalbers", handled_by=privacy_officer)


def jan(case):
    return case.persons.get(first_name="Jan")


def assert_no_bsn_anywhere(*bsns):
    """No BSN in any access-log entry: reason, path, reference or any other field."""
    for values in AccessLogEntry.objects.values():
        text = json.dumps(values, default=str)
        for bsn in bsns:
            assert bsn not in text, f"BSN in logregel: {values}"


# --- Search --------------------------------------------------------------------------------------


def test_search_by_bsn_finds_the_person_in_cases_and_escalations_only(case, escalation, other_case, jan_escalation):
    found = sa.search_candidates(bsn=JAN_BSN)
    assert [p.pk for p in found.persons] == [jan(case).pk]
    assert [p.escalation_id for p in found.escalation_persons] == [jan_escalation.pk]
    assert {p.first_name for p in found.escalation_persons} == {"Jan"}


def test_search_by_name_and_date_of_birth_is_case_insensitive_and_exact_on_the_date(case, escalation, other_case):
    found = sa.search_candidates(last_name="driessen", date_of_birth=date(1979, 5, 4))
    assert found.persons == []  # Karel Driessen in the other case has another date of birth
    assert [(p.first_name, p.escalation_id) for p in found.escalation_persons] == [("Kees", escalation.pk)]

    found = sa.search_candidates(last_name="DRIESSEN", date_of_birth=date(1985, 2, 2))
    assert [p.first_name for p in found.persons] == ["Karel"]
    assert found.escalation_persons == []

    # A last name alone, or a date alone, finds nothing.
    assert not sa.search_candidates(last_name="Driessen")
    assert not sa.search_candidates(date_of_birth=date(1979, 5, 4))


def test_search_by_name_handles_a_name_prefix(regisseur):
    make_case(
        regisseur=regisseur,
        persons=[
            services.PersonData(
                first_name="Anna",
                name_prefix="de",
                last_name="Vries",
                role_in_case="hoofdpersoon",
                date_of_birth=date(1990, 1, 1),
            )
        ],
    )
    found = sa.search_candidates(last_name="De Vries", date_of_birth=date(1990, 1, 1))
    assert [p.first_name for p in found.persons] == ["Anna"]


def test_registering_with_bsn_searches_logs_without_bsn_and_confirms(
    client, privacy_officer, case, other_case, jan_escalation
):
    login(client, privacy_officer)
    response = client.post(
        reverse("privacy:subject_request_new"),
        {
            "submission_key": str(uuid.uuid4()),
            "kind": "inzage",
            "received_on": timezone.localdate().isoformat(),
            "subject_name": "Jan Aalbers",
            "bsn": JAN_BSN,
            "description": "Ik wil weten wat u over mij heeft vastgelegd.",
        },
    )
    assert response.status_code == 200
    subject_request = DataSubjectRequest.objects.get()
    content = response.content.decode()
    assert case.reference in content and jan_escalation.reference in content
    assert other_case.reference not in content and "Karel" not in content
    # The BSN is not stored on the request.
    assert JAN_BSN not in json.dumps(DataSubjectRequest.objects.values().get(), default=str)

    created = AccessLogEntry.objects.get(user=privacy_officer, action="create", object_type="inzageverzoek")
    assert created.object_reference == f"VERZOEK-{subject_request.pk}"
    search = AccessLogEntry.objects.get(user=privacy_officer, action="search", object_type="inzageverzoek")
    assert search.allowed and search.person_ids == [jan(case).pk]
    assert jan_escalation.reference in search.reason

    # The officer ticks the records that are the subject's.
    escalation_person = jan_escalation.persons.get()
    response = client.post(
        reverse("privacy:subject_request_search", args=[subject_request.pk]),
        {
            "bsn": JAN_BSN,
            "actie": "bevestigen",
            "persons": [str(jan(case).pk)],
            "escalation_persons": [str(escalation_person.pk)],
        },
    )
    assert response.status_code == 302
    assert JAN_BSN not in response["Location"]
    subject_request.refresh_from_db()
    assert subject_request.person_ids == [jan(case).pk]
    assert subject_request.escalation_person_ids == [escalation_person.pk]
    assert_no_bsn_anywhere(JAN_BSN)


def test_confirming_cannot_add_records_the_search_did_not_find(
    client, privacy_officer, case, other_case, subject_request
):
    login(client, privacy_officer)
    stranger = other_case.persons.get(first_name="Piet")
    response = client.post(
        reverse("privacy:subject_request_search", args=[subject_request.pk]),
        {"bsn": JAN_BSN, "actie": "bevestigen", "persons": [str(jan(case).pk), str(stranger.pk)]},
    )
    assert response.status_code == 200  # the unknown choice is refused beside the field
    assert "persons" in response.context["form"].errors
    subject_request.refresh_from_db()
    assert subject_request.person_ids == []


def test_search_form_errors_are_dutch_and_keep_the_input(client, privacy_officer, subject_request):
    login(client, privacy_officer)
    url = reverse("privacy:subject_request_search", args=[subject_request.pk])
    response = client.post(url, {"actie": "zoeken", "last_name": "Aalbers"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["date_of_birth"] == ["Vul ook de geboortedatum in om op naam te zoeken."]
    assert 'value="Aalbers"' in response.content.decode()

    response = client.post(url, {"actie": "zoeken", "bsn": "123456789"})
    assert response.context["form"].errors["bsn"] == ["Dit is geen geldig BSN (de elfproef klopt niet)."]
    assert not AccessLogEntry.objects.filter(action="search").exists()


# --- The report ----------------------------------------------------------------------------------


@pytest.fixture
def confirmed_request(
    client, case, escalation, other_case, jan_escalation, regisseur, agent, other_regisseur, privacy_officer
):
    """Jan's records confirmed; his case viewed by its regisseur and his escalation by the
    referrer; the other case viewed by its own regisseur."""
    services.add_note(case=case, author=regisseur, text="Huisbezoek afgelegd, Jan werkt mee.")
    login(client, regisseur)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    login(client, agent)
    assert client.get(reverse("escalations:detail", args=[jan_escalation.reference])).status_code == 200
    login(client, other_regisseur)
    assert client.get(reverse("cases:detail", args=[other_case.reference])).status_code == 200
    client.logout()
    return DataSubjectRequest.objects.create(
        kind="inzage",
        subject_name="Jan Aalbers",
        handled_by=privacy_officer,
        person_ids=[jan(case).pk],
        escalation_person_ids=[jan_escalation.persons.get().pk],
    )


def test_json_report_holds_the_persons_data_cases_escalations_and_who_accessed_it(
    client, privacy_officer, case, other_case, jan_escalation, escalation, confirmed_request
):
    login(client, privacy_officer)
    response = client.get(reverse("privacy:subject_request_report_json", args=[confirmed_request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert f"inzage-{confirmed_request.pk}-{timezone.localdate():%Y-%m-%d}.json" in disposition
    assert "Aalbers" not in disposition and JAN_BSN not in disposition
    report = json.loads(response.content)

    assert report["rapport"]["betrokkene"] == "Jan Aalbers"
    [case_data] = report["casussen"]
    assert case_data["kenmerk"] == case.reference
    assert case_data["aanleiding_en_hulpvraag"] == case.summary
    assert [p["voornaam"] for p in case_data["uw_gegevens_in_deze_casus"]] == ["Jan"]
    assert case_data["uw_gegevens_in_deze_casus"][0]["bsn"] == JAN_BSN  # the subject's own data
    assert [p["organisatie"] for p in case_data["partners_aan_tafel"]] == ["Politie"]
    assert case_data["ave_geschiedenis"] and case_data["ave_geschiedenis"][0]["naar"] == "AVE3"
    assert "Huisbezoek afgelegd, Jan werkt mee." in [t["tekst"] for t in case_data["tijdlijn"]]

    [escalation_data] = report["aanmeldingen"]
    assert escalation_data["kenmerk"] == jan_escalation.reference
    assert escalation_data["aanleiding"] == "Jan Aalbers bedreigt buren; zorgen om zijn gezondheid."

    access = report["toegang"]
    seen = {(a["gebruiker"], a["casus"], a["kenmerk"], a["handeling"]) for a in access}
    assert ("regisseur", case.reference, "", "Bekijken") in seen
    assert ("agent", "", jan_escalation.reference, "Bekijken") in seen
    assert ("privacy", case.reference, f"VERZOEK-{confirmed_request.pk}", "Geëxporteerd") in seen  # this report
    assert all({"tijdstip", "rol", "organisatie", "toegestaan"} <= set(a) for a in access)

    # Nothing about other persons in other cases or escalations.
    text = response.content.decode()
    for foreign in (other_case.reference, "Karel", "Bakker", OTHER_BSN, escalation.reference, "Kees", "regisseur_b"):
        assert foreign not in text, foreign
    assert "Ingrid" not in json.dumps(case_data["uw_gegevens_in_deze_casus"])

    export = AccessLogEntry.objects.get(user=privacy_officer, action="export", object_type="inzagerapport")
    assert export.allowed and export.person_ids == [jan(case).pk] and export.case_id == case.pk
    assert_no_bsn_anywhere(JAN_BSN, OTHER_BSN)


def test_json_report_holds_the_programme_changes_of_the_case(
    client, privacy_officer, regisseur, case, confirmed_request
):
    from cases.services.lifecycle import change_programme
    from programmes.models import Programme

    reason = "Jan heeft langdurig ondersteuning nodig: route naar de Levensloopaanpak."
    change_programme(
        case=case, actor=regisseur, to_programme=Programme.objects.get(code="LLA"), reason=reason,
        expected_version=case.version,
    )  # fmt: skip
    login(client, privacy_officer)
    report = json.loads(client.get(reverse("privacy:subject_request_report_json", args=[confirmed_request.pk])).content)
    [case_data] = report["casussen"]
    assert [(c["van"], c["naar"], c["reden"]) for c in case_data["programmahistorie"]] == [("COM", "LLA", reason)]


def test_report_holds_what_the_partners_wrote_in_plan_meetings_evaluation_and_bottlenecks(
    client, privacy_officer, regisseur, politie, case, confirmed_request
):
    from datetime import timedelta

    from pypdf import PdfReader

    from cases.models import BottleneckCategory, LifeDomain
    from tests.factories import closing_evaluation

    plan = services.start_plan(case=case, actor=regisseur)
    domain = LifeDomain.objects.get(name="Huisvesting")
    services.save_assessment(plan=plan, actor=regisseur, domain=domain, score=2, risks="Dreigende huisuitzetting",
                             protective_factors="Zus helpt met post")  # fmt: skip
    services.add_goal(plan=plan, actor=regisseur, domain=domain, description="Jan behoudt zijn woning")
    services.add_action(plan=plan, actor=regisseur, description="Betalingsregeling met de verhuurder",
                        owner_organisation=politie, deadline=timezone.localdate() + timedelta(days=14))  # fmt: skip
    meeting = services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=1),
                                        location="ZVH", agenda="Woonsituatie van Jan")  # fmt: skip
    services.add_decision(meeting=meeting, actor=regisseur, text="Woningcorporatie schuift aan")
    services.register_bottleneck(case=case, actor=regisseur, category=BottleneckCategory.objects.first(),
                                 description="Wachtlijst beschermd wonen")  # fmt: skip
    case.refresh_from_db()
    services.change_phase(case=case, actor=regisseur, to_phase="afgesloten", expected_version=case.version,
                          closure_reason="doelen_bereikt", closure_result="Woning behouden",
                          **closing_evaluation(case, what_worked="Korte lijn met de verhuurder"))  # fmt: skip

    login(client, privacy_officer)
    report = json.loads(client.get(reverse("privacy:subject_request_report_json", args=[confirmed_request.pk])).content)
    [case_data] = report["casussen"]
    [version] = case_data["plannen_van_aanpak"]
    assert version["analyse_per_leefgebied"][0]["risicos"] == "Dreigende huisuitzetting"
    assert [g["doel"] for g in version["doelen"]] == ["Jan behoudt zijn woning"]
    assert [(a["actie"], a["eigenaar"]) for a in version["acties"]] == [
        ("Betalingsregeling met de verhuurder", "Politie")
    ]
    [held] = case_data["casusoverleggen"]
    assert held["agenda"] == "Woonsituatie van Jan" and held["besluiten"] == ["Woningcorporatie schuift aan"]
    assert case_data["evaluatie"][0]["wat_werkte"] == "Korte lijn met de verhuurder"
    assert case_data["evaluatie"][0]["resultaat_per_doel"][0]["doel"] == "Jan behoudt zijn woning"
    assert [b["beschrijving"] for b in case_data["knelpunten"]] == ["Wachtlijst beschermd wonen"]

    pdf = client.get(reverse("privacy:subject_request_report_pdf", args=[confirmed_request.pk])).content
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for written in ("Dreigende huisuitzetting", "Betalingsregeling met de verhuurder", "Woningcorporatie schuift aan",
                    "Korte lijn met de verhuurder", "Wachtlijst beschermd wonen"):  # fmt: skip
        assert written in text, written


def test_pdf_report_has_the_data_the_access_log_and_a_confidential_footer(
    client, privacy_officer, case, jan_escalation, confirmed_request
):
    from pypdf import PdfReader

    privacy_officer.first_name, privacy_officer.last_name = "Petra", "Privé"
    privacy_officer.save()
    login(client, privacy_officer)
    url = reverse("privacy:subject_request_report_pdf", args=[confirmed_request.pk])
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="inzage-{confirmed_request.pk}-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert_accessible_pdf(response.content, title_starts="Inzagerapport")
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    print(f"\nPDF-inzagerapport: {len(response.content)} bytes, {len(pages)} pagina's, {elapsed:.2f} s")
    if os.environ.get("ZVH_KEEP_PDF"):  # to look at it: ZVH_KEEP_PDF=/tmp/inzage.pdf pytest -k pdf_report
        Path(os.environ["ZVH_KEEP_PDF"]).write_bytes(response.content)

    assert "Jan Aalbers" in text
    assert case.reference in text and jan_escalation.reference in text
    assert "regisseur" in text and "agent" in text  # who accessed it
    assert "Bekijken" in text and "Geëxporteerd" in text
    for number, page in enumerate(pages, start=1):
        assert "Vertrouwelijk – inzagerapport voor Jan Aalbers" in page
        assert f"pagina {number} van {len(pages)}" in page
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="export", object_type="inzagerapport").exists()
    assert_no_bsn_anywhere(JAN_BSN)


def test_pdf_rendering_time_of_a_large_report(case, regisseur, privacy_officer, confirmed_request):
    """Not an assertion on speed: prints how long a report with many access entries takes."""
    from pypdf import PdfReader

    from privacy.services import log_access

    for _ in range(300):
        log_access(user=regisseur, action="view", allowed=True, case=case, person_ids=[jan(case).pk])
    report = sa.build_report(confirmed_request, generated_by=privacy_officer)
    sa.render_report_pdf(report)  # warm-up: WeasyPrint import and font loading
    started = time.perf_counter()
    pdf = sa.render_report_pdf(report)
    elapsed = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"\nPDF met {len(report['toegang'])} toegangsregels: {pages} pagina's in {elapsed:.2f} s")
    assert pages > 1


def test_report_without_confirmed_records_says_nothing_was_found(client, privacy_officer, subject_request, case):
    login(client, privacy_officer)
    response = client.get(reverse("privacy:subject_request_report_json", args=[subject_request.pk]))
    report = json.loads(response.content)
    assert report["casussen"] == [] and report["aanmeldingen"] == []
    assert case.reference not in response.content.decode()


@pytest.mark.parametrize(
    "name", ["subject_request_report_pdf", "subject_request_report_json", "subject_request_detail"]
)
@pytest.mark.parametrize("who", ["regisseur", "agent", "colleague", "manager", "functional_admin"])
def test_only_the_privacy_officer_gets_in(client, request, who, name, confirmed_request):
    user = request.getfixturevalue(who)
    login(client, user)
    response = client.get(reverse(f"privacy:{name}", args=[confirmed_request.pk]))
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(user=user, allowed=False, object_type="inzageverzoek").exists()
    assert not AccessLogEntry.objects.filter(user=user, action="export").exists()


def test_superuser_without_the_role_is_refused(client, subject_request):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    login(client, root)
    assert client.get(reverse("privacy:subject_requests")).status_code == 403
    assert client.get(reverse("privacy:processing_register")).status_code == 403


def test_urls_and_filenames_carry_no_name_or_bsn(subject_request):
    for name in ("subject_request_detail", "subject_request_search", "subject_request_report_pdf"):
        url = reverse(f"privacy:{name}", args=[subject_request.pk])
        assert "Aalbers" not in url and JAN_BSN not in url
    assert (
        sa.report_filename(subject_request, "pdf") == f"inzage-{subject_request.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    )


# --- WeasyPrint may fetch our own static files only ----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.css",
        "https://example.org/static/css/print.css",
        "http://zvh-pdf.invalid/static/css/print.css",
        "https://zvh-pdf.invalid/etc/passwd",
        "https://zvh-pdf.invalid/static/../../../etc/passwd",
        "https://zvh-pdf.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_url_fetcher_refuses_everything_but_our_static_files(url):
    fetcher = sa.static_url_fetcher()
    with pytest.raises((PermissionError, FileNotFoundError, ValueError)):
        fetcher(url)


def test_url_fetcher_serves_our_print_css():
    response = sa.static_url_fetcher()(sa.PDF_BASE_URL + "static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_a_document_naming_local_files_renders_without_them(tmp_path):
    """A report whose text contained a file:// or http:// link still renders, without fetching it."""
    import weasyprint
    from pypdf import PdfReader

    secret = tmp_path / "geheim.css"
    secret.write_text("body::after { content: 'GELEKT'; }")
    html = (
        f'<link rel="stylesheet" href="file://{secret}"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<img src="file:///etc/hostname"><p>Inhoud</p>'
    )
    pdf = weasyprint.HTML(string=html, base_url=sa.PDF_BASE_URL, url_fetcher=sa.static_url_fetcher()).write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Inhoud" in text and "GELEKT" not in text


# --- Outcomes of correction and deletion requests ------------------------------------------------


@pytest.mark.parametrize("kind", ["correctie", "verwijdering"])
def test_outcome_of_a_correction_or_deletion_request_is_recorded(client, privacy_officer, kind):
    subject_request = DataSubjectRequest.objects.create(
        kind=kind, subject_name="Jan Aalbers", handled_by=privacy_officer
    )
    login(client, privacy_officer)
    url = reverse("privacy:subject_request_decide", args=[subject_request.pk])
    page = client.get(url).content.decode()
    assert "voert de procesregisseur uit in de casus" in page

    response = client.post(url, {"status": "deels", "outcome": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["outcome"] == ["Beschrijf de uitkomst en de motivering."]

    response = client.post(url, {"status": "deels", "outcome": "Adres gecorrigeerd; geboortedatum klopte al."})
    assert response.status_code == 302
    subject_request.refresh_from_db()
    assert subject_request.status == "deels"
    assert subject_request.outcome == "Adres gecorrigeerd; geboortedatum klopte al."
    assert subject_request.handled_by == privacy_officer
    assert subject_request.decided_at is not None
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="change", object_type="inzageverzoek").exists()

    # Decided once: a second outcome is refused with a message.
    response = client.post(url, {"status": "afgewezen", "outcome": "Toch niet."})
    assert response.status_code == 200
    assert "al afgehandeld" in response.content.decode()
    subject_request.refresh_from_db()
    assert subject_request.status == "deels"


def test_register_request_form_errors_are_dutch_and_keep_the_input(client, privacy_officer):
    login(client, privacy_officer)
    response = client.post(
        reverse("privacy:subject_request_new"),
        {
            "submission_key": str(uuid.uuid4()),
            "kind": "",
            "received_on": "2999-01-01",
            "subject_name": "Jan Aalbers",
            "bsn": "12345",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["received_on"] == ["De ontvangstdatum kan niet in de toekomst liggen."]
    assert errors["bsn"] == ["Een BSN bestaat uit precies 9 cijfers."]
    assert errors["kind"] == ["Kies de soort verzoek."]
    assert 'value="Jan Aalbers"' in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


# --- Register of processing ----------------------------------------------------------------------


def activity_form(**overrides):
    data = {
        "name": "Casusoverleg",
        "purpose": "Gezamenlijke aanpak.",
        "legal_basis": "WGS",
        "data_subjects": "Betrokkenen",
        "data_categories": "NAW",
        "recipients": "Partners aan tafel",
        "retention": "Volgens BGS",
        "security_measures": "Need-to-know",
        "controllers": "Deelnemers",
    }
    data.update(overrides)
    return data


def test_register_of_processing_create_and_edit_with_a_stale_version(client, privacy_officer):
    login(client, privacy_officer)
    response = client.post(reverse("privacy:processing_activity_new"), activity_form())
    assert response.status_code == 302
    activity = ProcessingActivity.objects.get(name="Casusoverleg")
    assert activity.version == 1 and activity.updated_by == privacy_officer

    response = client.post(reverse("privacy:processing_activity_new"), activity_form(name="casusoverleg"))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Er staat al een verwerking met deze naam in het register."]

    url = reverse("privacy:processing_activity_edit", args=[activity.pk])
    assert client.post(url, activity_form(purpose="Eerste wijziging.", version=1)).status_code == 302
    activity.refresh_from_db()
    assert activity.version == 2 and activity.purpose == "Eerste wijziging."

    # A second officer's form, rendered at version 1, is refused; the input stays.
    response = client.post(url, activity_form(purpose="Verouderde wijziging.", version=1))
    assert response.status_code == 200
    content = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in content
    assert "Verouderde wijziging." in content
    assert response.context["form"].data["version"] == "2"  # saving again after review can succeed
    activity.refresh_from_db()
    assert activity.purpose == "Eerste wijziging." and activity.version == 2

    response = client.post(url, activity_form(purpose="", version=2))
    assert response.context["form"].errors["purpose"] == ["Vul het doel in."]


def test_request_pages_render_for_the_officer(client, privacy_officer, confirmed_request, case):
    login(client, privacy_officer)
    assert "Jan Aalbers" in client.get(reverse("privacy:subject_requests")).content.decode()
    detail = client.get(reverse("privacy:subject_request_detail", args=[confirmed_request.pk])).content.decode()
    assert case.reference in detail
    page = client.get(reverse("privacy:subject_request_search", args=[confirmed_request.pk])).content.decode()
    assert 'value="Aalbers"' in page and case.reference in page  # confirmed records stay listed
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="list").exists()


def test_access_entries_without_json_containment_match_postgresql(monkeypatch, case, other_case, confirmed_request):
    """SQLite (the embedded default) has no JSON containment: the Python fallback finds the same."""
    from django.db import connection

    records = sa.confirmed_records(confirmed_request)
    on_postgresql = [entry.pk for entry in sa.access_entries_for(records)]
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert [entry.pk for entry in sa.access_entries_for(records)] == on_postgresql
    assert on_postgresql


def test_registering_twice_with_one_form_makes_one_request(client, privacy_officer):
    login(client, privacy_officer)
    data = {
        "submission_key": str(uuid.uuid4()),
        "kind": "correctie",
        "received_on": timezone.localdate().isoformat(),
        "subject_name": "Jan Aalbers",
    }
    client.post(reverse("privacy:subject_request_new"), data)
    client.post(reverse("privacy:subject_request_new"), data)
    assert DataSubjectRequest.objects.count() == 1
