"""Demo data: the Samenwerkingsagenda 2025 of ZVH Brabant Noordoost (seed 003), its priorities in
the document's order with their kartrekkers and actions, and some (fictional) progress reports.
Made through the real services. Idempotent: an existing 2025 agenda is left alone."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from agenda import services
from partners.models import (
    AgendaActionStatus,
    AgendaStatus,
    CollaborationAgenda,
    Organisation,
    PriorityStatus,
    ProgressNote,
)

YEAR = 2025
BUREAU = "Zorg- en Veiligheidshuis Brabant Noordoost"
SAMENWERKING = "Doorontwikkeling van de samenwerking"
THEMAS = "Thema's zorg en veiligheid"
OPEN, LOOPT, KLAAR = AgendaActionStatus.OPEN, AgendaActionStatus.IN_PROGRESS, AgendaActionStatus.DONE

# (focus area, title, description, kartrekker organisations, kartrekker note, status,
#  [(action, lead or None, due date or None, status)], [(reporter username, date, status, text)])
PRIORITIES = [
    (
        SAMENWERKING,
        "Governance traject Oost-Brabant",
        "Het traject van DSP vereenvoudigt en versterkt de overleggen en structuren rond zorg en veiligheid "
        "in Oost-Brabant. Het samenwerkingsverband stelt een gezamenlijk statement op voor het onderzoek en "
        "ontwikkelt zijn fundamenten door.",
        [],
        "De gedelegeerd opdrachtgevers van de ZVH's Brabant Noordoost en Zuidoost (onderzoek DSP); voor de "
        "fundamenten staan alle partners gezamenlijk aan de lat.",
        PriorityStatus.ON_TRACK,
        [
            ("Gezamenlijk statement voor het onderzoek van DSP opstellen", None, date(2025, 4, 1), KLAAR),
            ("Consultatiegroep omvormen tot partneroverleg", BUREAU, date(2025, 9, 1), KLAAR),
            ("Vertegenwoordiging van convenantpartners in de stuurgroep actualiseren", None, None, LOOPT),
            ("Informatievoorziening van de stuurgroep naar de convenantpartners verbeteren", BUREAU, None, LOOPT),
            ("Convenantpartners actualiseren en waar nodig uitbreiden", None, None, OPEN),
        ],
        [
            ("regisseur1", date(2025, 4, 10), PriorityStatus.ON_TRACK, "Statement vastgesteld in de stuurgroep."),
            ("manager", date(2025, 9, 18), PriorityStatus.ON_TRACK, "Eerste partneroverleg gehouden."),
        ],
    ),
    (
        SAMENWERKING,
        "Gedragen verantwoordelijkheid in complexe (triple) problematiek",
        "Bij dubbel- en triple problematiek (verslaving, psychiatrie, LVB) blijft de vraag wie voorliggend is "
        "het plan van aanpak vertragen. De partners onderzoeken samen de knelpunten en wat wél mogelijk is; het "
        "bureau ondersteunt en monitort de voortgang.",
        ["Reinier van Arkel", "GGZ Oost Brabant", "Novadic Kentron"],
        "Verzoek om STEVIG bij de samenwerking te betrekken.",
        PriorityStatus.AT_RISK,
        [
            ("Knelpunten uit casuïstiek bundelen voor de stuurgroep", BUREAU, date(2025, 6, 1), KLAAR),
            ("Werkafspraken over voorliggendheid bij LVB-problematiek", "GGZ Oost Brabant", date(2025, 12, 1), LOOPT),
        ],
        [
            (
                "ggz1",
                date(2025, 10, 2),
                PriorityStatus.AT_RISK,
                "Werkafspraken in concept; STEVIG nog niet aangesloten.",
            ),
        ],
    ),
    (
        SAMENWERKING,
        "Verbinding met het zorgkantoor",
        "Met het zorgkantoor en/of het CIZ de huisvestings- en plaatsingsproblematiek van de kwetsbare "
        "doelgroep adresseren, en de eis van een LVB-diagnose vóór het achttiende jaar bespreken.",
        ["Gemeente 's-Hertogenbosch"],
        "",
        PriorityStatus.ON_TRACK,
        [("Gesprek met het zorgkantoor over maatwerk bij plaatsing", "Gemeente 's-Hertogenbosch", None, LOOPT)],
        [("gemeente1", date(2025, 6, 12), PriorityStatus.ON_TRACK, "Eerste gesprek met het zorgkantoor gevoerd.")],
    ),
    (
        SAMENWERKING,
        "Verbinding met het Toekomstscenario Kind- en Gezinsbescherming",
        "De partners volgen het programma en onderzoeken welke rol zij daarin kunnen vervullen.",
        [],
        "Kartrekker wordt gekozen na het onderzoek van de Werkgroep ViA.",
        PriorityStatus.ON_HOLD,
        [],
        [],
    ),
    (
        SAMENWERKING,
        "Vormgeven van het kennisknooppunt",
        "Het ondersteunend bureau als verbindende factor tussen landelijke ontwikkelingen en regionale en lokale "
        "uitdagingen: een lerend netwerk in de consultatiegroep en netwerksessies op operationeel niveau.",
        ["Gemeente Oss", "Gemeente 's-Hertogenbosch", "Veilig Thuis", "GGD Hart voor Brabant", BUREAU],
        "",
        PriorityStatus.ON_TRACK,
        [
            ("Verbinding met het voorliggend veld: elkaar informeren en van elkaar leren", None, None, LOOPT),
            ("Inventarisatie van methodieken (zoals AVE en Top-3) en hun verhouding", BUREAU, None, KLAAR),
            ("Overzicht van landelijke ontwikkelingen en aanbevelingen per thema", BUREAU, None, LOOPT),
        ],
        [("regisseur1", date(2025, 11, 6), PriorityStatus.ON_TRACK, "Overzicht methodieken gedeeld.")],
    ),
    (
        SAMENWERKING,
        "Implementatie van de Wet gegevensverwerking door samenwerkingsverbanden (WGS)",
        "De WGS treedt op 1 maart 2025 in werking. Het samenwerkingsverband regelt het onderscheid in "
        "deelnemers en hun verantwoordelijkheden en besluit opnieuw over convenant en privacyprotocol.",
        [BUREAU],
        "",
        PriorityStatus.DONE,
        [
            ("Deelnemers en hun verantwoordelijkheden vastleggen", BUREAU, date(2025, 3, 1), KLAAR),
            ("Samenwerkingsconvenant actualiseren en opnieuw besluiten", BUREAU, date(2025, 3, 1), KLAAR),
            ("Privacyprotocol actualiseren", BUREAU, date(2025, 3, 1), KLAAR),
        ],
        [("regisseur1", date(2025, 3, 3), PriorityStatus.DONE, "Convenant en privacyprotocol vastgesteld.")],
    ),
    (
        SAMENWERKING,
        "Inrichting Stelselmatige Daders",
        "Investeren in de samenwerking rond ISD-betrokkenen, informatie- en kennisdeling en waar nodig "
        "samenwerkingsafspraken.",
        ["Openbaar Ministerie"],
        "Samen met 3RO; het bureau ondersteunt en faciliteert.",
        PriorityStatus.NOT_STARTED,
        [],
        [],
    ),
    (
        THEMAS,
        "Subsidie Grip op Onbegrip",
        "Extra impuls voor samenwerking en kennis rond personen met onbegrepen gedrag in Oost-Brabant. Het "
        "samenwerkingsverband haakt aan op deelproject 3B ‘Aanpak plaatsingsproblematiek Oost-Brabant’.",
        [BUREAU],
        "Projectleider deelproject 1 ‘Netwerkpartnerschap’; voor deelproject 3B wordt nog een projectleider gezocht.",
        PriorityStatus.AT_RISK,
        [("Projectleider voor deelproject 3B vinden", None, date(2025, 6, 30), OPEN)],
        [("manager", date(2025, 7, 3), PriorityStatus.AT_RISK, "Nog geen projectleider voor deelproject 3B.")],
    ),
    (
        THEMAS,
        "Levensloopaanpak in de regio",
        "Informatie over de Levensloopaanpak opnieuw verspreiden, kennis delen over regievoering en governance, "
        "en het ideale werkproces, het levensloopplan en de uniforme overdracht verder invoeren.",
        ["GGZe"],
        "Namens de levensloopaanbieders (Reinier van Arkel, GGZ Oost Brabant, GGZe, STEVIG, De Rooyse Wissel, "
        "Novadic Kentron); het bureau sluit aan.",
        PriorityStatus.ON_TRACK,
        [
            ("Netwerkbijeenkomst over de Levensloopaanpak", BUREAU, date(2025, 5, 15), KLAAR),
            ("Uniforme overdracht invoeren", "GGZe", date(2025, 12, 31), LOOPT),
        ],
        [],
    ),
    (
        THEMAS,
        "Grenzen aan de zorgplicht",
        "Een themabijeenkomst over de vraag tot hoever de zorgplicht van de gemeente reikt, om daarna "
        "consensus te zoeken op (onderdelen van) het vraagstuk.",
        ["Gemeente Oss", "Gemeente Boekel", "Gemeente Meierijstad", "Gemeente Vught", BUREAU],
        "Gemeente Oss is eerste kartrekker.",
        PriorityStatus.ON_TRACK,
        [("Themabijeenkomst grenzen aan de zorgplicht", "Gemeente Oss", date(2025, 10, 1), KLAAR)],
        [("gemeente2", date(2025, 10, 9), PriorityStatus.ON_TRACK, "Themabijeenkomst gehouden; verslag volgt.")],
    ),
    (
        THEMAS,
        "Preventie met Gezag (Bossche Veerkracht)",
        "Procesregie op complexe jeugdcasuïstiek en een lerend netwerk binnen het jeugdstelsel; lessen worden "
        "gedeeld met partners en gemeenten in en buiten de regio.",
        ["Gemeente 's-Hertogenbosch"],
        "",
        PriorityStatus.ON_TRACK,
        [],
        [],
    ),
    (
        THEMAS,
        "Plegeraanpak",
        "De plegeraanpak een vanzelfsprekend onderdeel maken van de maatregelen en interventies bij huiselijk "
        "geweld en kindermishandeling, op basis van de aanbevelingen van Queste.",
        [],
        "In afwachting van de doorstart van de Werkgroep ViA.",
        PriorityStatus.ON_HOLD,
        [],
        [],
    ),
]


@transaction.atomic
def seed_collaboration_agenda(users: dict) -> CollaborationAgenda:
    """The 2025 agenda, once. `users` are the demo users by username (manager, regisseur1, …)."""
    existing = CollaborationAgenda.objects.filter(year=YEAR).first()
    if existing is not None:
        return existing
    manager = users["manager"]
    agenda = services.create_agenda(
        actor=manager,
        year=YEAR,
        title=f"Samenwerkingsagenda {YEAR}",
        introduction="Van, voor en door de samenwerkende partners: de eerste samenwerkingsagenda van het "
        "Zorg- en Veiligheidshuis Brabant Noordoost, op basis van de inputsessie van 17 december 2024.",
    )
    agenda = services.update_agenda(
        actor=manager,
        agenda=agenda,
        expected_version=agenda.version,
        title=agenda.title,
        introduction=agenda.introduction,
        status=AgendaStatus.ADOPTED,
        adopted_on=date(2025, 2, 13),
    )
    organisations = {o.name: o for o in Organisation.objects.all()}
    for area, title, description, kartrekkers, note, status, actions, reports in PRIORITIES:
        priority = services.save_priority(
            actor=manager,
            agenda=agenda,
            data=services.PriorityData(
                focus_area=area,
                title=title,
                description=description,
                kartrekkers=[organisations[name] for name in kartrekkers if name in organisations],
                kartrekker_note=note,
            ),
        )
        for text, lead, due_on, action_status in actions:
            services.save_action(
                actor=manager,
                priority=priority,
                data=services.ActionData(
                    description=text, lead=organisations.get(lead), due_on=due_on, status=action_status
                ),
            )
        if priority.status != status and not reports:
            reports = [("manager", date(YEAR, 11, 20), status, "Stand bijgewerkt voor de stuurgroep.")]
        for username, on, report_status, text in reports:
            priority.refresh_from_db()
            made = services.add_progress_note(
                actor=users[username], priority=priority, text=text, status=report_status,
                expected_version=priority.version,
            )  # fmt: skip
            at = timezone.make_aware(datetime.combine(on, time(10, 0)))
            ProgressNote.objects.filter(pk=made.pk).update(created_at=at)  # demo: dated in the agenda's year
    return agenda
