"""Break-glass: a procesregisseur or the privacy officer opens a case outside their own with a
reason; read-only, limited in time, every page logged and flagged, reviewed by the privacy officer."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from privacy import policy
from privacy.break_glass import services as break_glass
from privacy.models import AccessLogEntry, BreakGlassAccess
from tests.auth import login
from tests.factories import UserFactory, make_case
from zvh.errors import ServiceError

START_URL = reverse("privacy:break_glass_start")
LIST_URL = reverse("privacy:break_glass_list")
REASON = "Melding van acute dreiging door de politie; overleg vannacht nodig."


def detail(case):
    return reverse("cases:detail", args=[case.reference])


def start(client, case, reason=REASON):
    return client.post(START_URL, {"case_reference": case.reference, "reason": reason})


def expire(access):
    """Simulate the end of the term: `expires_at` moves to now, which is in the past at the next check
    (and still after the pages read under it, which the overview keeps counting)."""
    BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now())


@pytest.fixture
def outsider(client, other_regisseur):
    """A procesregisseur without a role in `case`, logged in."""
    return login(client, other_regisseur)


def test_regisseur_breaks_glass_with_a_reason_and_reads_the_case(outsider, case, other_regisseur):
    assert outsider.get(detail(case)).status_code == 404

    response = start(outsider, case)
    assert response.status_code == 302 and response.url == detail(case)
    access = BreakGlassAccess.objects.get(user=other_regisseur)
    assert access.case == case and access.case_reference == case.reference and access.reason == REASON
    assert timedelta(minutes=59) < access.expires_at - access.started_at <= timedelta(minutes=60)
    started = AccessLogEntry.objects.get(user=other_regisseur, object_type="doorbraak")
    assert started.action == "view" and started.allowed and started.is_break_glass
    assert started.reason == REASON and started.case_id == case.pk

    page = outsider.get(detail(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jan Aalbers" in html  # the point of break-glass: the content is shown (and logged)
    assert page.context["case"].active_break_glass == access  # for templates/cases/_break_glass_notice.html
    assert page.context["can_change"] is False and page.context["can_contribute"] is False
    read = AccessLogEntry.objects.filter(user=other_regisseur, object_type="casus", allowed=True).get()
    assert read.is_break_glass and read.case_id == case.pk and read.reason == f"doorbraak #{access.pk}"
    assert sorted(read.person_ids) == sorted(case.persons.values_list("pk", flat=True))


def test_the_notice_partial_renders_for_break_glass_only(case, other_regisseur):
    from django.template.loader import render_to_string

    access = break_glass.start_break_glass(user=other_regisseur, case=case, reason=REASON)
    case.active_break_glass = access
    html = render_to_string("cases/_break_glass_notice.html", {"case": case})
    assert "via doorbraaktoegang tot" in html and "alleen-lezen; alles wordt gelogd" in html
    assert reverse("privacy:break_glass_end", args=[access.pk]) in html
    case.active_break_glass = None
    assert render_to_string("cases/_break_glass_notice.html", {"case": case}).strip() == ""


@pytest.mark.parametrize("reason", ["", "   ", "even kijken"])
def test_a_reason_is_required(outsider, case, other_regisseur, reason):
    response = start(outsider, case, reason)
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Geef een reden van ten minste 15 tekens: waarom moet u deze casus nu inzien?"
    ]
    assert not BreakGlassAccess.objects.exists()
    refusal = AccessLogEntry.objects.get(user=other_regisseur)
    assert not refusal.allowed and refusal.is_break_glass and refusal.reason == "doorbraak geweigerd: geen reden"
    assert outsider.get(detail(case)).status_code == 404


def test_break_glass_is_read_only(outsider, case, other_regisseur):
    start(outsider, case)
    person = case.persons.first()
    participant = case.participants.first()
    for url in (
        reverse("cases:edit", args=[case.reference]),
        reverse("cases:phase", args=[case.reference]),
        reverse("cases:ave", args=[case.reference]),
        reverse("cases:person_add", args=[case.reference]),
        reverse("cases:person_edit", args=[case.reference, person.pk]),
        reverse("cases:participant_add", args=[case.reference]),
    ):
        assert outsider.get(url).status_code == 403, url
    assert outsider.post(reverse("cases:note_add", args=[case.reference]), {"text": "Mijn notitie"}).status_code == 403
    leave = reverse("cases:participant_leave", args=[case.reference, participant.pk])
    assert outsider.post(leave).status_code == 403
    refused = AccessLogEntry.objects.filter(user=other_regisseur, allowed=False)
    assert refused.count() == 8 and all(e.is_break_glass for e in refused)
    assert "alleen-lezen" in refused.first().reason
    assert policy.permissions_on(other_regisseur, case) == {policy.VIEW}
    assert policy.may_view_case(other_regisseur, case)
    assert not policy.may_change_case(other_regisseur, case) and not policy.may_contribute(other_regisseur, case)
    with pytest.raises(PermissionDenied):
        services.add_note(case=case, author=other_regisseur, text="Via de service")
    assert "Mijn notitie" not in outsider.get(detail(case)).content.decode()


def test_access_ends_at_expiry(outsider, case, other_regisseur):
    start(outsider, case)
    access = BreakGlassAccess.objects.get(user=other_regisseur)
    assert outsider.get(detail(case)).status_code == 200
    expire(access)
    assert outsider.get(detail(case)).status_code == 404
    assert not policy.may_view_case(other_regisseur, case)
    last = AccessLogEntry.objects.filter(user=other_regisseur).order_by("-pk").first()
    assert not last.allowed and not last.is_break_glass and last.reason == "geen rol in deze casus"


def test_duration_comes_from_the_setting(settings, case, other_regisseur):
    settings.BREAK_GLASS_MINUTES = 15
    access = break_glass.start_break_glass(user=other_regisseur, case=case, reason=REASON)
    assert access.expires_at - access.started_at == timedelta(minutes=15)


def test_the_owner_can_end_it_early(outsider, case, other_regisseur):
    start(outsider, case)
    access = BreakGlassAccess.objects.get(user=other_regisseur)
    response = outsider.post(reverse("privacy:break_glass_end", args=[access.pk]), {"bevestigd": "ja"})
    assert response.status_code == 302 and response.url == START_URL
    assert outsider.get(detail(case)).status_code == 404


def test_the_start_page_lists_running_break_glass(outsider, case):
    start(outsider, case)
    response = outsider.get(START_URL)
    assert response.status_code == 200
    assert [a.case_reference for a in response.context["running"]] == [case.reference]


def test_the_form_is_prefilled_from_the_query(outsider):
    response = outsider.get(START_URL, {"casus": "ZVH-2026-0042"})
    assert response.context["form"]["case_reference"].value() == "ZVH-2026-0042"


def test_the_privacy_officer_may_break_glass_too(client, case, privacy_officer):
    login(client, privacy_officer)
    assert client.get(detail(case)).status_code == 404
    assert start(client, case).status_code == 302
    page = client.get(detail(case))
    assert page.status_code == 200 and "Jan Aalbers" in page.content.decode()
    assert AccessLogEntry.objects.filter(user=privacy_officer, object_type="casus", is_break_glass=True).exists()


@pytest.mark.parametrize("who", ["agent", "colleague", "manager", "functional_admin"])
def test_other_roles_may_not_break_glass(client, case, request, who):
    user = request.getfixturevalue(who)
    login(client, user)
    assert client.get(START_URL).status_code == 403
    assert start(client, case).status_code == 403
    assert not BreakGlassAccess.objects.exists()
    refusals = AccessLogEntry.objects.filter(user=user, object_type="doorbraak")
    assert refusals.count() == 2 and not any(e.allowed for e in refusals)
    with pytest.raises(ServiceError, match="Alleen een procesregisseur"):
        break_glass.start_break_glass(user=user, case=case, reason=REASON)
    assert not policy.may_break_glass(user)


def test_a_stored_break_glass_gives_nothing_to_a_role_that_may_not_break_glass(client, case, colleague):
    """Even a row written by hand (or left over after a role change) opens nothing."""
    BreakGlassAccess.objects.create(
        user=colleague,
        case=case,
        case_reference=case.reference,
        reason=REASON,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    login(client, colleague)
    assert client.get(detail(case)).status_code == 404
    assert not policy.may_view_case(colleague, case)


def test_nothing_to_break_for_someone_with_access(client, case, regisseur, agent):
    for user in (regisseur, agent):
        login(client, user)
        response = start(client, case)
        if user == agent:
            assert response.status_code == 403  # partner professionals never break glass
            continue
        assert response.status_code == 200
        assert response.context["form"].errors["case_reference"] == [
            "U heeft al toegang tot deze casus; doorbraak is niet nodig."
        ]
    assert not BreakGlassAccess.objects.exists()


def test_a_running_break_glass_is_not_started_twice(outsider, case, other_regisseur):
    start(outsider, case)
    response = start(outsider, case)
    assert response.status_code == 200
    assert "U heeft al doorbraaktoegang tot deze casus tot" in response.context["form"].errors["case_reference"][0]
    assert BreakGlassAccess.objects.filter(user=other_regisseur).count() == 1


def test_unknown_case_reference(outsider, other_regisseur):
    response = outsider.post(START_URL, {"case_reference": "ZVH-1999-9999", "reason": REASON})
    assert response.status_code == 200
    assert response.context["form"].errors["case_reference"] == ["Er is geen casus met dit kenmerk."]
    refusal = AccessLogEntry.objects.get(user=other_regisseur)
    assert not refusal.allowed and refusal.is_break_glass and refusal.object_reference == "ZVH-1999-9999"


def test_bsn_in_a_reason_never_reaches_the_log(case, other_regisseur):
    access = break_glass.start_break_glass(
        user=other_regisseur, case=case, reason="Politie belde over BSN 111222333, acute situatie."
    )
    assert "111222333" not in access.reason
    assert not any("111222333" in e.reason for e in AccessLogEntry.objects.all())


def test_break_glass_cases_stay_out_of_the_case_list(outsider, case, other_regisseur):
    start(outsider, case)
    assert not policy.cases_visible_to(other_regisseur).exists()
    outsider.get(detail(case))  # the flash message of the start is shown here
    response = outsider.get(reverse("cases:list"))
    assert case not in response.context["cases"]
    assert case.reference not in response.content.decode()


def test_the_grant_query_comes_first_and_break_glass_costs_one_more(case, regisseur, other_regisseur):
    break_glass.start_break_glass(user=other_regisseur, case=case, reason=REASON)
    with CaptureQueriesContext(connection) as queries:
        assert policy.permissions_on(regisseur, case) == {policy.VIEW, policy.CHANGE, policy.CONTRIBUTE}
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert policy.permissions_on(other_regisseur, case) == {policy.VIEW}
    assert len(queries) == 2


# --- IDOR ------------------------------------------------------------------------------------


def test_break_glass_opens_only_that_case(outsider, case, regisseur, other_regisseur):
    other_case = make_case(
        regisseur=regisseur,
        persons=[services.PersonData(first_name="Geheim", last_name="Persoon", role_in_case="hoofdpersoon")],
    )
    start(outsider, case)
    assert outsider.get(detail(other_case)).status_code == 404
    assert outsider.get(reverse("cases:detail", args=["ZVH-2026-9999"])).status_code == 404
    # Another user's break-glass gives this user nothing.
    third = UserFactory(username="regisseur_c", regisseur=True)
    assert not policy.may_view_case(third, case)


def test_another_users_break_glass_cannot_be_ended(client, case, other_regisseur):
    access = break_glass.start_break_glass(user=other_regisseur, case=case, reason=REASON)
    third = UserFactory(username="regisseur_c", regisseur=True)
    login(client, third)
    url = reverse("privacy:break_glass_end", args=[access.pk])
    assert client.post(url, {"bevestigd": "ja"}).status_code == 404
    assert client.get(url).status_code == 404  # the confirmation page is the owner's only
    access.refresh_from_db()
    assert access.expires_at > timezone.now()
    with pytest.raises(ServiceError):
        break_glass.end_break_glass(access=access, user=third)


@pytest.mark.parametrize("who", ["regisseur", "other_regisseur", "agent", "manager", "functional_admin"])
def test_only_the_privacy_officer_reviews(client, case, request, who, other_regisseur):
    access = break_glass.start_break_glass(user=other_regisseur, case=case, reason=REASON)
    user = request.getfixturevalue(who)
    login(client, user)
    url = reverse("privacy:break_glass_review", args=[access.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "Akkoord"}).status_code == 403
    access.refresh_from_db()
    assert access.reviewed_at is None
    assert AccessLogEntry.objects.filter(user=user, allowed=False, object_type="doorbraak").count() == 2
    assert client.get(LIST_URL).status_code == 403


# --- the privacy officer's screens ---------------------------------------------------------


def test_the_privacy_officer_sees_break_glass_with_page_views_and_reviews_it(
    client, case, other_regisseur, privacy_officer
):
    login(client, other_regisseur)
    start(client, case)
    client.get(detail(case))
    client.get(detail(case))
    client.get(reverse("cases:edit", args=[case.reference]))  # refused: not a page view
    access = BreakGlassAccess.objects.get(user=other_regisseur)

    login(client, privacy_officer)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    [shown] = response.context["accesses"]
    assert shown == access and shown.page_views == 2 and shown.is_active
    html = response.content.decode()
    assert "Loopt tot" in html and REASON in html and "regisseur_b" in html
    assert AccessLogEntry.objects.filter(user=privacy_officer, object_type="doorbraken", action="list").exists()
    assert client.get(LIST_URL, {"status": "actief"}).context["accesses"] == [access]
    assert client.get(LIST_URL, {"status": "onbeoordeeld"}).context["accesses"] == [access]

    url = reverse("privacy:break_glass_review", args=[access.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["access"].page_views == 2
    empty = client.post(url, {"note": ""})
    assert empty.context["form"].errors["note"] == ["Schrijf uw beoordeling op."]
    done = client.post(url, {"note": "Gerechtvaardigd: acute dreiging, besproken met de regisseur."})
    assert done.status_code == 302 and done.url == LIST_URL
    access.refresh_from_db()
    assert access.reviewed_by == privacy_officer and access.reviewed_at is not None
    assert access.review_note.startswith("Gerechtvaardigd")
    assert client.get(LIST_URL, {"status": "onbeoordeeld"}).context["accesses"] == []

    again = client.post(url, {"note": "Nog eens"})
    assert again.status_code == 200
    assert again.context["form"].errors["__all__"] == ["Deze doorbraaktoegang is al beoordeeld."]
    access.refresh_from_db()
    assert access.review_note.startswith("Gerechtvaardigd")

    expire(access)
    [after] = client.get(LIST_URL).context["accesses"]
    assert not after.is_active and after.page_views == 2


def test_the_privacy_officer_does_not_review_their_own_break_glass(client, case, privacy_officer):
    access = break_glass.start_break_glass(user=privacy_officer, case=case, reason=REASON)
    login(client, privacy_officer)
    url = reverse("privacy:break_glass_review", args=[access.pk])
    assert client.get(url).context["own"] is True
    response = client.post(url, {"note": "Akkoord met mezelf"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "Uw eigen doorbraaktoegang beoordeelt een andere privacyfunctionaris."
    ]
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_unknown_break_glass_id_is_404_for_the_privacy_officer(client, privacy_officer):
    login(client, privacy_officer)
    assert client.get(reverse("privacy:break_glass_review", args=[999999])).status_code == 404


def test_break_glass_entries_are_flagged_in_the_access_log_screen(client, case, other_regisseur, privacy_officer):
    login(client, other_regisseur)
    start(client, case)
    client.get(detail(case))
    login(client, privacy_officer)
    response = client.get(reverse("privacy:access_log"), {"doorbraak": "on"})
    entries = list(response.context["page"].object_list)
    assert {e.object_type for e in entries} == {"doorbraak", "casus"}
    assert all(e.is_break_glass and e.username == "regisseur_b" for e in entries)


def test_break_glass_opens_case_pages_not_the_escalation(case, escalation, other_regisseur):
    """Escalations follow the grants only: break-glass is a logged path to case pages."""
    from cases.models import Escalation

    Escalation.objects.filter(pk=escalation.pk).update(case=case)
    escalation.refresh_from_db()
    break_glass.start_break_glass(user=other_regisseur, case=case, reason=REASON)
    assert policy.may_view_case(other_regisseur, case)
    assert not policy.may_view_escalation(other_regisseur, escalation)


def test_404_for_a_regisseur_offers_break_glass_for_that_reference(client, other_regisseur, case, agent):
    from django.urls import reverse

    from tests.auth import login

    login(client, other_regisseur)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f"?casus={case.reference}" in page
    login(client, agent)
    page = client.get(reverse("cases:detail", args=["ZVH-1999-0001"])).content.decode()
    assert "doorbraaktoegang" not in page
