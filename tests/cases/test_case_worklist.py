"""The case list as a work list (issue 18): the search term never sits in a URL (ASVS 8.3.1), saved
searches belong to one user, the headers sort server-side with aria-sort, and the rows show the next
deadline, the next meeting and the last activity."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import LAST_SEARCH, ActionStatus, SavedCaseFilter
from cases.services.saved_filters import LAST_SEARCH_HOURS, forget_old_searches
from privacy.models import AccessLogEntry
from tests.auth import login
from tests.factories import make_case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LIST = "/casussen/"


def person(first, last):
    return services.PersonData(first_name=first, last_name=last, role_in_case="hoofdpersoon")


def search(client, **criteria):
    """Submit the search form as a browser does; the response after its redirects."""
    return client.post(reverse("cases:list"), criteria, follow=True)


def test_a_search_term_never_reaches_a_url_and_paging_keeps_the_search(client, regisseur):
    for n in range(27):
        make_case(regisseur=regisseur, persons=[person(f"Kind{n}", "Verhoeven")])
    make_case(regisseur=regisseur, persons=[person("Piet", "Anders")])
    login(client, regisseur)

    response = search(client, q="Verhoeven", ave="3")
    urls = [url for url, _ in response.redirect_chain]
    assert urls and all("Verhoeven" not in url for url in urls)
    assert re.fullmatch(r"/casussen/\?filter=[\w-]{16}", urls[-1])
    assert response.context["page"].paginator.count == 27
    html = response.content.decode()
    assert "gevonden voor ‘Verhoeven’" in html
    # Every link on the page (paging, sorting) carries the filter's key, never the term.
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if "Verhoeven" in h or "q=" in h]
    key = urls[-1].split("=")[1]
    assert f"?filter={key}&amp;sorteer=-opened_on&amp;pagina=2" in html
    second = client.get(f"{urls[-1]}&sorteer=-opened_on&pagina=2")
    assert second.context["page"].number == 2 and len(second.context["cases"]) == 2
    stored = SavedCaseFilter.objects.get(user=regisseur)
    assert stored.name == LAST_SEARCH and stored.criteria["query"] == "Verhoeven"
    assert stored.criteria["ave_level"] == 3

    # The next search overwrites the one last search; the link stays the same.
    again = search(client, q="Anders")
    assert again.redirect_chain[-1][0] == urls[-1]
    assert [c.persons.all()[0].first_name for c in again.context["cases"]] == ["Piet"]
    assert SavedCaseFilter.objects.filter(user=regisseur).count() == 1
    # The access log keeps what was searched for the privacy officer, its path no term.
    entry = AccessLogEntry.objects.filter(user=regisseur, action="search").latest("pk")
    assert entry.reason == "zoekterm: Anders" and "Anders" not in entry.path


def test_an_old_link_with_q_is_converted_and_filters_without_personal_data_stay_get(client, regisseur):
    make_case(regisseur=regisseur, persons=[person("Jan", "Aalbers")])
    login(client, regisseur)
    response = client.get(LIST, {"q": "Aalbers", "fase": "alle"})
    assert response.status_code == 302
    assert "Aalbers" not in response["Location"] and "filter=" in response["Location"]
    assert client.get(response["Location"]).context["filters"]["phase"] == "alle"
    # A search without a term lands on plain GET filters (other pages link to those).
    plain = client.post(LIST, {"q": " ", "programma": "COM", "sorteer": "-ave_level"})
    assert plain["Location"] == "/casussen/?programma=COM&sorteer=-ave_level"
    assert client.get(plain["Location"]).status_code == 200
    assert SavedCaseFilter.objects.get().criteria["query"] == "Aalbers"  # only the converted search is stored


def test_another_users_filter_is_not_found_and_the_refusal_is_logged(client, regisseur, other_regisseur):
    make_case(regisseur=regisseur, persons=[person("Jan", "Aalbers")])
    login(client, regisseur)
    link = search(client, q="Aalbers").redirect_chain[-1][0]
    named = client.post(LIST, {"naam": "Mijn AVE 3", "ave": "3", "opslaan": "1"}, follow=True)
    named_link = named.redirect_chain[-1][0]

    login(client, other_regisseur)
    for url in (link, named_link, f"{LIST}?filter=verzonnen-sleutel"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Aalbers" not in response.content.decode()
    refusals = AccessLogEntry.objects.filter(user=other_regisseur, allowed=False, object_type="zoekopdracht")
    assert refusals.count() == 3
    delete = reverse("cases:saved_filter_delete", args=[SavedCaseFilter.objects.get(name="Mijn AVE 3").key])
    assert client.post(delete).status_code == 404
    assert SavedCaseFilter.objects.filter(name="Mijn AVE 3").exists()


def test_a_named_filter_keeps_filters_and_sort_not_the_term_and_is_saved_once(client, regisseur):
    make_case(regisseur=regisseur, ave_level=4, persons=[person("Jan", "Aalbers")])
    make_case(regisseur=regisseur, ave_level=2, persons=[person("Els", "Bos")])
    login(client, regisseur)
    data = {"q": "Aalbers", "ave": "4", "sorteer": "next_deadline", "naam": "  Mijn   AVE 4 ", "opslaan": "1"}
    first = client.post(LIST, data, follow=True)
    client.post(LIST, data)  # a double submit
    saved = SavedCaseFilter.objects.get(user=regisseur)
    assert saved.name == "Mijn AVE 4"
    assert saved.criteria == {"query": "", "programme": "", "phase": "", "ave_level": 4, "sort": "next_deadline"}
    html = first.content.decode()
    assert "Zoekopdracht ‘Mijn AVE 4’ is opgeslagen. De zoekterm bewaren we niet" in html
    assert f'href="/casussen/?filter={saved.key}" aria-current="page">Mijn AVE 4</a>' in html
    assert [c.ave_level for c in first.context["cases"]] == [4]

    # Without a name: the message beside the field, everything typed still there, the address unchanged.
    refused = client.post(LIST, {**data, "naam": ""})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Geef de zoekopdracht een naam" in page and 'aria-invalid="true"' in page
    assert 'value="Aalbers"' in page and 'value="4" selected' in page
    assert SavedCaseFilter.objects.filter(user=regisseur).exclude(name=LAST_SEARCH).count() == 1

    deleted = client.post(reverse("cases:saved_filter_delete", args=[saved.key]), follow=True)
    assert "Zoekopdracht ‘Mijn AVE 4’ is verwijderd." in deleted.content.decode()
    assert not SavedCaseFilter.objects.filter(name="Mijn AVE 4").exists()


def test_the_last_search_is_forgotten_at_logout_and_after_a_working_day(client, regisseur, other_regisseur):
    login(client, regisseur)
    search(client, q="Aalbers")
    client.post(LIST, {"naam": "Mijn COM", "programma": "COM", "opslaan": "1"})
    client.post(reverse("logout"))
    assert list(SavedCaseFilter.objects.values_list("name", flat=True)) == ["Mijn COM"]

    login(client, other_regisseur)
    search(client, q="Bos")
    assert forget_old_searches(now=timezone.now() + timedelta(hours=LAST_SEARCH_HOURS - 1)) == 0
    assert forget_old_searches(now=timezone.now() + timedelta(hours=LAST_SEARCH_HOURS + 1)) == 1
    assert list(SavedCaseFilter.objects.values_list("name", flat=True)) == ["Mijn COM"]


def _worklist_cases(regisseur, politie):
    """Three cases: one with an overdue and a later action, one with only a meeting, one with nothing."""
    busy = make_case(regisseur=regisseur, persons=[person("Jan", "Aalbers")])
    services.seat_partner(case=busy, actor=regisseur, organisation=politie, professionals=[])
    plan = services.start_plan(case=busy, actor=regisseur)
    late = services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", owner_organisation=politie,
                               deadline=TODAY - timedelta(days=3))  # fmt: skip
    services.add_action(plan=plan, actor=regisseur, description="Gesprek", owner_organisation=politie,
                        deadline=TODAY + timedelta(days=10))  # fmt: skip
    services.add_action(plan=plan, actor=regisseur, description="Al gedaan", owner_organisation=politie,
                        deadline=TODAY - timedelta(days=30))  # fmt: skip
    services.update_action_status(
        action=plan.actions.get(description="Al gedaan"), actor=regisseur, status=ActionStatus.DONE
    )
    meeting_case = make_case(regisseur=regisseur, persons=[person("Els", "Bos")])
    soon = timezone.now() + timedelta(days=2)
    services.schedule_meeting(case=meeting_case, actor=regisseur, starts_at=soon + timedelta(days=5), is_online=True)
    services.schedule_meeting(case=meeting_case, actor=regisseur, starts_at=soon, is_online=True)
    quiet = make_case(regisseur=regisseur, persons=[person("Piet", "Stil")])
    return busy, meeting_case, quiet, late, soon


def test_rows_show_next_deadline_next_meeting_and_last_activity(client, regisseur, politie):
    busy, meeting_case, quiet, late, soon = _worklist_cases(regisseur, politie)
    login(client, regisseur)
    response = client.get(LIST)
    rows = {c.reference: c for c in response.context["cases"]}
    assert rows[busy.reference].next_deadline == late.deadline  # the done action, earlier still, does not count
    assert rows[meeting_case.reference].next_meeting == soon
    assert rows[quiet.reference].next_deadline is None and rows[quiet.reference].next_meeting is None
    assert rows[quiet.reference].last_activity is not None  # registering it is its first activity
    html = response.content.decode()
    assert "verlopen" in html and "Geen open actie" in html and "Geen gepland" in html


def test_headers_sort_server_side_with_aria_sort_and_stable_order(client, regisseur, politie):
    busy, meeting_case, quiet, _, _ = _worklist_cases(regisseur, politie)
    login(client, regisseur)

    def order(sort):
        return [c.reference for c in client.get(LIST, {"sorteer": sort}).context["cases"]]

    # Cases without a value last in both directions; the reference breaks ties.
    assert order("next_deadline")[0] == busy.reference
    assert order("next_meeting")[:1] == [meeting_case.reference]
    assert order("-next_meeting")[0] == meeting_case.reference
    assert order("-last_activity")[0] == quiet.reference
    assert order("reference") == sorted([busy.reference, meeting_case.reference, quiet.reference])
    assert order("-reference") == order("reference")[::-1]
    assert order("'; DROP TABLE cases_case; --") == order("-opened_on")  # not whitelisted: the default

    html = client.get(LIST, {"sorteer": "next_deadline"}).content.decode()
    sorted_headers = re.findall(r'<th [^>]*aria-sort="(\w+)"[^>]*>(.*?)</th>', html)
    assert len(sorted_headers) == 1 and sorted_headers[0][0] == "ascending"
    assert "Eerstvolgende deadline" in sorted_headers[0][1]
    assert (
        'href="?sorteer=-next_deadline">Eerstvolgende deadline<span class="visually-hidden">, sorteer aflopend' in html
    )
    assert 'href="?sorteer=-ave_level">AVE' in html  # a first click on AVE: highest first
    # Sorting keeps the filters without personal data in the links.
    filtered = client.get(LIST, {"programma": "COM", "sorteer": "-next_deadline"}).content.decode()
    assert 'aria-sort="descending"' in filtered and 'href="?programma=COM&amp;sorteer=next_deadline"' in filtered


def test_the_own_name_column_only_for_someone_elses_cases(client, case, regisseur, agent):
    login(client, regisseur)
    own = client.get(LIST).content.decode()
    assert ">Procesregisseur</th>" not in own
    login(client, agent)
    seated = client.get(LIST).content.decode()
    assert ">Procesregisseur</th>" in seated and (regisseur.get_full_name() or regisseur.username) in seated


def test_mijn_werkvoorraad_is_a_plain_link_to_running_cases_by_next_deadline(client, regisseur, politie):
    busy, *_ = _worklist_cases(regisseur, politie)
    login(client, regisseur)
    html = client.get(LIST).content.decode()
    assert 'href="/casussen/?sorteer=next_deadline">Mijn werkvoorraad</a>' in html
    worklist = client.get(LIST, {"sorteer": "next_deadline"})
    assert 'aria-current="page">Mijn werkvoorraad' in worklist.content.decode()
    assert worklist.context["cases"][0].reference == busy.reference
