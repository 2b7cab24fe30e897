"""Query counts of the pages the benchmark measures (bench/, issue 8), locked: a page costs the
same number of queries whether it shows N rows or 3N, so it stays fast at 100,000 cases and
millions of log entries. Each test renders the page, triples what it shows, renders it again and
requires the same, known count (session, user, second factor, access log and page queries all
included, as in production; the session row itself is written at most once a minute, by
zvh.middleware.IdleSessionMiddleware, so not within a test)."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import BottleneckCategory, DocumentCategory, LifeDomain
from privacy.models import AccessAction, AccessLogEntry
from privacy.services import log_access
from tests.auth import login
from tests.factories import OrganisationFactory, UserFactory, make_case, make_escalation

# The locked counts. Lower is welcome (update the number); higher needs a reason in the commit.
# Every page with the menu: +1 (issue 16, prefs) for the unread-message count in the header (at most 100
# ids read on the (recipient, read_at) index, never a COUNT).
CASE_LIST = 11  # the page's ids with the total in one query, then its 25 rows with their relations (issue 8)
# +1 (issue 18, work list): the user's saved searches (the links) and the asked ?filter= row, one query; the
# deadline, meeting and activity columns are subqueries in the rows' own query
CASE_DETAIL = 32  # +4 (issue 15): restricted-note grant check and prefetch, the note form's organisations;
# +2 (issue 15): the case's bottlenecks (with category and author) and the bottleneck form's categories
# +2 (issue 15, lifecycle): programme history and linked cases (+1 grant check only when links exist)
# +1 (issue 15): the regisseur's deputy today, named beside the regisseur
# +4 (issue 17): the documents with category and organisation, their organisations (restricted), their clean
# versions, and the grant check for restricted documents
TRIAGE_QUEUE = 15  # the queue loads only what an item shows (issue 8)
# +1 (issue 16): the escalations waiting for the referrer's answer; +1: the triage table's advice
# count per escalation on the page (one grouped query); +1: the header's unread-message count
# +4 (issue 15): agreements per partner (agreements, seated organisations) and may_agree_plan (grant, seat);
# +1 (issue 17): the annexes of the plan version shown.
PLAN = 22
ACCESS_LOG_SEARCH = 8
ESCALATION_SUBMIT = 30  # +3 (issue 16): the referrer's confirmation (savepoint, insert, release)
# +1 (issue 16, prefs): the referrer's delivery preference for that confirmation (the triage team's
# preferences come with the existing-keys query of enqueue_many, so that stays fixed)
# +1 (issue 16): the triage table's members, who hear of it too (+2 more when there are any, however many)
DASHBOARD = 22  # +1 (issue 15): the radar's bottlenecks registered in cases, per category (one GROUP BY)
# The start page per role (issue 18): every list one query for its counts and one for the few items it shows,
# plus one access-log insert when it names cases.
HOME_REGISSEUR = 18  # six lists (triage, actions, meetings, evaluations, reminders, cases without a plan)
HOME_PARTNER = 14  # four lists (own organisation's actions, agreements, meetings, own escalations)
HOME_PRIVACY_OFFICER = 15  # break-glass and requests (2 each); retention due today and in 4 weeks (2 x 4)
HOME_MANAGER = 9  # the dashboard's intake table: programmes, prognoses, cases and escalations grouped


def count_queries(client, url, *, method="get", data=None, expect=200) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == expect, (url, response.status_code)
    return len(queries)


def person(n, **extra):
    return services.PersonData(first_name=f"Voornaam{n}", last_name=f"Achternaam{n}", role_in_case="hoofdpersoon",
                               **extra)  # fmt: skip


@pytest.mark.django_db
def test_case_list_counts_the_same_for_n_and_3n_cases(client, regisseur):
    def add_cases(n):
        for k in range(n):
            make_case(regisseur=regisseur, persons=[person(k), person(k + 100)])

    def search_url(**criteria):  # the form posts; the search then has a link of its own (?filter=<key>)
        return client.post(url, criteria, follow=True).redirect_chain[-1][0]

    add_cases(2)
    login(client, regisseur)
    url = reverse("cases:list")
    searched = search_url(q="Achternaam", fase="aanmelding")
    few = count_queries(client, url), count_queries(client, searched)
    add_cases(4)
    assert (count_queries(client, url), count_queries(client, searched)) == few
    assert few == (CASE_LIST, CASE_LIST)
    # A page past the end (shows the last page), a search without results, sorting on a computed
    # column and a user with named filters cost no more either.
    assert count_queries(client, f"{url}?pagina=9") == CASE_LIST
    assert count_queries(client, search_url(q="Niemand")) <= CASE_LIST
    for sort in ("next_deadline", "-last_activity", "next_meeting"):
        assert count_queries(client, f"{url}?sorteer={sort}") == CASE_LIST
    client.post(url, {"naam": "Mijn AVE 3", "ave": "3", "opslaan": "1"})
    client.post(url, {"naam": "Mijn COM", "programma": "COM", "opslaan": "1"})
    assert count_queries(client, url) == CASE_LIST


@pytest.mark.django_db
def test_case_detail_counts_the_same_for_n_and_3n_persons_partners_and_notes(client, case, regisseur):
    def grow(n, offset):
        for k in range(n):
            services.add_person(case=case, actor=regisseur, data=person(offset + k))
            services.add_note(case=case, author=regisseur, text=f"Notitie {offset + k}")
            organisation = OrganisationFactory(name=f"Zorgpartner {offset + k}")
            professional = UserFactory(username=f"prof{offset + k}", organisation=organisation)
            services.seat_partner(case=case, actor=regisseur, organisation=organisation, professionals=[professional])
            services.register_bottleneck(case=case, actor=professional, category=categories[k % len(categories)],
                                         description=f"Wachtlijst {offset + k}")  # fmt: skip
            services.add_document(case=case, actor=professional, title=f"Verslag {offset + k}", category=category,
                                  upload=ContentFile(b"Verslag van het gesprek.", name="verslag.txt"),
                                  restricted=bool(k % 2), restricted_to=[organisation])  # fmt: skip

    categories = list(BottleneckCategory.objects.all())
    category = DocumentCategory.objects.first()
    grow(1, 0)
    login(client, regisseur)
    url = reverse("cases:detail", args=[case.reference])
    few = count_queries(client, url)
    grow(2, 10)
    assert count_queries(client, url) == few == CASE_DETAIL


@pytest.mark.django_db
def test_triage_queue_counts_the_same_for_n_and_3n_escalations_with_duplicates(client, regisseur, agent):
    def add(n, offset):
        for k in range(n):
            born = timezone.localdate() - timedelta(days=12000 + offset + k)
            make_escalation(submitted_by=agent, persons=[person(offset + k, date_of_birth=born),
                                                         person(offset + k + 50, bsn="123456782")])  # fmt: skip

    add(2, 0)
    login(client, regisseur)
    url = reverse("escalations:triage")
    few = count_queries(client, url)
    add(4, 10)
    response = client.get(url)
    assert len(response.context["queue"]) == 6
    assert all(e.duplicates for e in response.context["queue"])  # the shared BSN: every one is flagged
    assert count_queries(client, url) == few == TRIAGE_QUEUE


@pytest.mark.django_db
def test_plan_page_counts_the_same_for_n_and_3n_actions_of_as_many_partners(client, case, regisseur, agent):
    plan = services.start_plan(case=case, actor=regisseur)
    domain = LifeDomain.objects.order_by("sort_order").first()
    goal = services.add_goal(plan=plan, actor=regisseur, domain=domain, description="Veilig wonen")

    def grow(n, offset):
        for k in range(n):
            organisation = OrganisationFactory(name=f"Actiehouder {offset + k}")
            professional = UserFactory(username=f"uitvoerder{offset + k}", organisation=organisation)
            services.seat_partner(case=case, actor=regisseur, organisation=organisation, professionals=[professional])
            deadline = timezone.localdate() + timedelta(days=7)
            services.add_action(plan=plan, actor=regisseur, description=f"Actie {offset + k}", goal=goal,
                                owner_organisation=organisation, deadline=deadline)  # fmt: skip

    grow(1, 0)
    url = reverse("cases:plan", args=[case.reference])
    for user in (agent, regisseur):  # a partner (may update own actions only) and the regisseur
        login(client, user)
        few = count_queries(client, url)
        if user == agent:
            grow(2, 10)
        assert count_queries(client, url) == few
    login(client, agent)
    assert count_queries(client, url) == PLAN


@pytest.mark.django_db
def test_access_log_search_counts_the_same_for_n_and_3n_entries(client, privacy_officer, case, agent):
    def add(n):
        for k in range(n):
            log_access(user=agent, action=AccessAction.VIEW, allowed=k % 2 == 0, case=case, person_ids=[1, 2])

    add(10)
    login(client, privacy_officer)
    url = reverse("privacy:access_log")
    searches = ["", f"?casus={case.reference.lower()}", "?gebruiker=AGENT", "?resultaat=geweigerd&handeling=view"]
    few = [count_queries(client, url + q) for q in searches]
    add(20)
    assert [count_queries(client, url + q) for q in searches] == few == [ACCESS_LOG_SEARCH] * 4


@pytest.mark.django_db
def test_access_log_counts_beyond_the_cap_as_more_than(client, privacy_officer, agent):
    from privacy.access_log.views import CappedPaginator

    CappedPaginator.COUNT_CAP, cap = 5, CappedPaginator.COUNT_CAP
    try:
        for user in (agent, agent, agent, privacy_officer, privacy_officer, privacy_officer, privacy_officer):
            log_access(user=user, action=AccessAction.VIEW, allowed=True)
        login(client, privacy_officer)
        html = client.get(reverse("privacy:access_log")).content.decode()
        assert "Meer dan 5 logregels" in html and "pagina 1 van 1" not in html  # 5 of a page of 50
        html = client.get(reverse("privacy:access_log") + "?gebruiker=agent").content.decode()
        assert "3 logregels" in html and "Meer dan" not in html
        CappedPaginator.COUNT_CAP = 2
        with_pages = CappedPaginator(AccessLogEntry.objects.all(), 1)
        assert (with_pages.count, with_pages.num_pages, with_pages.is_capped) == (2, 2, True)  # never a page 3
    finally:
        CappedPaginator.COUNT_CAP = cap


@pytest.mark.django_db
def test_escalation_submit_counts_the_same_for_n_and_3n_triage_team_and_escalations(client, agent):
    from tests.cases.test_escalation_views import escalation_post

    def grow(n, offset):
        for k in range(n):
            UserFactory(username=f"triage{offset + k}", regisseur=True)
            make_escalation(submitted_by=agent)

    grow(2, 0)
    login(client, agent)
    url = reverse("escalations:create")
    few = count_queries(client, url, method="post", data=escalation_post(), expect=302)
    grow(4, 10)
    assert count_queries(client, url, method="post", data=escalation_post(), expect=302) == few == ESCALATION_SUBMIT


@pytest.mark.django_db
def test_dashboard_counts_the_same_for_n_and_3n_cases(client, manager, regisseur):
    def add(n):
        for k in range(n):
            make_case(regisseur=regisseur, persons=[person(k)], programme_code=["COM", "MDA++", "LLA"][k % 3])

    add(2)
    login(client, manager)
    url = reverse("dashboard:dashboard")
    few = count_queries(client, url)
    add(4)
    assert count_queries(client, url) == few == DASHBOARD


@pytest.mark.django_db
def test_dashboard_figures_are_kept_per_selection_when_configured(client, manager, regisseur, settings):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 300  # production's default; development and tests compute every time
    cache.clear()
    try:
        make_case(regisseur=regisseur, persons=[person(1)])
        login(client, manager)
        url = reverse("dashboard:dashboard")
        computed = count_queries(client, url)
        kept = count_queries(client, url)
        assert kept <= computed - 10  # the figures' aggregate queries are not run again
        assert "Cijfers berekend om" in client.get(url).content.decode()
        year = timezone.localdate().year
        assert count_queries(client, f"{url}?jaar={year}&kwartaal=1") >= computed - 2  # another selection: computed
    finally:
        cache.clear()


@pytest.mark.django_db
def test_dashboard_is_computed_when_the_figure_cache_is_down(client, manager, settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    login(client, manager)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200 and "Cijfers berekend om" not in response.content.decode()


def _grow_start_page_data(n, *, regisseur, agent, politie, privacy_officer, other_regisseur):
    """`n` of everything the start pages list: running cases with an overdue action, a meeting this
    week, an evaluation due, a concept awaiting agreement, a reminder; old cases without a plan;
    escalations; break-glass accesses; subject requests; closed cases whose retention term ends."""
    from datetime import date

    from cases.models import Case, ProcessPlan
    from cases.reminders import generate_reminders
    from privacy.break_glass.services import start_break_glass
    from privacy.retention.services import add_months
    from privacy.subject_access.services import SubjectRequestData, register_subject_request
    from tests.factories import closing_evaluation

    today = timezone.localdate()
    domain = LifeDomain.objects.first()
    for k in range(n):
        case = make_case(regisseur=regisseur, persons=[person(k)])
        services.seat_partner(case=case, actor=regisseur, organisation=politie, professionals=[agent])
        plan = services.start_plan(case=case, actor=regisseur)
        services.add_goal(plan=plan, actor=regisseur, domain=domain, description="Doel")
        services.add_action(plan=plan, actor=regisseur, description=f"Actie {k}", owner_organisation=politie,
                            deadline=today - timedelta(days=1))  # fmt: skip
        plan.refresh_from_db()
        services.request_agreement(plan=plan, actor=regisseur, expected_version=plan.version)
        ProcessPlan.objects.filter(pk=plan.pk).update(next_review_on=today)
        services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(minutes=5),
                                  is_online=True)  # fmt: skip
        old = make_case(regisseur=regisseur, persons=[person(k + 50)])
        Case.objects.filter(pk=old.pk).update(opened_on=date(today.year, 1, 1) - timedelta(days=60))
        make_escalation(submitted_by=agent, urgency="acuut" if k % 2 else "normaal")
        start_break_glass(user=other_regisseur, case=case, reason="Spoed: melding van de politie vannacht.")
        register_subject_request(actor=privacy_officer, data=SubjectRequestData(
            kind="inzage", received_on=today, subject_name=f"Betrokkene {k}", submission_key=uuid.uuid4()))  # fmt: skip
        closing = make_case(regisseur=regisseur, persons=[person(k + 100)])
        closing.refresh_from_db()
        services.change_phase(case=closing, actor=regisseur, to_phase="afgesloten", expected_version=closing.version,
                              closure_reason="doelen_bereikt", closure_result="Afgerond.",
                              **closing_evaluation(closing))  # fmt: skip
        Case.objects.filter(pk=closing.pk).update(closed_on=add_months(today, -24) + timedelta(days=k % 20))
    generate_reminders(today)


@pytest.mark.django_db
def test_start_pages_count_the_same_for_n_and_3n_items(client, regisseur, agent, politie, privacy_officer,
                                                        other_regisseur, manager):  # fmt: skip
    from privacy.models import RetentionCategory, RetentionPolicy

    RetentionPolicy.objects.create(category=RetentionCategory.CLOSED_CASE, term_months=24)
    people = dict(regisseur=regisseur, agent=agent, politie=politie, privacy_officer=privacy_officer,
                  other_regisseur=other_regisseur)  # fmt: skip
    url = reverse("home")
    users = [regisseur, agent, privacy_officer, manager]

    def counts():
        measured = []
        for user in users:
            login(client, user)
            measured.append(count_queries(client, url))
        return measured

    _grow_start_page_data(2, **people)
    few = counts()
    _grow_start_page_data(5, **people)  # 7 of each: more than the 5 a list shows
    assert counts() == few
    assert few == [HOME_REGISSEUR, HOME_PARTNER, HOME_PRIVACY_OFFICER, HOME_MANAGER]
