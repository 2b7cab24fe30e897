"""The procesregisseur's screens as a user meets them: lists, forms that keep input, conflicts."""

import uuid

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Phase
from privacy.models import AccessLogEntry
from tests.auth import login
from tests.factories import closing_evaluation, closing_post, make_case


@pytest.fixture
def regisseur_client(client, regisseur):
    login(client, regisseur)
    return client


def valid_registration(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "programme": "",
        "ave_level": "3",
        "summary": "Zorgen over huiselijk geweld en schulden.",
        "casusregisseur": "",
        "persoon-first_name": "Kees",
        "persoon-last_name": "Beekman",
        "persoon-date_of_birth": "1980-04-02",
        "persoon-role_in_case": "hoofdpersoon",
        "persoon-postal_code": "5211ab",
        "persoon-bsn": "",
    }
    from programmes.models import Programme

    data["programme"] = str(Programme.objects.get(code="COM").pk)
    data.update(overrides)
    return data


def test_register_a_case_and_land_on_it(regisseur_client):
    response = regisseur_client.post(reverse("cases:create"), valid_registration(), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.reference])
    assert "Kees Beekman" in response.content.decode()
    assert case.persons.get().postal_code == "5211 AB"


def test_double_submit_of_the_form_makes_one_case(regisseur_client):
    data = valid_registration()
    first = regisseur_client.post(reverse("cases:create"), data)
    second = regisseur_client.post(reverse("cases:create"), data)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("persoon-bsn", "123456789", "elfproef"),
        ("persoon-bsn", "12345", "precies 9 cijfers"),
        ("persoon-date_of_birth", "2999-01-01", "niet in de toekomst"),
        ("persoon-last_name", "", "Vul de achternaam in."),
        ("summary", "x" * 4001, "maximaal 4000"),
        ("persoon-postal_code", "52111", "1234 AB"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(regisseur_client, field, value, message):
    data = valid_registration(**{field: value})
    response = regisseur_client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    assert Case.objects.count() == 0
    html = response.content.decode()
    assert message.lower() in html.lower()
    assert 'value="Kees"' in html  # nothing typed is lost
    assert "Zorgen over huiselijk geweld" in html or field == "summary"


def test_bsn_never_appears_in_a_url_or_the_access_log(regisseur_client):
    response = regisseur_client.post(
        reverse("cases:create"), valid_registration(**{"persoon-bsn": "111222333"}), follow=True
    )
    assert all("111222333" not in url for url, _ in response.redirect_chain)
    regisseur_client.post(reverse("cases:list"), {"q": "111222333"}, follow=True)
    assert not any("111222333" in f"{e.reason}{e.path}" for e in AccessLogEntry.objects.all())


def test_list_shows_only_visible_cases_and_is_logged(client, case, agent, regisseur, other_regisseur):
    hidden = make_case(
        regisseur=other_regisseur,
        persons=[services.PersonData(first_name="Geheim", last_name="Persoon", role_in_case="hoofdpersoon")],
    )
    login(client, agent)
    html = client.get(reverse("cases:list")).content.decode()
    assert case.reference in html and "Jan Aalbers" in html
    assert hidden.reference not in html and "Geheim" not in html
    entry = AccessLogEntry.objects.filter(user=agent, action="list").get()
    assert entry.case_ids == [case.pk] and entry.allowed


def test_list_search_filter_sort_and_paginate(regisseur_client, regisseur):
    for n in range(27):
        make_case(
            regisseur=regisseur,
            ave_level=4 if n == 3 else 2,
            persons=[services.PersonData(first_name=f"Naam{n}", last_name="Lijsttest", role_in_case="hoofdpersoon")],
        )
    url = reverse("cases:list")
    page1 = regisseur_client.get(url).content.decode()
    assert "27 casussen" in page1
    page2 = regisseur_client.get(url, {"pagina": 2}).content.decode()
    assert page2.count("Lijsttest") == 2
    found = regisseur_client.post(url, {"q": "Naam12"}, follow=True).context["cases"]
    assert [c.persons.all()[0].first_name for c in found] == ["Naam12"]
    assert len(regisseur_client.get(url, {"ave": 4}).context["cases"]) == 1
    assert regisseur_client.get(url, {"fase": Phase.TRIAGE}).context["cases"] == []
    by_ave = regisseur_client.get(url, {"sorteer": "-ave_level"}).context["cases"]
    assert by_ave[0].ave_level == 4


def test_search_finds_cases_by_the_names_their_persons_have_now(regisseur_client, regisseur, case):
    """The list searches a copy of the persons' names on the case row first (issue 8); what a
    user finds must still be exactly the cases with a person whose names hold every word."""
    url = reverse("cases:list")

    def found(query):
        found = regisseur_client.post(url, {"q": query, "fase": "alle"}, follow=True)
        return [c.reference for c in found.context["cases"]]

    other = make_case(
        regisseur=regisseur,
        persons=[services.PersonData(first_name="Ingrid", last_name="Visser", role_in_case="hoofdpersoon")],
    )
    assert found("aalbers") == [case.reference]
    assert found("JAN AALBERS") == [case.reference]  # any letter case, words of one person
    assert found("Jan Ingrid") == []  # two persons' words do not make one person
    assert found("ingrid") == [other.reference, case.reference]
    stale = Case.objects.get(pk=case.pk)  # loaded before the persons change

    services.add_person(
        case=case,
        actor=regisseur,
        data=services.PersonData(first_name="Karel", name_prefix="de", last_name="Boer", role_in_case="partner"),
    )
    assert found("karel boer") == [case.reference] and found("de boer") == [case.reference]
    jan = case.persons.get(first_name="Jan")
    services.update_person(
        person=jan,
        actor=regisseur,
        expected_version=jan.version,
        data=services.PersonData(first_name="Johan", last_name="Aalbers", role_in_case="hoofdpersoon"),
    )
    assert found("jan aalbers") == [] and found("johan aalbers") == [case.reference]
    # A later change of the case, made through a copy loaded before the persons changed, keeps the
    # search text the person services wrote (every service locks and reloads the case row).
    services.update_case_details(
        case=stale,
        actor=regisseur,
        expected_version=Case.objects.get(pk=case.pk).version,
        summary="Bijgewerkt.",
        casusregisseur=None,
        municipality=None,
    )
    assert found("karel") == [case.reference] and found("johan") == [case.reference]
    assert found(case.reference.lower()) == [case.reference]  # the reference is searched as before

    # A family whose names do not fit the copy's limit keeps no copy and is found through its persons:
    # a long family, and four persons whose names in Chinese script are under 1,000 characters but
    # take three bytes each (the copy goes into an index entry, at most 2,704 bytes).
    family = [
        services.PersonData(first_name=f"Kind{n:02d}", last_name="Van Langenaamsveldhuizen", role_in_case="kind")
        for n in range(70)
    ]
    large = make_case(regisseur=regisseur, persons=family)
    large.refresh_from_db()
    assert large.person_search_text == ""
    assert found("kind07 langenaamsveldhuizen") == [large.reference] and found("kind99") == []
    wide = make_case(
        regisseur=regisseur,
        persons=[
            services.PersonData(first_name="伟" * 90 + str(n), last_name="王" * 140, role_in_case="gezinslid")
            for n in range(4)
        ],
    )
    wide.refresh_from_db()
    assert wide.person_search_text == ""
    assert found("伟2") == [wide.reference]


def test_list_pages_keep_total_and_order_and_survive_odd_page_numbers(regisseur_client, regisseur):
    """The total comes from the same query as the page's ids (issue 8): every page shows the
    same total, the pages together show each case once in order, and a page number past the
    end, not a number, or absurdly large shows the last or first page instead of an error."""
    made = [make_case(regisseur=regisseur) for _ in range(53)]
    expected = [c.reference for c in sorted(made, key=lambda c: (c.opened_on, c.reference), reverse=True)]
    url = reverse("cases:list")
    seen = []
    for number in (1, 2, 3):
        response = regisseur_client.get(url, {"pagina": number})
        assert response.context["page"].paginator.count == 53
        assert f"pagina {number} van 3" in response.content.decode()
        seen += [c.reference for c in response.context["cases"]]
    assert seen == expected
    for odd in ("4", "99999999999999999999", "-1", "abc", ""):
        response = regisseur_client.get(url, {"pagina": odd})
        assert response.status_code == 200
        number = response.context["page"].number
        assert number == (3 if odd in ("4", "99999999999999999999") else 1)
        assert [c.reference for c in response.context["cases"]] == expected[(number - 1) * 25 : number * 25]
    searched = regisseur_client.post(url, {"q": "bestaat-niet"}, follow=True)
    assert regisseur_client.get(f"{searched.redirect_chain[-1][0]}&pagina=2").context["page"].paginator.count == 0


def test_list_shows_running_cases_and_closed_ones_on_request(regisseur_client, regisseur, case):
    from cases.models import ClosureReason

    closed = make_case(regisseur=regisseur)
    for to_phase in (Phase.TRIAGE, Phase.ANALYSE, Phase.AFGESLOTEN):
        closed.refresh_from_db()
        services.change_phase(
            case=closed,
            actor=regisseur,
            to_phase=to_phase,
            expected_version=closed.version,
            closure_reason=ClosureReason.GOALS_REACHED if to_phase == Phase.AFGESLOTEN else "",
            closure_result="Afgerond." if to_phase == Phase.AFGESLOTEN else "",
            **(closing_evaluation(closed) if to_phase == Phase.AFGESLOTEN else {}),
        )
    url = reverse("cases:list")
    assert [c.reference for c in regisseur_client.get(url).context["cases"]] == [case.reference]
    everything = regisseur_client.get(url, {"fase": "alle"})
    assert {c.reference for c in everything.context["cases"]} == {case.reference, closed.reference}
    assert 'value="alle" selected' in everything.content.decode()
    only_closed = regisseur_client.get(url, {"fase": Phase.AFGESLOTEN}).context["cases"]
    assert [c.reference for c in only_closed] == [closed.reference]


def test_htmx_filter_returns_only_the_table(regisseur_client, case):
    response = regisseur_client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert case.reference in response.content.decode()


def test_detail_shows_persons_partners_and_timeline(regisseur_client, case):
    html = regisseur_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    for text in ["Jan Aalbers", "Ingrid Aalbers", "Politie", "Casus geregistreerd"]:
        assert text in html
    assert "111222333" not in html  # the BSN is masked on the case page


def test_stale_edit_is_refused_and_keeps_the_typed_text(regisseur_client, case, regisseur):
    url = reverse("cases:edit", args=[case.reference])
    stale = case.version
    services.update_case_details(
        case=case,
        actor=regisseur,
        expected_version=stale,
        summary="Door collega gewijzigd",
        casusregisseur=None,
        municipality=None,
    )
    response = regisseur_client.post(url, {"version": stale, "summary": "Mijn nieuwe tekst", "casusregisseur": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in html
    assert "Mijn nieuwe tekst" in html
    case.refresh_from_db()
    assert case.summary == "Door collega gewijzigd"
    # After review, saving again (the form now carries the stored version) succeeds.
    assert f'name="version" value="{case.version}"' in html
    regisseur_client.post(url, {"version": case.version, "summary": "Mijn nieuwe tekst", "casusregisseur": ""})
    case.refresh_from_db()
    assert case.summary == "Mijn nieuwe tekst"


def test_change_ave_level_through_the_form(regisseur_client, case):
    url = reverse("cases:ave", args=[case.reference])
    missing = regisseur_client.post(url, {"version": case.version, "to_level": 4, "reason": ""})
    assert "Vul de reden in." in missing.content.decode()
    regisseur_client.post(url, {"version": case.version, "to_level": 4, "reason": "Dreiging"})
    case.refresh_from_db()
    assert case.ave_level == 4


def test_move_phase_and_close_through_the_form(regisseur_client, case, agent):
    url = reverse("cases:phase", args=[case.reference])
    response = regisseur_client.post(url, {"version": case.version, "to_phase": Phase.AFGESLOTEN})
    assert "Kies een reden van afsluiting" in response.content.decode()
    regisseur_client.post(
        url,
        {
            "version": case.version,
            "to_phase": Phase.AFGESLOTEN,
            "closure_reason": "doelen_bereikt",
            "closure_result": "Stabiel",
            **closing_post(case),
            "bevestigd": "ja",  # the confirmation step (tests/cases/test_confirmations.py)
        },
    )
    case.refresh_from_db()
    assert case.phase == Phase.AFGESLOTEN
    login(regisseur_client, agent)
    assert regisseur_client.get(reverse("cases:detail", args=[case.reference])).status_code == 404


def test_seat_a_partner_through_the_form(regisseur_client, case, ggz):
    from tests.factories import UserFactory

    nurse = UserFactory(username="spv", organisation=ggz)
    url = reverse("cases:participant_add", args=[case.reference])
    wrong = regisseur_client.post(
        url, {"organisation": case.participants.first().organisation_id, "professionals": [nurse.pk]}
    )
    assert "werkt niet bij" in wrong.content.decode()
    regisseur_client.post(url, {"organisation": ggz.pk, "professionals": [nurse.pk], "contribution": "Behandeling"})
    assert case.participants.filter(organisation=ggz, left_on__isnull=True).exists()


def test_partner_adds_a_note(client, case, agent):
    login(client, agent)
    client.post(reverse("cases:note_add", args=[case.reference]), {"text": "Contact gehad met betrokkene."})
    assert case.timeline.filter(author=agent, text="Contact gehad met betrokkene.").exists()


def test_regisseur_records_the_woongemeente_and_the_timeline_says_so(regisseur_client, case):
    from tests.factories import OrganisationFactory

    vught = OrganisationFactory(name="Gemeente Vught", kind="gemeente")
    OrganisationFactory(name="Reclassering Nederland", kind="veiligheid")
    edit_url = reverse("cases:edit", args=[case.reference])
    form_html = regisseur_client.get(edit_url).content.decode()
    assert "Gemeente Vught" in form_html and "Reclassering Nederland</option>" not in form_html.split("Woongemeente")[1]
    response = regisseur_client.post(
        edit_url, {"version": case.version, "summary": case.summary, "casusregisseur": "", "municipality": vught.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.municipality == vught
    assert case.timeline.filter(text__contains="woongemeente: Gemeente Vught").exists()
    assert "Gemeente Vught" in regisseur_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
