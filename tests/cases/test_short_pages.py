"""Pages that stay short (issue 18): the case page in sections with its timeline in pages of ten
(restricted notes blanked on every page), the plan editor one part per page with one save each,
and timeline labels that name what happened."""

import importlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import EscalationStatus, LifeDomain, TimelineEntry, TimelineKind
from cases.selectors import TIMELINE_PAGE_SIZE
from tests.auth import login
from tests.factories import UserFactory, make_escalation

SECRET = "Diagnose psychose, medicatie clozapine"


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"reference": case.reference, **kwargs})


@pytest.fixture
def psychiater(ggz):
    return UserFactory(username="psychiater", organisation=ggz)


@pytest.fixture
def long_case(case, regisseur, ggz, psychiater):
    """A restricted GGZ note, then more than a page of notes after it: the note lands on page 2."""
    services.seat_partner(case=case, actor=regisseur, organisation=ggz, professionals=[psychiater])
    services.add_note(case=case, author=psychiater, text=SECRET, restricted=True)
    for n in range(TIMELINE_PAGE_SIZE + 2):
        services.add_note(case=case, author=regisseur, text=f"Gesprek nummer {n}")
    case.refresh_from_db()
    return case


def main(html: str) -> str:
    """The page's own content, without the header's logout buttons."""
    return html.split('<main id="inhoud"', 1)[1].split("</main>", 1)[0]


def submit_buttons(html: str) -> int:
    return len(re.findall(r'<button[^>]*type="submit"', main(html)))


# --- Case page ---------------------------------------------------------------------------------


def test_the_case_page_has_a_section_nav_to_every_section(client, case, regisseur):
    login(client, regisseur)
    page = client.get(url("detail", case)).content.decode()
    for anchor in ("kern", "betrokkenen", "partners", "plan", "overleg", "documenten", "knelpunten", "tijdlijn"):
        assert f'href="#{anchor}"' in page, anchor
        assert f'id="{anchor}"' in page, anchor
    assert '<nav class="zvh-section-nav" aria-label="Onderdelen van de casus">' in page


def test_the_timeline_shows_ten_and_older_ones_on_the_next_page(client, long_case, regisseur):
    login(client, regisseur)
    response = client.get(url("detail", long_case))
    timeline = response.context["timeline"]
    assert len(timeline.entries) == TIMELINE_PAGE_SIZE and timeline.has_older and not timeline.has_newer
    page = response.content.decode()
    assert f"Gesprek nummer {TIMELINE_PAGE_SIZE + 1}" in page  # the newest
    assert "Gesprek nummer 1<" not in page and SECRET not in page  # older: on page 2
    assert 'href="?tijdlijn=2#tijdlijn"' in page and "Oudere gebeurtenissen tonen" in page

    page = client.get(url("detail", long_case), {"tijdlijn": "2"}).content.decode()
    assert "Gesprek nummer 0" in page and "Gesprek nummer 1<" in page and SECRET in page  # the regisseur reads it
    assert "Nieuwere gebeurtenissen" in page and "Gebeurtenis 11 tot en met" in page
    assert f"Gesprek nummer {TIMELINE_PAGE_SIZE + 1}" not in page


def test_a_restricted_note_stays_blanked_on_the_second_page(client, long_case, agent, psychiater):
    login(client, agent)  # at the table for Politie: sees that the GGZ note exists, never its content
    response = client.get(url("detail", long_case), {"tijdlijn": "2"})
    page = response.content.decode()
    hidden = [e for e in response.context["timeline"].entries if e.hidden]
    assert len(hidden) == 1 and hidden[0].text == "" and hidden[0].author is None
    assert SECRET not in page and "Afgeschermde notitie" in page
    login(client, psychiater)
    assert SECRET in client.get(url("detail", long_case), {"tijdlijn": "2"}).content.decode()


@pytest.mark.parametrize("value", ["abc", "0", "-1", "²", "١", "9" * 5000])
def test_a_tampered_timeline_page_gives_the_first_page(client, long_case, regisseur, value):
    login(client, regisseur)
    response = client.get(url("detail", long_case), {"tijdlijn": value})
    assert response.status_code == 200
    assert response.context["timeline"].number == 1


def test_a_page_past_the_end_says_so_and_links_back(client, long_case, regisseur):
    login(client, regisseur)
    page = client.get(url("detail", long_case), {"tijdlijn": "40"}).content.decode()
    assert "Geen oudere gebeurtenissen." in page and "Nieuwere gebeurtenissen" in page


def test_forms_on_the_case_page_fold_away_and_open_again_with_an_error(client, case, agent):
    login(client, agent)
    page = client.get(url("detail", case)).content.decode()
    assert '<details class="zvh-disclosure">\n    <summary class="zvh-disclosure__summary">Nieuwe notitie' in page
    response = client.post(url("note_add", case), {"text": ""})  # refused: back open, with the message
    page = response.content.decode()
    assert '<details class="zvh-disclosure" open>\n    <summary class="zvh-disclosure__summary">Nieuwe notitie' in page


# --- Timeline labels ---------------------------------------------------------------------------


def test_timeline_labels_name_plan_action_meeting_and_casusregie_events(client, case, regisseur, agent, politie):
    plan = services.start_plan(case=case, actor=regisseur)
    domain = LifeDomain.objects.order_by("sort_order").first()
    goal = services.add_goal(plan=plan, actor=regisseur, domain=domain, description="Veilig wonen")
    deadline = timezone.localdate() + timedelta(days=7)
    action = services.add_action(plan=plan, actor=regisseur, description="Huisbezoek", goal=goal,
                                 owner_organisation=politie, deadline=deadline)  # fmt: skip
    services.update_action_status(action=action, actor=agent, status="lopend")
    services.schedule_meeting(case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=3), is_online=True)
    services.set_casusregie(case=case, actor=regisseur, organisation=politie)
    plan.refresh_from_db()
    services.agree_plan(plan=plan, actor=regisseur, expected_version=plan.version, agreement_note="Overleg",
                        confirm_missing=True)  # fmt: skip
    kinds = set(TimelineEntry.objects.filter(case=case).values_list("kind", flat=True))
    assert {TimelineKind.PLAN_STARTED, TimelineKind.ACTION_STATUS, TimelineKind.MEETING_PLANNED,
            TimelineKind.CASUSREGIE, TimelineKind.PLAN_AGREED} <= kinds  # fmt: skip
    assert TimelineKind.DETAILS not in kinds
    login(client, regisseur)
    page = client.get(url("detail", case)).content.decode()
    for label in ("Plan gestart (concept)", "Status actie bijgewerkt", "Overleg gepland", "Casusregie gewijzigd",
                  "Plan vastgesteld"):  # fmt: skip
        assert label in page, label
    assert "Casusgegevens gewijzigd" not in page


def test_the_migration_gives_old_rows_the_kind_their_text_names():
    migration = importlib.import_module("cases.migrations.0032_timeline_kinds_name_what_happened")
    kind_of = migration._kind_of
    assert kind_of("gegevens", "Plan van aanpak versie 2 gestart (concept).", False) == "plan_gestart"
    assert kind_of("gegevens", "Plan van aanpak versie 1 vastgesteld. Nog geen akkoord van: GGZ.", False) == (
        "plan_vastgesteld"
    )
    assert kind_of("gegevens", "Akkoord gevraagd op plan van aanpak versie 1 aan: Politie.", False) == (
        "akkoord_gevraagd"
    )
    assert kind_of("gegevens", "Politie gaat opnieuw akkoord met plan van aanpak versie 1.", False) == (
        "akkoord_partner"
    )
    assert kind_of("gegevens", "Casusoverleg gepland op 01-02-2026 10:00.", False) == "overleg_gepland"
    assert kind_of("gegevens", "Casusoverleg van 1 feb verplaatst naar 2 feb. Reden: ziek", False) == (
        "overleg_verplaatst"
    )
    assert kind_of("gegevens", "Casusoverleg van 1 feb geannuleerd. Reden: opgenomen", False) == ("overleg_geannuleerd")
    assert kind_of("gegevens", "Casusregie bij Politie.", False) == "casusregie"
    assert kind_of("gegevens", "Gewijzigd: aanleiding.", False) is None  # really the case's details
    assert kind_of("notitie", "Actie ‘Huisbezoek’: Gereed. Gedaan", False) == "actie_status"
    assert kind_of("notitie", "Actie ‘Huisbezoek’: Gereed. Gedaan", True) is None  # a person's restricted note
    assert kind_of("notitie", "Actie ondernomen door de wijkagent.", False) is None


# --- Plan editor -------------------------------------------------------------------------------


@pytest.fixture
def concept(case, regisseur):
    return services.start_plan(case=case, actor=regisseur)


def test_the_plan_editor_shows_one_part_with_one_save(client, case, regisseur, concept):
    login(client, regisseur)
    edit = url("plan_edit", case, plan_id=concept.pk)
    expected = {
        "": "Regie en evaluatie opslaan",
        "regie": "Regie en evaluatie opslaan",
        "analyse": "Analyse opslaan",
        "doelen": "Doel toevoegen",
        "acties": "Actie toevoegen",
        "onzin": "Regie en evaluatie opslaan",  # an unknown part: the first
    }
    for part, button in expected.items():
        page = client.get(edit, {"deel": part} if part else {}).content.decode()
        assert submit_buttons(page) == 1, part
        assert button in page, part
        assert "data-zvh-unsaved" in page and "js/unsaved-changes.js" in page
        others = {"Regie en evaluatie opslaan", "Analyse opslaan", "Doel toevoegen", "Actie toevoegen"} - {button}
        assert not any(f">{other}</button>" in main(page) for other in others), part
    page = client.get(edit, {"deel": "vaststellen"}).content.decode()
    assert ">Vaststellen</button>" in page and "Analyse opslaan" not in page
    assert 'href="?deel=analyse" aria-current="step"' in client.get(edit, {"deel": "analyse"}).content.decode()


def test_a_saved_part_comes_back_to_that_part(client, case, regisseur, concept):
    housing = LifeDomain.objects.get(name="Huisvesting")
    login(client, regisseur)
    response = client.post(
        url("plan_assessment", case, plan_id=concept.pk),
        {"version": concept.version, f"domein-{housing.pk}-score": "3", f"domein-{housing.pk}-risks": "Schulden"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("plan_edit", case, plan_id=concept.pk) + "?deel=analyse"
    response = client.post(url("plan_goal_add", case, plan_id=concept.pk),
                           {"doel-domain": housing.pk, "doel-description": "Schulden in beeld"})  # fmt: skip
    assert response["Location"].endswith("?deel=doelen")


def test_a_refused_part_comes_back_on_that_part_with_what_was_typed(client, case, regisseur, concept):
    login(client, regisseur)
    # No domain chosen: the goal is refused, the description stays, the other parts are not shown.
    response = client.post(url("plan_goal_add", case, plan_id=concept.pk),
                           {"doel-description": "Mijn getypte doel"})  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["part"] == "doelen" and "Mijn getypte doel" in page
    assert "Analyse opslaan" not in main(page) and submit_buttons(page) == 1
    # A stale analysis keeps its input on the analysis part, with the optimistic-locking message.
    prefix = f"domein-{LifeDomain.objects.get(name='Huisvesting').pk}"
    response = client.post(
        url("plan_assessment", case, plan_id=concept.pk),
        {"version": concept.version - 1, f"{prefix}-score": "5", f"{prefix}-risks": "Mijn analyse"},
    )
    page = response.content.decode()
    assert response.context["part"] == "analyse"
    assert "intussen door iemand anders gewijzigd" in page and "Mijn analyse" in page


# --- Triage decision ---------------------------------------------------------------------------


def decide_url(escalation):
    return reverse("escalations:decide", args=[escalation.reference])


def test_the_triage_form_has_one_part_per_outcome_headed_with_it(client, regisseur, agent, ggz, psychiater):
    escalation = make_escalation(submitted_by=agent, involved_organisations=[ggz])
    login(client, regisseur)
    page = client.get(decide_url(escalation)).content.decode()
    for outcome in (EscalationStatus.ACCEPTED, EscalationStatus.ADVICE, EscalationStatus.ADDED_TO_CASE,
                    EscalationStatus.NEEDS_INFO):  # fmt: skip
        assert f"<legend>Bij ‘{outcome.label}’</legend>" in page
        assert re.search(rf'data-outcomes="[^"]*\b{outcome.value}\b', page)
    assert "js/triage-decision.js" in page
    # The professionals grouped by organisation, with a filter that JavaScript shows.
    assert "<legend>GGZ Oost Brabant</legend>" in page and "data-zvh-picker-filter hidden" in page


def test_without_javascript_the_parts_of_other_outcomes_are_ignored(client, regisseur, agent):
    escalation = make_escalation(submitted_by=agent)
    login(client, regisseur)
    response = client.post(decide_url(escalation), {
        "version": escalation.version, "outcome": EscalationStatus.ADVICE, "feedback": "Zie het advies.",
        "advice": "Neem contact op met het wijkteam.",
        # Half-filled parts of other outcomes, one of them invalid: not checked, not used.
        "programme": "999999", "inclusion_meeting_date": "31-31-2026", "existing_case_reference": "ZVH-0000-9999",
        "info_question": "Een vraag die niet gesteld wordt",
    })  # fmt: skip
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ADVICE and escalation.case is None
    assert escalation.advice == "Neem contact op met het wijkteam."
    assert not escalation.questions.exists()


def test_an_error_names_only_the_chosen_outcomes_fields_and_keeps_everything_typed(client, regisseur, agent):
    escalation = make_escalation(submitted_by=agent)
    login(client, regisseur)
    response = client.post(decide_url(escalation), {
        "version": escalation.version, "outcome": EscalationStatus.ACCEPTED, "feedback": "Welkom aan tafel.",
        "inclusion_meeting_date": "31-31-2026", "inclusion_note": "Mijn toelichting",
        "advice": "Getypt advies dat blijft staan",
    })  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"programme", "inclusion_meeting_date"} and "advice" not in form.errors
    page = response.content.decode()
    assert "Mijn toelichting" in page and "Getypt advies dat blijft staan" in page and "Welkom aan tafel." in page
    escalation.refresh_from_db()
    assert escalation.is_pending
