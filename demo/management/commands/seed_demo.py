"""Demo data: the real partner organisations of the convenant, demo users for every role and
fake cases made through the real services (so timelines, grants and logs are what the
application itself would write).

Idempotent: organisations and users are found by name, cases by their main person (every demo
full name is unique), so a second run adds nothing. `--manifest PATH` writes who should see which
case according to the seeding plan itself (not the access policy): an independent ground truth.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import (
    Attendance,
    AveLevelChange,
    BottleneckCategory,
    Case,
    ClosureReason,
    Escalation,
    EscalationStatus,
    InclusionCriterion,
    LifeDomain,
    Participant,
    ParticipantProfessional,
    Person,
    PersonRole,
    Phase,
    ProcessPlan,
    SurveyInvitation,
    SurveyResponse,
    TimelineKind,
    Urgency,
)
from cases.services.handover import hand_over_cases
from demo.agenda import seed_collaboration_agenda
from demo.closure import closing_evaluation, seed_case_bottlenecks
from demo.docs import seed_case_documents
from demo.duplicates import seed_duplicates
from demo.escalation_completion import seed_escalation_completion
from demo.letters import seed_letters
from demo.lifecycle import seed_lifecycle
from demo.meetings import seed_meeting_changes
from demo.plans import seed_plan_agreements
from demo.prefs import seed_delivery_preferences
from demo.processing_register import seed_processing_register
from demo.programme_batch import build_programme_batch
from demo.sar import seed_demo_documents
from demo.story_dates import align_story_dates
from demo.surveys_and_reminders import seed_demo_notifications
from demo.team import HANDOVER, HANDOVER_REASON, deputies_of, seed_team
from demo.triage_table import seed_triage_table
from partners.mfa import base32_secret, ensure_demo_device
from partners.models import Organisation, OrganisationKind, Role, User
from privacy.models import RetentionCategory, RetentionPolicy
from privacy.retention.services import set_retention_term
from programmes.models import Prognosis, Programme
from registry.services import assign_role

DEMO_PASSWORD = "Demo-ZVH-2026!"  # noqa: S105 (printed for the demo; refused outside DEBUG)
BUREAU = "Zorg- en Veiligheidshuis Brabant Noordoost"

ORGANISATIONS = (
    [
        (name, OrganisationKind.GEMEENTE)
        for name in (
            "Gemeente 's-Hertogenbosch",
            "Gemeente Bernheze",
            "Gemeente Boekel",
            "Gemeente Boxtel",
            "Gemeente Land van Cuijk",
            "Gemeente Maashorst",
            "Gemeente Meierijstad",
            "Gemeente Oss",
            "Gemeente Sint-Michielsgestel",
            "Gemeente Vught",
            "Gemeente Eindhoven",
            "Gemeente Helmond",
        )
    ]
    + [
        (name, OrganisationKind.VEILIGHEID)
        for name in (
            "Politie",
            "Openbaar Ministerie",
            "Reclassering Nederland",
            "Dienst Justitiële Inrichtingen",
            "Veilig Thuis",
            "Raad voor de Kinderbescherming",
            "RIEC Oost-Brabant",
        )
    ]
    + [
        (name, OrganisationKind.ZORG)
        for name in (
            "GGD Hart voor Brabant",
            "Reinier van Arkel",
            "GGZ Oost Brabant",
            "GGZe",
            "Novadic Kentron",
            "Jeugdbescherming Brabant",
            "William Schrikker Stichting",
            "Sociom",
            "Ons Welzijn",
        )
    ]
    + [(BUREAU, OrganisationKind.OVERIG)]
)

# username, first name, last name, role, organisation, job title
USERS = [
    ("regisseur1", "Sanne", "de Vries", Role.PROCESREGISSEUR, BUREAU, "Procesregisseur"),
    ("regisseur2", "Youssef", "Bakker", Role.PROCESREGISSEUR, BUREAU, "Procesregisseur"),
    ("regisseur3", "Ilse", "Verhoeven", Role.PROCESREGISSEUR, BUREAU, "Procesregisseur"),
    ("politie1", "Mark", "Hendriks", Role.PARTNERPROFESSIONAL, "Politie", "Wijkagent"),
    ("politie2", "Eva", "Smits", Role.PARTNERPROFESSIONAL, "Politie", "Coördinator PGA"),
    ("reclassering1", "Joost", "van Dijk", Role.PARTNERPROFESSIONAL, "Reclassering Nederland", "Reclasseringswerker"),
    ("reclassering2", "Fatima", "El Amrani", Role.PARTNERPROFESSIONAL, "Reclassering Nederland", "Reclasseringswerker"),
    ("ggz1", "Linda", "Peeters", Role.PARTNERPROFESSIONAL, "GGZ Oost Brabant", "Psychiater"),
    (
        "ggz2",
        "Thomas",
        "Willems",
        Role.PARTNERPROFESSIONAL,
        "GGZ Oost Brabant",
        "Sociaal psychiatrisch verpleegkundige",
    ),
    ("veiligthuis1", "Noor", "Claassen", Role.PARTNERPROFESSIONAL, "Veilig Thuis", "Casemanager"),
    ("veiligthuis2", "Ruben", "Maas", Role.PARTNERPROFESSIONAL, "Veilig Thuis", "Casemanager"),
    (
        "gemeente1",
        "Anouk",
        "van den Berg",
        Role.PARTNERPROFESSIONAL,
        "Gemeente 's-Hertogenbosch",
        "Regisseur sociaal domein",
    ),
    ("gemeente2", "Pieter", "Kuijpers", Role.PARTNERPROFESSIONAL, "Gemeente Oss", "Wijkteammedewerker"),
    ("novadic1", "Marloes", "Timmermans", Role.PARTNERPROFESSIONAL, "Novadic Kentron", "Verslavingsarts"),
    ("jeugd1", "Daan", "van Loon", Role.PARTNERPROFESSIONAL, "Jeugdbescherming Brabant", "Jeugdbeschermer"),
    ("om1", "Karin", "Vos", Role.PARTNERPROFESSIONAL, "Openbaar Ministerie", "Officier van justitie"),
    ("manager", "Hans", "Mulder", Role.MANAGER, BUREAU, "Manager ZVH"),
    ("privacy", "Esther", "Dekker", Role.PRIVACYFUNCTIONARIS, BUREAU, "Privacyfunctionaris"),
    ("beheer", "Bram", "Koster", Role.FUNCTIONEEL_BEHEERDER, BUREAU, "Functioneel beheerder"),
]

FIRST_NAMES = [
    "Jan",
    "Kees",
    "Ahmed",
    "Mohamed",
    "Sven",
    "Lars",
    "Bas",
    "Tim",
    "Rik",
    "Niels",
    "Erik",
    "Koen",
    "Ingrid",
    "Monique",
    "Petra",
    "Yvonne",
    "Samira",
    "Fleur",
    "Lotte",
    "Iris",
    "Naomi",
    "Chantal",
]
LAST_NAMES = [
    "Aalbers",
    "Beekman",
    "Coenen",
    "Driessen",
    "Ebben",
    "Franssen",
    "Gerrits",
    "Hoeks",
    "IJzerman",
    "Jacobs",
    "Kerkhof",
    "Lambregts",
    "Manders",
    "Nouwens",
    "Oomen",
    "Pijnenburg",
    "Quist",
    "Raaijmakers",
    "Schellekens",
    "Thijssen",
    "Uijen",
    "Verbakel",
    "Wouters",
    "Zegers",
]
CITIES = ["'s-Hertogenbosch", "Oss", "Vught", "Boxtel", "Uden", "Veghel", "Rosmalen", "Cuijk", "Helmond", "Eindhoven"]
STREETS = ["Kerkstraat", "Molenweg", "Stationsplein", "Dorpsstraat", "Lindelaan", "Brugstraat", "Schoolstraat"]
SUMMARIES = [
    "Oplopende spanningen in het gezin met politiemeldingen over huiselijk geweld; hulpverlening loopt vast "
    "omdat partners elkaars rol niet kennen.",
    "Verward gedrag in de wijk, zorgmijding en overlastmeldingen; er is zorg over de veiligheid van buren.",
    "Jongere betrokken bij drugshandel en geweld; school en jeugdbescherming zoeken samenhang in de aanpak.",
    "Meervoudige problematiek: schulden, dreigende huisuitzetting, verslaving en eerdere detentie.",
    "Zorgen over radicalisering na uitingen online; afstemming tussen gemeente, politie en zorg nodig.",
    "Langdurig huiselijk geweld en kindermishandeling; reguliere interventies hebben het niet doorbroken.",
    "Volwassene met LVB en een strafrechtelijk verleden; terugval dreigt zonder sluitend zorgaanbod.",
]
NOTES = [
    "Casusoverleg gepland met alle partners aan tafel.",
    "Huisbezoek afgelegd samen met de wijkagent; betrokkene was aanspreekbaar.",
    "Afspraak gemaakt over de informatie-uitwisseling binnen de WGS-kaders.",
    "Knelpunt: wachtlijst voor ambulante behandeling; opgeschaald naar de zorgaanbieder.",
    "Terugkoppeling aan de verwijzer gegeven.",
]
DEMO_GOALS = [
    "Stabiele woonsituatie zonder overlast voor de buren.",
    "Passende behandeling waar betrokkene aan meewerkt.",
]
DEMO_DECISION = "Casusregie blijft bij de verwijzende partner; evaluatie na drie maanden."
DEMO_ACTIONS = [
    "Gezamenlijk huisbezoek en afspraken met de woningcorporatie.",
    "Intake bij de behandelaar plannen en vervoer regelen.",
]
FEEDBACK = {
    EscalationStatus.ACCEPTED: "Geaccepteerd als casus; u zit aan tafel. De procesregisseur neemt contact op.",
    EscalationStatus.ADVICE: "Wij geven advies zonder casus; zie het advies hieronder.",
    EscalationStatus.BILATERAL: "Dit kan bilateraal tussen u en de zorgpartner worden opgepakt.",
    EscalationStatus.BACK_TO_LOCAL: "Terug naar het lokale team: de casusregie ligt daar en is voldoende.",
    EscalationStatus.REJECTED: "Niet geaccepteerd: er is (nog) geen sprake van een multidomein-veiligheidsrisico.",
}
CLOSURE_RESULT = "Veiligheid gestabiliseerd; zorg belegd bij de lokale partners."
# How far along each planned case is (its phase path from aanmelding).
PATH = [Phase.AANMELDING, Phase.TRIAGE, Phase.ANALYSE, Phase.PLAN, Phase.UITVOERING, Phase.EVALUATIE, Phase.AFGESLOTEN]
ALL_NAMES = [(first, last) for last in LAST_NAMES for first in FIRST_NAMES]  # every full name unique
DUPLICATE_BSN = "111222333"
PROGRAMME_WEIGHTS = {"COM": 30, "COM-ADVIES": 6, "PGA-RAD": 5, "PGA-JEUGD": 10, "PGA-OG": 8, "MDA++": 6, "LLA": 5}


def phase_path(programme: Programme, planned_phase: str) -> list[str]:
    """The phases a demo case passes after its aanmelding to reach how far along the plan puts it.
    An advice programme (COM-advies) knows only question → advice → closed, so a case planned
    beyond the question stands in the advice, or is closed after it."""
    if not programme.is_advice_flow:
        return PATH[1 : PATH.index(planned_phase) + 1]
    if planned_phase == Phase.AANMELDING:
        return []
    return [Phase.ADVIES, Phase.AFGESLOTEN] if planned_phase == Phase.AFGESLOTEN else [Phase.ADVIES]


@dataclass
class PlannedSeat:
    organisation: str
    usernames: list[str]
    leaving: list[str] = field(default_factory=list)  # professionals who leave the table again


# Where the demo's people live: the region's municipalities, weighted roughly by size; about one in
# fifteen unknown (moved, homeless, outside the region), as in the field.
DEMO_MUNICIPALITY_WEIGHTS = [
    ("Gemeente 's-Hertogenbosch", 5),
    ("Gemeente Oss", 3),
    ("Gemeente Meierijstad", 2),
    ("Gemeente Land van Cuijk", 2),
    ("Gemeente Maashorst", 1),
    ("Gemeente Bernheze", 1),
    ("Gemeente Boxtel", 1),
    ("Gemeente Vught", 1),
    ("Gemeente Sint-Michielsgestel", 1),
    ("Gemeente Boekel", 1),
    (None, 1),
]


def demo_municipality(organisations: dict[str, Organisation], seed_text: str) -> Organisation | None:
    """A deterministic municipality for a demo case or escalation (re-running picks the same)."""
    slots = [name for name, weight in DEMO_MUNICIPALITY_WEIGHTS for _ in range(weight)]
    name = slots[zlib.crc32(seed_text.encode()) % len(slots)]
    return organisations[name] if name else None


@dataclass
class PlannedCase:
    programme: str
    regisseur: str
    phase: str
    ave_path: list[int]
    opened_on: date
    persons: list[dict]
    summary: str
    seats: list[PlannedSeat]
    casusregisseur: str | None
    notes: list[tuple[str, str]]  # (username, text)
    handed_over_to: str = ""  # a regisseur who takes the case over at the end of seeding

    @property
    def directed_by(self) -> str:
        return self.handed_over_to or self.regisseur

    def visible_to(self) -> list[str]:
        """Who may see the case according to the plan: its regisseur (after a handover the new
        one), while it is open the professionals seated at its table who did not leave, and the
        deputy of an absent regisseur (demo/team.py)."""
        people = {self.directed_by}
        if self.phase != Phase.AFGESLOTEN:
            for seat in self.seats:
                people.update(u for u in seat.usernames if u not in seat.leaving)
            people.update(deputies_of(self.directed_by))
        return sorted(people)


@dataclass
class PlannedEscalation:
    key: uuid.UUID  # the submission key makes re-running idempotent
    referrer: str
    persons: list[dict]
    urgency: str
    ave_level: int
    reason: str
    days_ago: int
    outcome: str | None  # None: still waiting for triage
    programme: str | None
    partners: list[str]
    decider: str | None

    def visible_to(self) -> list[str]:
        """For an accepted escalation's case: its regisseur (the decider), the referrer, the
        partners seated at triage, and the decider's deputy while they are away (demo/team.py)."""
        return sorted({self.decider, self.referrer, *self.partners, *deputies_of(self.decider)})


def build_plan(count: int, today: date) -> list[PlannedCase]:
    rng = random.Random(20251125)  # deterministic: the same plan every run
    professionals_by_org: dict[str, list[str]] = {}
    for username, _, _, role, organisation, _ in USERS:
        if role == Role.PARTNERPROFESSIONAL:
            professionals_by_org.setdefault(organisation, []).append(username)
    seat_orgs = sorted(professionals_by_org)
    regisseurs = [u[0] for u in USERS if u[3] == Role.PROCESREGISSEUR]
    codes = list(PROGRAMME_WEIGHTS)
    weights = list(PROGRAMME_WEIGHTS.values())
    names = iter(ALL_NAMES)
    plan = []
    for index in range(count):
        programme = rng.choices(codes, weights)[0]
        phase = PATH[index % len(PATH)] if index % 9 else Phase.AFGESLOTEN
        opened_on = today - timedelta(days=rng.randint(20, 700))
        persons = []
        for n in range(rng.choice([1, 1, 2, 3])):
            first, last = next(names)
            role = PersonRole.MAIN if n == 0 else rng.choice([PersonRole.PARTNER, PersonRole.CHILD, PersonRole.PARENT])
            age = rng.randint(19, 70) if role != PersonRole.CHILD else rng.randint(3, 17)
            persons.append(
                {
                    "first_name": first,
                    "last_name": last,
                    "role_in_case": role,
                    "date_of_birth": today - timedelta(days=age * 365 + rng.randint(0, 364)),
                    "street_address": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                    "postal_code": f"{rng.randint(5200, 5899)} {rng.choice(['AB', 'CD', 'GH', 'KL', 'PR', 'TX'])}",
                    "city": rng.choice(CITIES),
                }
            )
        seats = []
        for organisation in rng.sample(seat_orgs, rng.randint(1, 3)):
            pool = professionals_by_org[organisation]
            chosen = sorted(rng.sample(pool, rng.randint(1, len(pool))))
            leaving = [chosen[0]] if len(chosen) > 1 and rng.random() < 0.3 else []
            seats.append(PlannedSeat(organisation, chosen, leaving))
        level = rng.choice([2, 3, 3, 3, 4])
        neighbours = [n for n in (level - 1, level + 1) if 1 <= n <= 4]
        ave_path = [level] + ([rng.choice(neighbours)] if rng.random() < 0.5 else [])
        notes = [(regisseurs[index % len(regisseurs)], rng.choice(NOTES))]
        if seats and phase != Phase.AFGESLOTEN:
            notes.append((seats[0].usernames[-1], rng.choice(NOTES)))
        plan.append(
            PlannedCase(
                programme=programme,
                regisseur=regisseurs[index % len(regisseurs)],
                phase=phase,
                ave_path=ave_path,
                opened_on=opened_on,
                persons=persons,
                summary=rng.choice(SUMMARIES),
                seats=seats,
                casusregisseur=seats[0].organisation if seats and rng.random() < 0.8 else None,
                notes=notes,
            )
        )
    # One open case's main person carries a BSN that a pending escalation repeats under another
    # name: the triage queue flags it as a possible duplicate.
    open_case = next(p for p in plan if p.phase != Phase.AFGESLOTEN)
    open_case.persons[0]["bsn"] = DUPLICATE_BSN
    # One running case changes hands between regisseurs (issue 15): the case page shows the handover.
    handed = next(p for p in plan if p.phase == Phase.UITVOERING and p.regisseur == HANDOVER[0])
    handed.handed_over_to = HANDOVER[1]
    return plan


def build_escalation_plan(case_plan: list[PlannedCase], today: date) -> list[PlannedEscalation]:
    """Escalations in every state. Their persons take the unique names after the case plan's."""
    rng = random.Random(20251126)
    used = sum(len(p.persons) for p in case_plan)
    names = iter(ALL_NAMES[used:])
    duplicate_of = next(p for p in case_plan if p.persons[0].get("bsn") == DUPLICATE_BSN)
    referrers = ["politie1", "veiligthuis1", "gemeente1", "ggz1", "reclassering1", "jeugd1", "gemeente2", "om1"]
    outcomes = [
        # outcome, programme, partners at the table besides the referrer, decider
        (None, None, [], None),
        (None, None, [], None),
        (None, None, [], None),
        (None, None, [], None),
        (EscalationStatus.ACCEPTED, "COM", ["ggz2"], "regisseur1"),
        (EscalationStatus.ACCEPTED, "MDA++", ["jeugd1", "veiligthuis2"], "regisseur2"),
        (EscalationStatus.ACCEPTED, "LLA", ["novadic1"], "regisseur3"),
        (EscalationStatus.ADVICE, None, [], "regisseur1"),
        (EscalationStatus.BILATERAL, None, [], "regisseur2"),
        (EscalationStatus.BACK_TO_LOCAL, None, [], "regisseur3"),
        (EscalationStatus.REJECTED, None, [], "regisseur1"),
    ]
    plan = []
    for index, (outcome, programme, partners, decider) in enumerate(outcomes):
        persons = []
        for n in range(rng.choice([1, 2])):
            first, last = next(names)
            persons.append(
                {
                    "first_name": first,
                    "last_name": last,
                    "role_in_case": PersonRole.MAIN if n == 0 else PersonRole.PARTNER,
                    "date_of_birth": today - timedelta(days=rng.randint(20, 60) * 365),
                    "city": rng.choice(CITIES),
                }
            )
        if index == 0:
            persons[0].update(first_name="Johannes", last_name=duplicate_of.persons[0]["last_name"], bsn=DUPLICATE_BSN)
        plan.append(
            PlannedEscalation(
                key=uuid.uuid5(uuid.NAMESPACE_URL, f"zvh-demo-escalation-{index}"),
                referrer=referrers[index % len(referrers)],
                persons=persons,
                urgency=[Urgency.ACUTE, Urgency.HIGH, Urgency.NORMAL][index % 3],
                ave_level=rng.choice([2, 3, 3, 4]),
                reason=rng.choice(SUMMARIES),
                days_ago=rng.randint(1, 12) if outcome is None else rng.randint(15, 120),
                outcome=outcome,
                programme=programme,
                partners=partners,
                decider=decider,
            )
        )
    return plan


def spread_demo_dates(references: list[str], escalation_keys: list[uuid.UUID], today: date) -> None:
    """Give the demo realistic lead times for the dashboard (demo only: real dates are never edited).
    The services stamp everything "now"; here, deterministically per case, a closed case closes 6 weeks
    to 13 months after its start (its timeline, survey invitations and answers move along), the first
    plan is agreed 2–10 weeks after the start, and a triage decision follows its escalation within
    10 days. Running it again sets the same values."""

    def at(day: date, hour: int = 10):
        return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(hours=hour)

    for case in Case.objects.filter(reference__in=references):
        rng = random.Random(f"zvh-demo-dates-{case.reference}")  # noqa: S311 - demo data, deterministic on purpose
        end = today
        if case.phase == Phase.AFGESLOTEN:
            end = min(today - timedelta(days=7), case.opened_on + timedelta(days=rng.randint(45, 400)))
            Case.objects.filter(pk=case.pk).update(closed_on=end)
            Command._backdate_timeline(case, case.opened_on, until=at(end, 16))
            for invitation in SurveyInvitation.objects.filter(case=case):
                answered_after = timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
                SurveyInvitation.objects.filter(pk=invitation.pk).update(
                    created_at=at(end, 16),
                    sent_at=at(end, 16),
                    expires_at=at(end, 16) + timedelta(days=28),
                    reminder_sent_at=None if invitation.responded_at else at(end + timedelta(days=7), 16),
                    responded_at=at(end, 16) + answered_after if invitation.responded_at else None,
                )
                SurveyResponse.objects.filter(invitation=invitation).update(submitted_at=at(end, 16) + answered_after)
        _consistent_seat_and_ave_dates(case, end, rng)
        agreed_on = case.opened_on + timedelta(days=rng.randint(14, 70))
        for plan in ProcessPlan.objects.filter(case=case, agreed_at__isnull=False).order_by("number"):
            day = min(agreed_on, end - timedelta(days=1))
            ProcessPlan.objects.filter(pk=plan.pk).update(created_at=at(day - timedelta(days=7)), agreed_at=at(day, 15))
            agreed_on += timedelta(days=rng.randint(60, 120))
    for escalation in Escalation.objects.filter(decided_at__isnull=False, submission_key__in=escalation_keys):
        rng = random.Random(f"zvh-demo-dates-{escalation.reference}")  # noqa: S311 - demo data
        decided_at = min(timezone.now(), escalation.submitted_at + timedelta(hours=rng.randint(3, 240)))
        Escalation.objects.filter(pk=escalation.pk).update(decided_at=decided_at)
        if escalation.case_id:
            Case.objects.filter(pk=escalation.case_id).update(opened_on=timezone.localdate(decided_at))
            _consistent_seat_and_ave_dates(Case.objects.get(pk=escalation.case_id), today, rng)


def _consistent_seat_and_ave_dates(case: Case, end: date, rng: random.Random) -> None:
    """Seats and AVE changes carry the dates of the case's life, not the seeding date: a partner
    seated in 2025 shows 2025 (issue 15). Seats start in the first two weeks; seats that ended end
    with the case (closed) or some weeks later (a professional who left); AVE changes get the time
    of their (already spread) timeline entries."""
    for participant in Participant.objects.filter(case=case).order_by("pk"):
        joined = min(end, case.opened_on + timedelta(days=rng.randint(0, 14)))
        left = None
        if participant.left_on is not None:
            left = end if case.phase == Phase.AFGESLOTEN else min(end, joined + timedelta(days=rng.randint(30, 90)))
        Participant.objects.filter(pk=participant.pk).update(joined_on=joined, left_on=left)
        for seat in ParticipantProfessional.objects.filter(participant=participant).order_by("pk"):
            seat_left = None
            if seat.left_on is not None:
                seat_left = left or min(end, joined + timedelta(days=rng.randint(20, 80)))
            ParticipantProfessional.objects.filter(pk=seat.pk).update(joined_on=joined, left_on=seat_left)
    ave_times = list(
        case.timeline.filter(kind=TimelineKind.AVE).order_by("created_at", "pk").values_list("created_at", flat=True)
    )
    changes = list(AveLevelChange.objects.filter(case=case, from_level__isnull=False).order_by("changed_at", "pk"))
    for change, at_time in zip(changes, ave_times, strict=False):
        AveLevelChange.objects.filter(pk=change.pk).update(changed_at=at_time)


def demo_totp_key(username: str) -> str:
    """A fixed TOTP secret per demo user (hex, 20 bytes), so the manifest stays the same."""
    return hashlib.sha1(f"zvh-demo-totp-{username}".encode(), usedforsecurity=False).hexdigest()


class Command(BaseCommand):
    help = "Vult de database met demogegevens (fictieve personen; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=64, help="Aantal demo-casussen (standaard 64).")
        parser.add_argument(
            "--per-programme",
            type=int,
            help="Extra eenvoudige casussen per programma voor het dashboard (standaard 12 bij 64, naar rato).",
        )
        parser.add_argument("--manifest", help="Schrijf een JSON-manifest van logins en casussen naar dit pad.")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Basis-URL voor het manifest.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Ook zonder DEBUG uitvoeren (alleen voor tests en demo-omgevingen, nooit productie).",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Druk de demo-logins niet af.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError("seed_demo draait alleen met DEBUG aan (demo), of met --allow-without-debug.")
        today = timezone.localdate()
        story = build_plan(options["cases"], today)
        per_programme = options["per_programme"]
        if per_programme is None:
            per_programme = options["cases"] * 12 // 64
        plan = story + build_programme_batch(per_programme, today)  # the dashboard's figures
        with transaction.atomic():
            organisations = self._organisations()
            users = self._users(organisations)
            self._prognoses(today.year)
            seed_processing_register()
            self._retention_terms(users["privacy"])
            seed_collaboration_agenda(users)
        created = 0
        references = []
        for planned in plan:
            case, made = self._case(planned, users, organisations)
            created += made
            references.append(case.reference)
        escalation_plan = build_escalation_plan(story, today)
        accepted = []  # (planned escalation, case reference)
        for planned in escalation_plan:
            escalation = self._escalation(planned, users, organisations)
            if escalation.case_id:
                accepted.append((planned, escalation.case.reference))
        seed_lifecycle(references)  # linked cases of one family, a programme change, a reopened case
        notified = seed_demo_notifications()  # surveys answered for closed cases, reminders
        seed_meeting_changes()  # a cancelled and a moved meeting, a held one with a guest and apologies
        seed_case_bottlenecks()
        seed_plan_agreements(references)  # casusregie and two of three partners agreed on a concept
        spread_demo_dates(references, [planned.key for planned in escalation_plan], today)
        align_story_dates(references + [ref for _, ref in accepted])  # timeline, audit follow those dates
        seed_team(users, today)  # a deputy and a restricted note (handovers happen in _case)
        seed_escalation_completion(users)  # one escalation waiting for the referrer's answer, one withdrawn
        seed_duplicates()  # escalations about persons already known: running case, closed case, added
        seed_triage_table(users)  # Politie, OM and Reclassering at the triage table, with an advice
        seed_delivery_preferences()  # two regisseurs take some messages in the daily digest or in the app only
        seed_case_documents()  # a fake PDF report on a running case (documents, issue 17)
        seed_demo_documents()  # more fake PDFs: categories, a restricted one, two versions (issue 17)
        seed_letters()  # an invitation letter from a template on that case (issue 17)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo: {len(plan)} casussen ({created} nieuw), {len(escalation_plan)} aanmeldingen, "
                f"{len(users)} gebruikers, {notified['answered']} ingevulde tevredenheidsonderzoeken en "
                f"{notified['reminders']} nieuwe herinneringen."
            )
        )
        if options["manifest"]:
            self._write_manifest(options["manifest"], options["base_url"], plan, references, accepted, users)
        if not options["quiet_logins"]:
            self._print_logins(options["base_url"])

    def _organisations(self) -> dict[str, Organisation]:
        result = {}
        for name, kind in ORGANISATIONS:
            result[name], _ = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind, "is_wgs_participant": True, "convenant_date": date(2025, 3, 1)}
            )
        return result

    def _users(self, organisations) -> dict[str, User]:
        result = {}
        for username, first, last, role, organisation, title in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username)
                user.set_password(DEMO_PASSWORD)
            user.first_name, user.last_name, user.job_title = first, last, title
            user.organisation = organisations[organisation]
            user.email = f"{username}@demo.zvh.example"
            assign_role(user=user, role=role)
            ensure_demo_device(user, demo_totp_key(username))
            result[username] = user
        return result

    @staticmethod
    def _retention_terms(privacy_officer) -> None:
        """Demo values only, so the dry-run report has something to show; in a real deployment
        the privacy officer sets the terms of the decree (BGS). Existing terms are left alone."""
        for category, months in ((RetentionCategory.ESCALATION_WITHOUT_CASE, 12), (RetentionCategory.CLOSED_CASE, 24)):
            if not RetentionPolicy.objects.filter(category=category, programme__isnull=True).exists():
                set_retention_term(
                    actor=privacy_officer,
                    category=category,
                    programme=None,
                    term_months=months,
                    legal_note="Demowaarde: stel de termijn vast volgens het Besluit gegevensverwerking "
                    "samenwerkingsverbanden.",
                )

    def _prognoses(self, year: int) -> None:
        for programme in Programme.objects.all():
            base = Prognosis.objects.filter(programme=programme, year=2023).first()
            Prognosis.objects.get_or_create(
                programme=programme,
                year=year,
                defaults={
                    "expected_new": base.expected_new if base else None,
                    "expected_running": base.expected_running if base else None,
                    "note": "Demo: overgenomen uit 2023",
                },
            )

    def _case(self, planned: PlannedCase, users, organisations):
        main = planned.persons[0]
        existing = (
            Person.objects.filter(
                first_name=main["first_name"], last_name=main["last_name"], date_of_birth=main["date_of_birth"]
            )
            .select_related("case")
            .first()
        )
        if existing is not None:
            return existing.case, 0
        regisseur = users[planned.regisseur]
        with transaction.atomic():
            case = services.register_case(
                registered_by=regisseur,
                programme=Programme.objects.get(code=planned.programme),
                ave_level=planned.ave_path[0],
                summary=planned.summary,
                persons=[services.PersonData(**p) for p in planned.persons],
                casusregisseur=organisations[planned.casusregisseur] if planned.casusregisseur else None,
                municipality=demo_municipality(organisations, main["last_name"] + planned.summary),
                opened_on=planned.opened_on,
            )
            for seat in planned.seats:
                services.seat_partner(
                    case=case,
                    actor=regisseur,
                    organisation=organisations[seat.organisation],
                    professionals=[users[u] for u in seat.usernames],
                    contribution="Casusregie" if seat.organisation == planned.casusregisseur else "",
                )
            for level in planned.ave_path[1:]:
                case = services.change_ave_level(
                    case=case,
                    actor=regisseur,
                    to_level=level,
                    reason="Besproken in casusoverleg.",
                    expected_version=case.version,
                )
            for username, text in planned.notes:
                services.add_note(case=case, author=users[username], text=text)
            for seat in planned.seats:
                for username in seat.leaving:
                    professional_seat = case.participants.get(
                        organisation=organisations[seat.organisation], left_on__isnull=True
                    ).professionals.get(user=users[username], left_on__isnull=True)
                    services.unseat_professional(seat=professional_seat, actor=regisseur)
            for phase in phase_path(case.programme, planned.phase):
                closing = phase == Phase.AFGESLOTEN
                if phase == Phase.UITVOERING and case.phase == Phase.PLAN:
                    self._plan_and_meeting(case, regisseur, agree=True)  # agreed before execution starts
                case = services.change_phase(
                    case=case,
                    actor=regisseur,
                    to_phase=phase,
                    expected_version=case.version,
                    closure_reason=ClosureReason.GOALS_REACHED if closing else "",
                    closure_result=CLOSURE_RESULT if closing else "",
                    **(closing_evaluation(case) if closing else {}),
                )
            if case.phase == Phase.PLAN:
                self._plan_and_meeting(case, regisseur, agree=False)  # still being drawn up
            elif case.phase in (Phase.UITVOERING, Phase.EVALUATIE):
                self._upcoming_meeting(case, regisseur)
            self._backdate_timeline(case, planned.opened_on)
            if planned.handed_over_to:
                hand_over_cases(
                    actor=regisseur, cases=[case], to_user=users[planned.handed_over_to], reason=HANDOVER_REASON
                )
        return case, 1

    @staticmethod
    def _plan_and_meeting(case, regisseur, *, agree: bool) -> None:
        """A first plan version (analysis, goals, actions for the partners at the table) and the
        casusoverleg where it was discussed, through the real services."""
        owners = [p.organisation for p in case.participants.filter(left_on__isnull=True).select_related("organisation")]
        if not owners:
            return
        today = timezone.localdate()
        meeting = services.schedule_meeting(
            case=case, actor=regisseur, starts_at=timezone.now() - timedelta(days=10), location="ZVH, 's-Hertogenbosch",
            agenda="1. Gezamenlijke analyse\n2. Doelen en acties\n3. Casusregie",
        )  # fmt: skip
        services.record_meeting(
            meeting=meeting,
            actor=regisseur,
            expected_version=meeting.version,
            attendance={i.user_id: Attendance.PRESENT for i in meeting.invitations.all()},
            minutes="De partners delen hun beeld per leefgebied en spreken doelen en acties af.",
        )
        plan = services.start_plan(case=case, actor=regisseur)
        domains = list(LifeDomain.objects.order_by("sort_order")[:11])
        picks = [domains[(case.pk + k * 3) % len(domains)] for k in range(3)]
        for k, domain in enumerate(picks):
            services.save_assessment(
                plan=plan, actor=regisseur, domain=domain, score=1 + (case.pk + k) % 4,
                risks="Zorgen uit de meldingen van de partners.", protective_factors="Betrokken familielid.",
            )  # fmt: skip
        for k, domain in enumerate(picks[:2]):
            goal = services.add_goal(plan=plan, actor=regisseur, domain=domain, description=DEMO_GOALS[k])
            services.add_action(
                plan=plan, actor=regisseur, goal=goal, description=DEMO_ACTIONS[k],
                owner_organisation=owners[k % len(owners)], deadline=today + timedelta(days=14 + 14 * k),
            )  # fmt: skip
        services.add_decision(meeting=meeting, actor=regisseur, text=DEMO_DECISION)
        if agree:
            plan.refresh_from_db()
            services.agree_plan(plan=plan, actor=regisseur, expected_version=plan.version,
                                agreement_note="Akkoord van alle partners in het casusoverleg",
                                confirm_missing=True)  # fmt: skip

    @staticmethod
    def _upcoming_meeting(case, regisseur) -> None:
        services.schedule_meeting(
            case=case, actor=regisseur, starts_at=timezone.now() + timedelta(days=1 + case.pk % 6, hours=2),
            is_online=case.pk % 2 == 0, location="" if case.pk % 2 == 0 else "Gemeentehuis",
            agenda="1. Voortgang acties\n2. AVE-niveau\n3. Evaluatie plan",
        )  # fmt: skip

    @staticmethod
    def _backdate_timeline(case, opened_on: date, until=None) -> None:
        """Spread the events over the life of the demo case (demo only: real events keep their time)."""
        entries = list(case.timeline.order_by("created_at", "pk"))
        start = timezone.make_aware(timezone.datetime.combine(opened_on, timezone.datetime.min.time()))
        span = ((until or timezone.now()) - start) / max(len(entries), 1)
        for n, entry in enumerate(entries):  # update(): backdating is no event for the audit log
            case.timeline.filter(pk=entry.pk).update(created_at=start + span * n + timedelta(hours=9))
        case.ave_history.filter(from_level__isnull=True).update(changed_at=start + timedelta(hours=9))

    def _escalation(self, planned: PlannedEscalation, users, organisations) -> Escalation:
        existing = Escalation.objects.filter(submission_key=planned.key).select_related("case").first()
        if existing is not None:
            return existing
        referrer = users[planned.referrer]
        with transaction.atomic():
            escalation = services.submit_escalation(
                submitted_by=referrer,
                submission_key=planned.key,
                persons=[services.PersonData(**p) for p in planned.persons],
                data=services.EscalationData(
                    reason=planned.reason,
                    bottleneck_categories=self._bottlenecks(planned),
                    bottleneck_text="Partners zien het risico, maar niemand heeft het overzicht.",
                    ave_level=planned.ave_level,
                    urgency=planned.urgency,
                    goal="Samen met de partners één plan en één regisseur.",
                    person_informed=planned.outcome != EscalationStatus.REJECTED,
                    not_informed_reason="" if planned.outcome != EscalationStatus.REJECTED else "veiligheid",
                    contact_name=referrer.get_full_name(),
                    contact_phone="073 000 00 00",
                    contact_email=referrer.email,
                    municipality=demo_municipality(organisations, str(planned.key)),
                ),
            )
            submitted_at = timezone.now() - timedelta(days=planned.days_ago)
            Escalation.objects.filter(pk=escalation.pk).update(submitted_at=submitted_at)  # demo backdating
            escalation.refresh_from_db()
            if planned.outcome is not None:
                programme = Programme.objects.get(code=planned.programme) if planned.programme else None
                criteria = InclusionCriterion.objects.filter(programme=programme) if programme else []
                escalation = services.decide_escalation(
                    escalation=escalation,
                    actor=users[planned.decider],
                    outcome=planned.outcome,
                    expected_version=escalation.version,
                    feedback=FEEDBACK[planned.outcome],
                    programme=programme,
                    partner_professionals=[users[u] for u in planned.partners],
                    advice="Betrek het lokale sociaal team en vraag een gezamenlijk huisbezoek aan."
                    if planned.outcome == EscalationStatus.ADVICE
                    else "",
                    inclusion_answers={c.pk: True for c in criteria},
                    inclusion_meeting_date=timezone.localdate() - timedelta(days=7)
                    if programme and programme.requires_inclusion_meeting
                    else None,
                )
        return escalation

    @staticmethod
    def _bottlenecks(planned: PlannedEscalation) -> list[BottleneckCategory]:
        categories = list(BottleneckCategory.objects.order_by("pk"))
        picks = {planned.key.int % len(categories), (planned.key.int // 7) % len(categories)}
        return [categories[i] for i in sorted(picks)]

    def _write_manifest(self, path, base_url, plan, references, accepted, users) -> None:
        base_url = base_url.rstrip("/")
        manifest = {
            "login_url": f"{base_url}/inloggen/",
            "users": [
                {
                    "username": username,
                    "password": DEMO_PASSWORD,
                    "role": str(role),
                    "organisation": organisation,
                    "totp_secret": base32_secret(users[username].totpdevice_set.get(confirmed=True)),
                }
                for username, _, _, role, organisation, _ in USERS
            ],
            "cases": [
                {
                    "reference": reference,
                    "url": f"{base_url}/casussen/{reference}/",
                    "programme": planned.programme,
                    "person_names": [" ".join([p["first_name"], p["last_name"]]) for p in planned.persons],
                    "visible_to": planned.visible_to(),
                }
                for planned, reference in zip(plan, references, strict=True)
            ]
            + [
                {
                    "reference": reference,
                    "url": f"{base_url}/casussen/{reference}/",
                    "programme": planned.programme,
                    "person_names": [" ".join([p["first_name"], p["last_name"]]) for p in planned.persons],
                    "visible_to": planned.visible_to(),
                }
                for planned, reference in accepted
            ],
        }
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=2, ensure_ascii=False)
        self.stdout.write(f"Manifest geschreven naar {path}.")

    def _print_logins(self, base_url: str) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (wachtwoord voor iedereen: {DEMO_PASSWORD}) — {base_url}/inloggen/")
        self.stdout.write(
            "Tweede stap: zet de sleutel in een authenticator-app, of vraag de actuele code op met "
            "`python manage.py demo_totp <gebruikersnaam>`."
        )
        self.stdout.write(f"E-mail van de demo: {base_url}/dev/mail/ (bestanden in var/mail/).")
        for username, first, last, role, organisation, _ in USERS:
            secret = base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode().rstrip("=")
            self.stdout.write(f"  {username:<14} {Role(role).label:<22} {secret}  {first} {last}, {organisation}")
