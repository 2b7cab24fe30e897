"""Bringing running cases in from GCOS or spreadsheets (`manage.py import_cases`, docs/import.md).

Everything is validated first; a case with any problem in any of its rows is refused as a whole
and named in the report with every reason, so the ZVH can correct the file and run it again. Each
accepted case is written in its own transaction through the same services the browser uses
(register_case, seat_partner, change_ave_level, the plan services), so grants, the timeline and
the access log follow as for every case. A case's reference in the old system
(`Case.external_reference`) makes a second run of the same file change nothing. Messages to
partners are held back: a seat or an action of last spring is not news on import day.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.import_file import Row
from cases.models import ActionStatus, AveLevel, Case, LifeDomain, PersonRole, Phase, TimelineEntry, TimelineKind
from cases.models.case import PHASE_STEPS
from cases.validators import validate_bsn
from partners.models import Organisation, Role, User
from privacy.models import AccessAction
from privacy.services import log_access
from programmes.models import Programme
from zvh.errors import ServiceError
from zvh.formats import date_text, moment_text

from . import notify, plan
from .case import PersonData, change_ave_level, change_phase, register_case, seat_partner

IMPORTABLE_PHASES = (Phase.AANMELDING, Phase.ANALYSE, Phase.PLAN, Phase.UITVOERING, Phase.EVALUATIE)
EARLIEST = date(2000, 1, 1)


@dataclass
class Problem:
    where: str  # "betrokkenen, rij 5"
    column: str
    message: str

    def __str__(self) -> str:
        column = f", kolom {self.column}" if self.column else ""
        return f"{self.where}{column}: {self.message}"


@dataclass
class CaseToImport:
    external_reference: str
    row: Row
    programme: Programme | None = None
    opened_on: date | None = None
    phase: str = Phase.ANALYSE
    ave_level: int = 0
    summary: str = ""
    procesregisseur: User | None = None
    casusregisseur: Organisation | None = None
    municipality: Organisation | None = None
    persons: list[PersonData] = field(default_factory=list)
    seats: list[tuple[Organisation, list[User], str]] = field(default_factory=list)
    ave_history: list[tuple[date, int, str]] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    imported: list[tuple[str, str]] = field(default_factory=list)  # (external reference, our reference)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    refused: list[CaseToImport] = field(default_factory=list)
    stray_rows: list[Problem] = field(default_factory=list)  # rows of no known case

    @property
    def ok(self) -> bool:
        return not self.refused and not self.stray_rows

    def text(self) -> str:
        lines = [
            f"Importrapport {self.source}",
            f"Gemaakt op {moment_text(timezone.localtime())}"
            + (" — PROEFRUN: er is niets opgeslagen." if self.dry_run else ""),
            "",
            f"{'Zou worden geïmporteerd' if self.dry_run else 'Geïmporteerd'}: {len(self.imported)} casus(sen)",
            f"Al eerder geïmporteerd (ongewijzigd): {len(self.unchanged)}",
            f"Geweigerd: {len(self.refused)}",
        ]
        for external, reference in self.imported:
            lines.append(f"  + {external}" + (f" → {reference}" if reference else ""))
        for external, reference in self.unchanged:
            lines.append(f"  = {external} → {reference}")
        if self.refused:
            lines += ["", "Geweigerde casussen (verbeter het bestand en importeer opnieuw):"]
            for case in self.refused:
                lines.append(f"- Casus {case.external_reference or '(zonder kenmerk)'} ({case.row.where}):")
                lines += [f"    • {problem}" for problem in case.problems]
        if self.stray_rows:
            lines += ["", "Rijen die bij geen casus in het bestand horen (niet geïmporteerd):"]
            lines += [f"- {problem}" for problem in self.stray_rows]
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """2025-03-14 (ISO, and what XLSX cells become) or 14-03-2025 (as GCOS and Dutch sheets write it)."""
    input_formats = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
    for pattern in input_formats:
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    return None


class _Lookups:
    """Reference data by the names a file uses, loaded once."""

    def __init__(self):
        self.programmes = {p.code.upper(): p for p in Programme.objects.all()}
        self.organisations = {o.name.casefold(): o for o in Organisation.objects.all()}
        self.users = {u.username.casefold(): u for u in User.objects.select_related("organisation")}
        self.domains = {d.name.casefold(): d for d in LifeDomain.objects.filter(is_active=True)}
        self.roles = {
            **{v: v for v in PersonRole.values},
            **{str(label).casefold(): v for v, label in PersonRole.choices},
        }


def _date(
    row: Row, column: str, problems: list, *, required: bool, future_ok: bool = False, earliest: date = EARLIEST
) -> date | None:
    text = row.get(column)
    if not text:
        if required:
            problems.append(Problem(row.where, column, "Vul een datum in (JJJJ-MM-DD of DD-MM-JJJJ)."))
        return None
    value = parse_date(text)
    if value is None:
        problems.append(Problem(row.where, column, f"'{text}' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)."))
    elif value < earliest or (not future_ok and value > timezone.localdate()):
        too_early = f"voor {earliest:%Y}" if value < earliest else "in de toekomst"
        problems.append(Problem(row.where, column, f"{date_text(value)} ligt {too_early}."))
        return None
    return value


def _level(row: Row, column: str, problems: list) -> int:
    text = row.get(column).upper().removeprefix("AVE")
    if text not in {str(v) for v in AveLevel.values}:
        problems.append(Problem(row.where, column, f"'{row.get(column)}' is geen AVE-niveau (1 tot en met 4)."))
        return 0
    return int(text)


def _organisation(row: Row, column: str, lookups: _Lookups, problems: list, *, required: bool) -> Organisation | None:
    name = row.get(column)
    if not name:
        if required:
            problems.append(Problem(row.where, column, "Vul de naam van de organisatie in."))
        return None
    organisation = lookups.organisations.get(name.casefold())
    if organisation is None:
        problems.append(
            Problem(row.where, column, f"Onbekende organisatie '{name}' (zoals in Samenwerking › Organisaties).")
        )
    return organisation


def _user(row: Row, column: str, lookups: _Lookups, problems: list) -> User | None:
    username = row.get(column)
    if not username:
        return None
    user = lookups.users.get(username.casefold())
    if user is None or not user.is_active:
        problems.append(Problem(row.where, column, f"Onbekende of inactieve gebruiker '{username}'."))
        return None
    return user


def _case_row(row: Row, lookups: _Lookups) -> CaseToImport:
    case = CaseToImport(external_reference=row.get("extern_kenmerk"), row=row)
    problems = case.problems
    if not case.external_reference:
        problems.append(Problem(row.where, "extern_kenmerk", "Vul het kenmerk van de casus in het vorige systeem in."))
    elif len(case.external_reference) > 60:
        problems.append(Problem(row.where, "extern_kenmerk", "Een kenmerk is hoogstens 60 tekens lang."))
    code = row.get("programma").upper()
    case.programme = lookups.programmes.get(code)
    if case.programme is None:
        known = ", ".join(sorted(lookups.programmes))
        problems.append(
            Problem(row.where, "programma", f"Onbekend programma '{row.get('programma')}' (bekend: {known}).")
        )
    case.opened_on = _date(row, "startdatum", problems, required=True)
    phase = row.get("fase").lower() or Phase.ANALYSE
    if phase not in IMPORTABLE_PHASES:
        allowed = ", ".join(IMPORTABLE_PHASES)
        problems.append(
            Problem(row.where, "fase", f"'{row.get('fase')}' is geen fase van een lopende casus ({allowed}).")
        )
    elif case.programme is not None and phase not in PHASE_STEPS.get(case.programme.phase_flow, ()):
        problems.append(Problem(row.where, "fase", f"Het programma {code} kent de fase '{phase}' niet."))
    case.phase = phase
    case.ave_level = _level(row, "ave_niveau", problems)
    case.summary = row.get("aanleiding")
    if not case.summary:
        problems.append(Problem(row.where, "aanleiding", "Beschrijf de aanleiding en de hulpvraag."))
    elif len(case.summary) > 4000:
        problems.append(Problem(row.where, "aanleiding", f"Hoogstens 4000 tekens ({len(case.summary)} gegeven)."))
    case.procesregisseur = _user(row, "procesregisseur", lookups, problems)
    if not row.get("procesregisseur"):
        problems.append(Problem(row.where, "procesregisseur", "Vul de gebruikersnaam van de procesregisseur in."))
    elif case.procesregisseur is not None and case.procesregisseur.role != Role.PROCESREGISSEUR:
        problems.append(
            Problem(row.where, "procesregisseur", f"{case.procesregisseur.username} is geen procesregisseur.")
        )
    case.casusregisseur = _organisation(row, "casusregisseur", lookups, problems, required=False)
    case.municipality = _organisation(row, "gemeente", lookups, problems, required=False)
    return case


def _person(row: Row, lookups: _Lookups, problems: list) -> PersonData | None:
    for column in ("voornaam", "achternaam"):
        if not row.get(column):
            problems.append(Problem(row.where, column, f"Vul de {column} in."))
    role = lookups.roles.get(row.get("rol").casefold())
    if role is None:
        problems.append(
            Problem(row.where, "rol", f"'{row.get('rol')}' is geen rol (bekend: {', '.join(PersonRole.values)}).")
        )
    born = _date(row, "geboortedatum", problems, required=False, earliest=date(1900, 1, 1))
    bsn = re.sub(r"[\s.]", "", row.get("bsn"))
    try:
        validate_bsn(bsn)
    except Exception as error:  # noqa: BLE001 (a ValidationError: its Dutch message is the report)
        problems.append(Problem(row.where, "bsn", " ".join(getattr(error, "messages", [str(error)]))))
    if problems or role is None:
        return None
    return PersonData(
        first_name=row.get("voornaam")[:100],
        name_prefix=row.get("tussenvoegsel")[:20],
        last_name=row.get("achternaam")[:100],
        role_in_case=role,
        date_of_birth=born,
        street_address=row.get("adres")[:200],
        postal_code=row.get("postcode")[:10],
        city=row.get("woonplaats")[:100],
        bsn=bsn,
    )


def validate(rows: dict[str, list[Row]]) -> tuple[list[CaseToImport], list[Problem]]:
    """Every case of the file with its problems (empty: importable), and rows of no case."""
    lookups = _Lookups()
    cases: dict[str, CaseToImport] = {}
    duplicates: dict[str, list[Row]] = defaultdict(list)
    ordered: list[CaseToImport] = []
    for row in rows["casussen"]:
        case = _case_row(row, lookups)
        ordered.append(case)
        if case.external_reference in cases:
            duplicates[case.external_reference].append(row)
        elif case.external_reference:
            cases[case.external_reference] = case
    for external, extra in duplicates.items():
        first = cases[external]
        for row in extra:
            first.problems.append(
                Problem(row.where, "extern_kenmerk", f"Het kenmerk {external} staat ook op {first.row.where}.")
            )
    ordered = [
        case for case in ordered if case.external_reference not in duplicates or case is cases[case.external_reference]
    ]
    stray: list[Problem] = []

    def owner(row: Row) -> CaseToImport | None:
        case = cases.get(row.get("extern_kenmerk"))
        if case is None:
            stray.append(
                Problem(
                    row.where,
                    "extern_kenmerk",
                    f"Geen casus met kenmerk '{row.get('extern_kenmerk')}' op het blad casussen.",
                )
            )
        return case

    for row in rows["betrokkenen"]:
        if (case := owner(row)) is not None:
            person = _person(row, lookups, case.problems)
            if person is not None:
                case.persons.append(person)
    for row in rows["partners"]:
        if (case := owner(row)) is None:
            continue
        organisation = _organisation(row, "organisatie", lookups, case.problems, required=True)
        if organisation is not None and not (organisation.is_wgs_participant and organisation.is_active):
            case.problems.append(
                Problem(
                    row.where, "organisatie", f"{organisation} is geen actieve WGS-deelnemer en kan niet aan tafel."
                )
            )
        professionals = []
        for username in filter(None, (part.strip() for part in re.split(r"[;,]", row.get("professionals")))):
            user = lookups.users.get(username.casefold())
            if user is None or not user.is_active:
                case.problems.append(
                    Problem(row.where, "professionals", f"Onbekende of inactieve gebruiker '{username}'.")
                )
            elif organisation is not None and (
                user.organisation_id != organisation.pk or user.role != Role.PARTNERPROFESSIONAL
            ):
                case.problems.append(
                    Problem(row.where, "professionals", f"{username} is geen partnerprofessional van {organisation}.")
                )
            else:
                professionals.append(user)
        if organisation is not None:
            case.seats.append((organisation, professionals, row.get("bijdrage")[:500]))
    for row in rows["ave"]:
        if (case := owner(row)) is None:
            continue
        when, level = _date(row, "datum", case.problems, required=True), _level(row, "niveau", case.problems)
        if not row.get("reden"):
            case.problems.append(Problem(row.where, "reden", "Geef de reden van dit AVE-niveau."))
        if when and level:
            case.ave_history.append((when, level, row.get("reden")[:2000]))
    for row in rows["acties"]:
        if (case := owner(row)) is None:
            continue
        _action(row, case, lookups)
    for case in ordered:
        _whole_case(case)
    return ordered, stray


def _action(row: Row, case: CaseToImport, lookups: _Lookups) -> None:
    problems = case.problems
    organisation = _organisation(row, "organisatie", lookups, problems, required=True)
    if organisation is not None and organisation not in [seat[0] for seat in case.seats]:
        problems.append(
            Problem(
                row.where, "organisatie", f"{organisation} zit niet aan tafel (blad partners) en kan geen actie hebben."
            )
        )
    deadline = _date(row, "deadline", problems, required=True, future_ok=True)
    status = row.get("status").lower() or ActionStatus.OPEN
    if status not in ActionStatus.values:
        problems.append(
            Problem(
                row.where, "status", f"'{row.get('status')}' is geen status (bekend: {', '.join(ActionStatus.values)})."
            )
        )
    domain = None
    if row.get("doel"):
        domain = lookups.domains.get(row.get("leefgebied").casefold())
        if domain is None:
            problems.append(
                Problem(row.where, "leefgebied", f"Onbekend leefgebied '{row.get('leefgebied')}' (nodig bij een doel).")
            )
    if not row.get("actie"):
        problems.append(Problem(row.where, "actie", "Beschrijf de actie."))
    case.actions.append(
        {
            "description": row.get("actie")[:1000],
            "organisation": organisation,
            "owner_user": _user(row, "uitvoerder", lookups, problems),
            "deadline": deadline,
            "status": status,
            "domain": domain,
            "goal": row.get("doel")[:1000],
        }
    )


def _whole_case(case: CaseToImport) -> None:
    if not case.persons and not any(p.where.startswith("betrokkenen") for p in case.problems):
        case.problems.append(
            Problem(case.row.where, "", "Een casus heeft ten minste één betrokkene (blad betrokkenen).")
        )
    if case.ave_history:
        case.ave_history.sort(key=lambda entry: entry[0])
        if case.ave_level and case.ave_history[-1][1] != case.ave_level:
            case.problems.append(
                Problem(
                    case.row.where,
                    "ave_niveau",
                    f"AVE{case.ave_level} verschilt van het laatste niveau op het blad ave "
                    f"(AVE{case.ave_history[-1][1]}).",
                )
            )
        if case.opened_on and case.ave_history[0][0] < case.opened_on:
            case.problems.append(
                Problem(case.row.where, "startdatum", "Het eerste AVE-niveau ligt voor de startdatum van de casus.")
            )
    if case.actions and case.programme is not None and case.programme.is_advice_flow:
        case.problems.append(
            Problem(
                case.row.where,
                "programma",
                f"Een casus van {case.programme.code} (advies) heeft geen plan en dus geen acties.",
            )
        )


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def import_cases(rows: dict[str, list[Row]], *, importer: User, source: str, dry_run: bool = False) -> ImportReport:
    """Validate the whole file, then write each acceptable case in its own transaction (nothing in
    a dry run). `importer` is who runs the import; it is in the access log and the timeline."""
    report = ImportReport(source=source, dry_run=dry_run)
    cases, report.stray_rows = validate(rows)
    existing = dict(
        Case.objects.filter(external_reference__in=[c.external_reference for c in cases]).values_list(
            "external_reference", "reference"
        )
    )
    for case in cases:
        if case.external_reference in existing:
            report.unchanged.append((case.external_reference, existing[case.external_reference]))
        elif case.problems:
            report.refused.append(case)
        elif dry_run:
            report.imported.append((case.external_reference, ""))
        else:
            try:
                reference = _write(case, importer=importer, source=source)
            except IntegrityError:
                # Another run imported it at the same moment (the unique external reference).
                reference = Case.objects.get(external_reference=case.external_reference).reference
                report.unchanged.append((case.external_reference, reference))
            except ServiceError as error:
                case.problems.append(Problem(case.row.where, error.field or "", error.message))
                report.refused.append(case)
            else:
                report.imported.append((case.external_reference, reference))
    return report


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


@transaction.atomic
def _write(case: CaseToImport, *, importer: User, source: str) -> str:
    regisseur = case.procesregisseur
    history = case.ave_history or [(case.opened_on, case.ave_level, "Niveau bij overname uit het vorige systeem")]
    with notify.held_back():
        created = register_case(
            registered_by=regisseur,
            procesregisseur=regisseur,
            programme=case.programme,
            ave_level=history[0][1],
            summary=case.summary,
            persons=case.persons,
            casusregisseur=case.casusregisseur,
            municipality=case.municipality,
            opened_on=case.opened_on,
            initial_phase=Phase.AANMELDING if case.phase == Phase.AANMELDING else Phase.ANALYSE,
            external_reference=case.external_reference,
        )
        first = created.ave_history.get()
        first.reason, first.changed_at = history[0][2], _at(history[0][0])
        first.save(update_fields=["reason", "changed_at"])
        for when, level, reason in history[1:]:
            if level == created.ave_level:
                continue
            created = change_ave_level(
                case=created, actor=regisseur, to_level=level, reason=reason, expected_version=created.version
            )
            latest = created.ave_history.latest("pk")
            latest.changed_at = _at(when)
            latest.save(update_fields=["changed_at"])
        for organisation, professionals, contribution in case.seats:
            seat_partner(
                case=created,
                actor=regisseur,
                organisation=organisation,
                professionals=professionals,
                contribution=contribution,
            )
        if case.actions:
            _write_plan(created, case, regisseur)
        steps = PHASE_STEPS.get(created.programme.phase_flow, PHASE_STEPS["standaard"])
        while created.phase != case.phase and steps.index(created.phase) < steps.index(case.phase):
            created.refresh_from_db()
            target = steps[steps.index(created.phase) + 1]
            created = change_phase(
                case=created,
                actor=regisseur,
                to_phase=target,
                expected_version=created.version,
                note="Overgenomen uit het vorige systeem.",
            )
        TimelineEntry.objects.create(
            case=created,
            kind=TimelineKind.CREATED,
            text=f"Overgenomen uit het vorige systeem (kenmerk {case.external_reference}, {source}) door {importer}.",
            author=importer,
        )
        log_access(
            user=importer,
            action=AccessAction.CREATE,
            allowed=True,
            case=created,
            object_type="import",
            object_reference=case.external_reference[:20],
            reason=f"Import van lopende casus uit {source}",
        )
    return created.reference


def _write_plan(created: Case, case: CaseToImport, regisseur: User) -> None:
    concept = plan.start_plan(case=created, actor=regisseur)
    goals = {}
    for action in case.actions:
        goal = None
        if action["goal"]:
            key = (action["domain"].pk, action["goal"])
            if key not in goals:
                goals[key] = plan.add_goal(
                    plan=concept, actor=regisseur, domain=action["domain"], description=action["goal"]
                )
            goal = goals[key]
        written = plan.add_action(
            plan=concept,
            actor=regisseur,
            description=action["description"],
            owner_organisation=action["organisation"],
            owner_user=action["owner_user"],
            deadline=action["deadline"],
            goal=goal,
        )
        if action["status"] != ActionStatus.OPEN:
            plan.update_action_status(
                action=written, actor=regisseur, status=action["status"], note="Status uit het vorige systeem."
            )
