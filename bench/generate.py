"""Build a benchmark database: ten years of a national ZVH instance, written with COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zvh_bench python -m bench.generate --cases 100000

Refuses any database whose name does not start with `zvh_bench`. The database is created and
migrated (the migrations own every table and index; nothing is dropped or re-created). A finished
build records a marker (COMMENT ON DATABASE); a later run with the same generator version and size
only migrates and returns. An unfinished build (no marker, data present) is dropped and rebuilt.

Shape (per 100,000 cases, the rest scaled): 60 organisations (30 municipalities, safety, care,
8 ZVH bureaus), 1,000 users (100 procesregisseurs, ~860 partner professionals), cases over the
programmes in the proportions of the 2023 prognoses (seed 000) and over ten years, so most are
closed and ~8% open in every phase; 250,000 persons with names and elfproef-valid BSNs;
partners and professionals at the table; grants exactly as `privacy.policy.desired_grants`
derives them; plans with analysis, goals and 500,000 actions; meetings with invitations and
decisions; escalations (a few hundred pending); 5,000,000 access-log entries shaped like
`privacy.services.log_access` writes them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
import uuid
from bisect import bisect_right
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

GENERATOR_VERSION = 4
PASSWORD = "Bench-ZVH-wachtwoord-2026"  # noqa: S105 (benchmark accounts only, never a real database)
SEED = 20261125

FIRST_NAMES = (
    "Jan Kees Ahmed Mohamed Sven Lars Bas Tim Rik Niels Erik Koen Daan Sem Luuk Milan Thijs Jesse Bram Stijn "
    "Ingrid Monique Petra Yvonne Samira Fleur Lotte Iris Naomi Chantal Emma Julia Sophie Anna Tess Zoë Noor "
    "Fatima Yasmina Priya Wendy Sandra Marieke Hanneke Esra Bilal Youssef Mustafa Kevin Dennis Ricardo Jordy"
).split()
LAST_NAMES = (
    "Aalbers Beekman Coenen Driessen Ebben Franssen Gerrits Hoeks IJzerman Jacobs Kerkhof Lambregts Manders "
    "Nouwens Oomen Pijnenburg Quist Raaijmakers Schellekens Thijssen Uijen Verbakel Wouters Zegers Jansen Bakker "
    "Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Kok Postma Yilmaz Kaya Öztürk "
    "Boukhari Amrani Tahiri Pinas Doest Klaassen Vermeulen Willems Maas Verhoeven Timmermans Kuijpers"
).split()
PREFIXES = ["", "", "", "", "", "van", "de", "van der", "van den", "ter"]
CITIES = "Amsterdam Rotterdam Den Haag Utrecht Eindhoven Tilburg Groningen Breda Nijmegen Oss Helmond Zwolle".split()
STREETS = ["Kerkstraat", "Molenweg", "Stationsplein", "Dorpsstraat", "Lindelaan", "Brugstraat", "Schoolstraat"]
MUNICIPALITIES = (
    "'s-Hertogenbosch Bernheze Boekel Boxtel Land-van-Cuijk Maashorst Meierijstad Oss Sint-Michielsgestel Vught "
    "Eindhoven Helmond Amsterdam Rotterdam Den-Haag Utrecht Tilburg Groningen Breda Nijmegen Apeldoorn Haarlem "
    "Arnhem Zaanstad Amersfoort Enschede Zwolle Leiden Maastricht Dordrecht"
).split()
SAFETY = [
    "Politie Oost-Brabant", "Politie Amsterdam", "Politie Rotterdam", "Openbaar Ministerie",
    "Reclassering Nederland", "Dienst Justitiële Inrichtingen", "Raad voor de Kinderbescherming", "Veilig Thuis",
]  # fmt: skip
CARE = [
    "GGD Hart voor Brabant", "Reinier van Arkel", "GGZ Oost Brabant", "GGZe", "Novadic Kentron",
    "Jeugdbescherming Brabant", "William Schrikker Stichting", "Sociom", "Ons Welzijn", "Arkin", "Parnassia",
    "Tactus Verslavingszorg", "Leger des Heils", "Jeugdbescherming Rotterdam",
]  # fmt: skip
BUREAUS = [
    f"Zorg- en Veiligheidshuis {r}"
    for r in ("Brabant Noordoost", "Regio Eindhoven", "Amsterdam-Amstelland", "Rotterdam Rijnmond",
              "Haaglanden", "Utrecht", "Groningen", "IJsselland")
]  # fmt: skip
# New cases per year in the 2023 prognoses of seed 000 (LLA: a handful).
PROGRAMME_WEIGHTS = {"COM": 100, "COM-ADVIES": 50, "PGA-RAD": 5, "PGA-JEUGD": 20, "PGA-OG": 15, "MDA++": 15, "LLA": 5}
OPEN_PHASES = [("aanmelding", 4), ("triage", 4), ("analyse", 14), ("plan", 20), ("uitvoering", 46), ("evaluatie", 12)]
PATH = ["aanmelding", "triage", "analyse", "plan", "uitvoering", "evaluatie", "afgesloten"]
PHASE_LABEL = {
    "triage": "Triage", "analyse": "Analyse", "plan": "Plan van aanpak", "uitvoering": "Uitvoering en monitoring",
    "evaluatie": "Evaluatie", "afgesloten": "Afgesloten",
}  # fmt: skip
CLOSURE_REASONS = ["doelen_bereikt"] * 5 + ["afgeschaald"] * 3 + ["overgedragen"] * 2 + ["verhuisd", "detentie"]
GOALS = ["Stabiele woonsituatie zonder overlast.", "Passende behandeling waar betrokkene aan meewerkt.",
         "Schulden in beeld en een betalingsregeling.", "Veilige thuissituatie voor de kinderen."]  # fmt: skip
ACTIONS = ["Gezamenlijk huisbezoek plannen.", "Intake bij de behandelaar regelen.", "Budgetbeheer aanvragen.",
           "Afspraken met de woningcorporatie vastleggen.", "Veiligheidsplan opstellen met het gezin."]  # fmt: skip
MINUTES = "De partners delen hun beeld per leefgebied en spreken doelen en acties af."


def log(message: str) -> None:
    print(f"[bench.generate {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def totp_key(username: str) -> str:
    """The TOTP secret (hex, 20 bytes) of a benchmark account; the load journeys derive it too."""
    return hashlib.sha1(f"zvh-bench-totp-{username}".encode(), usedforsecurity=False).hexdigest()


def make_bsn(rng: random.Random) -> str:
    """A random 9-digit number that passes the elfproef."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def attendance(rng: random.Random) -> str:
    """An invitee of a held meeting: mostly present, some excused (afgemeld), a few absent."""
    return rng.choices(["aanwezig", "afgemeld", "afwezig"], [85, 10, 5])[0]


def marker_text(cases: int) -> str:
    return f"zvh-bench v{GENERATOR_VERSION} cases={cases} complete"


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?")[0]


# --- database lifecycle ---------------------------------------------------------------------------


def admin_connect(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def prepare_database(url: str, cases: int, *, rebuild: bool) -> bool:
    """Create the database if needed. True when a finished build of this size is already there."""
    name = database_name(url)
    if not name.startswith("zvh_bench"):
        sys.exit(f"Refusing to touch database {name!r}: benchmark databases are named zvh_bench*.")
    with admin_connect(url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if row is not None and row[0] == marker_text(cases) and not rebuild:
            return True
        if row is not None:
            log(f"dropping unfinished or outdated {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def mark_done(url: str, cases: int) -> None:
    with admin_connect(url) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{database_name(url)}\" IS '{marker_text(cases)}'")


# --- the generator --------------------------------------------------------------------------------


class Generator:
    def __init__(self, cases: int):
        self.n_cases = cases
        self.scale = cases / 100_000
        self.rng = random.Random(SEED + cases)
        self.today = date.today()
        self.now = datetime.now(UTC)
        from django.db import connection

        connection.ensure_connection()
        self.pg = connection.connection  # the psycopg 3 connection under Django's
        self.ids: dict[str, int] = {}
        from demo.management.commands.seed_demo import NOTES, SUMMARIES  # the demo's texts

        self.summaries, self.notes = SUMMARIES, NOTES

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def copy(self, table: str, columns: list[str], rows) -> int:
        count = 0
        with self.pg.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def timed_copy(self, table: str, columns: list[str], rows) -> None:
        started = time.monotonic()
        count = self.copy(table, columns, rows)
        log(f"{table}: {count:,} rows in {time.monotonic() - started:.1f}s")

    @contextmanager
    def secondary_indexes_built_after(self, table: str):
        """Load a big table first and index it afterwards, as pg_restore does: COPY into the
        access log with its dozen indexes (one GIN without a pending list) takes minutes longer than
        the COPY plus building each index once. The indexes that back no constraint are dropped and
        created again from their own definitions in the catalogue, so the schema stays exactly the
        migrations'."""
        with self.pg.cursor() as cursor:
            cursor.execute(
                """SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                   WHERE i.indrelid = %s::regclass
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""",
                [table],
            )
            definitions = cursor.fetchall()
            for name, _ in definitions:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        started = time.monotonic()
        with self.pg.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _, definition in definitions:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        log(f"{table}: {len(definitions)} indexes built in {time.monotonic() - started:.1f}s")

    # --- reference data and people (ORM: small tables, defaults from the models) ---

    def organisations(self):
        from partners.models import Organisation, OrganisationKind

        specs = [(f"Gemeente {m.replace('-', ' ')}", OrganisationKind.GEMEENTE) for m in MUNICIPALITIES]
        specs += [(n, OrganisationKind.VEILIGHEID) for n in SAFETY]
        specs += [(n, OrganisationKind.ZORG) for n in CARE]
        specs += [(n, OrganisationKind.OVERIG) for n in BUREAUS]
        Organisation.objects.bulk_create(
            [Organisation(name=n, kind=k, is_wgs_participant=True, convenant_date=date(2025, 3, 1)) for n, k in specs]
        )
        self.orgs = list(Organisation.objects.order_by("pk"))
        self.municipalities = [o for o in self.orgs if o.kind == OrganisationKind.GEMEENTE]
        self.bureaus = [o for o in self.orgs if o.kind == OrganisationKind.OVERIG]
        self.seat_orgs = [o for o in self.orgs if o.kind != OrganisationKind.OVERIG]
        self.org_name = {o.pk: o.name for o in self.orgs}
        log(f"organisations: {len(self.orgs)}")

    def users(self):
        from django.contrib.auth.hashers import make_password
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from partners.models import Role, User
        from registry.services import role_group

        n_users = max(100, round(1000 * self.scale))
        counts = {
            Role.PROCESREGISSEUR: max(10, n_users // 10),
            Role.MANAGER: max(3, n_users // 50),
            Role.PRIVACYFUNCTIONARIS: max(3, n_users // 100),
            Role.FUNCTIONEEL_BEHEERDER: max(2, n_users // 100),
        }
        counts[Role.PARTNERPROFESSIONAL] = n_users - sum(counts.values())
        password = make_password(PASSWORD)  # the production hasher, once (the salt is shared: bench only)
        prefix = {
            Role.PROCESREGISSEUR: "regisseur", Role.PARTNERPROFESSIONAL: "professional", Role.MANAGER: "manager",
            Role.PRIVACYFUNCTIONARIS: "privacy", Role.FUNCTIONEEL_BEHEERDER: "beheer",
        }  # fmt: skip
        rng = self.rng
        users = []
        for role, count in counts.items():
            for k in range(1, count + 1):
                if role == Role.PARTNERPROFESSIONAL:
                    org = self.seat_orgs[(k - 1) % len(self.seat_orgs)]
                else:
                    org = self.bureaus[(k - 1) % len(self.bureaus)]
                users.append(
                    User(
                        username=f"{prefix[role]}{k:04d}",
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                        email=f"{prefix[role]}{k:04d}@bench.zvh.example",
                        password=password,
                        role=role,
                        organisation=org,
                        is_staff=role == Role.FUNCTIONEEL_BEHEERDER,
                    )
                )
        User.objects.bulk_create(users, batch_size=1000)
        users = list(User.objects.order_by("pk"))
        groups = {role: role_group(role) for role in counts}
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=groups[u.role].pk) for u in users], batch_size=1000
        )
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user=u, name="Authenticator-app", key=totp_key(u.username), confirmed=True) for u in users],
            batch_size=1000,
        )
        self.users_by_role = {role: [u for u in users if u.role == role] for role in counts}
        self.user_info = {u.pk: (u.username, u.role, self.org_name.get(u.organisation_id, "")) for u in users}
        self.regisseurs = [u.pk for u in self.users_by_role[Role.PROCESREGISSEUR]]
        self.user_org = {u.pk: u.organisation_id for u in users}
        self.pros_by_org: dict[int, list[int]] = {}
        for u in self.users_by_role[Role.PARTNERPROFESSIONAL]:
            self.pros_by_org.setdefault(u.organisation_id, []).append(u.pk)
        log(f"users: {len(users)} ({', '.join(f'{r}: {c}' for r, c in counts.items())})")

    def reference_data(self):
        from django.contrib.auth.models import Permission

        from cases.models import BottleneckCategory, LifeDomain
        from programmes.models import Programme

        self.programmes = {p.code: p.pk for p in Programme.objects.all()}
        self.domains = list(LifeDomain.objects.order_by("sort_order").values_list("pk", flat=True))
        self.bottlenecks = list(BottleneckCategory.objects.values_list("pk", flat=True))
        self.perm = {
            p.codename: p.pk
            for p in Permission.objects.filter(content_type__app_label="cases", content_type__model="case")
        }

    # --- cases and everything in them ---

    def plan_cases(self):
        """Decide every case in memory first (dates, phase, people), then write table by table."""
        rng = self.rng
        codes = list(PROGRAMME_WEIGHTS)
        weights = list(PROGRAMME_WEIGHTS.values())
        span = 3650
        opened = sorted(self.today - timedelta(days=rng.randint(1, span)) for _ in range(self.n_cases))
        per_year: dict[int, int] = {}
        mun_weights = [5 if k < 12 else 2 for k in range(len(self.municipalities))]
        phases, phase_weights = zip(*OPEN_PHASES, strict=True)
        self.cases = []
        for index, opened_on in enumerate(opened):
            code = rng.choices(codes, weights)[0]
            age = (self.today - opened_on).days
            p_open = 0.6 if age < 365 else 0.2 if age < 730 else 0.02
            if code in ("LLA", "MDA++"):
                p_open = min(0.9, p_open * 2)
            if code == "COM-ADVIES" and age > 45:
                p_open = 0.0
            if rng.random() < p_open:
                phase = rng.choices(phases, phase_weights)[0] if code != "COM-ADVIES" else "analyse"
                closed_on = None
            else:
                phase = "afgesloten"
                closed_on = min(opened_on + timedelta(days=rng.randint(20, 700)), self.today - timedelta(days=1))
                closed_on = max(closed_on, opened_on)
            per_year[opened_on.year] = per_year.get(opened_on.year, 0) + 1
            reached = PATH.index(phase) if phase != "afgesloten" else rng.choice([2, 3, 4, 4, 5, 5])
            if code == "COM-ADVIES":
                reached = min(reached, 2)
            self.cases.append(
                {
                    "id": index + 1,
                    "reference": f"ZVH-{opened_on.year}-{per_year[opened_on.year]:04d}",
                    "programme": code,
                    "phase": phase,
                    "reached": reached,  # furthest phase of the path (for plans and the timeline)
                    "opened_on": opened_on,
                    "closed_on": closed_on,
                    "ave": rng.choices([1, 2, 3, 4], [5, 20, 50, 25])[0],
                    "regisseur": rng.choice(self.regisseurs),
                    "municipality": rng.choices(self.municipalities, mun_weights)[0].pk
                    if rng.random() > 0.07
                    else None,
                }
            )
        self.counters = per_year
        self.case_opened_ordinals = [c["opened_on"].toordinal() for c in self.cases]

    def at(self, day: date, hour: int = 10) -> datetime:
        return datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=UTC)

    def write_cases(self):
        rng = self.rng

        def rows():
            for c in self.cases:
                created = self.at(c["opened_on"], 9)
                closed = c["closed_on"] is not None
                yield (
                    c["id"], c["reference"], self.programmes[c["programme"]], c["phase"], c["ave"],
                    rng.choice(self.summaries), c["regisseur"], None, c["municipality"], c["opened_on"], c["closed_on"],
                    rng.choice(CLOSURE_REASONS) if closed else "",
                    "Veiligheid gestabiliseerd; zorg belegd bij de lokale partners." if closed else "",
                    c["regisseur"], created, created, None, 1 + c["reached"], None, c["person_search_text"], "",
                )  # fmt: skip

        self.timed_copy(
            "cases_case",
            ["id", "reference", "programme_id", "phase", "ave_level", "summary", "procesregisseur_id",
             "casusregisseur_id", "municipality_id", "opened_on", "closed_on", "closure_reason", "closure_result",
             "created_by_id", "created_at", "updated_at", "anonymised_at", "version", "submission_key",
             "person_search_text", "external_reference"],
            rows(),
        )  # fmt: skip

    def plan_persons(self):
        """The persons of every case, before the cases are written: a case row carries its persons'
        names for the case-list search (`person_search_text`, as `refresh_person_search` writes it)."""
        from cases.services.case import person_search_text_of

        rng = self.rng
        self.case_persons: list[list[int]] = [[] for _ in self.cases]
        self.person_rows = []
        roles_other = ["partner", "kind", "kind", "ouder", "gezinslid", "slachtoffer"]
        pid = 0
        for c in self.cases:
            n = rng.choices([1, 2, 3, 4], [18, 30, 30, 22])[0]
            last = rng.choice(LAST_NAMES)
            prefix = rng.choice(PREFIXES)
            created = self.at(c["opened_on"], 9)
            names = []
            for k in range(n):
                pid += 1
                self.case_persons[c["id"] - 1].append(pid)
                role = "hoofdpersoon" if k == 0 else rng.choice(roles_other)
                age = rng.randint(3, 17) if role == "kind" else rng.randint(18, 80)
                dob = c["opened_on"] - timedelta(days=age * 365 + rng.randint(0, 364))
                first, person_last = rng.choice(FIRST_NAMES), last if rng.random() < 0.8 else rng.choice(LAST_NAMES)
                names.append(" ".join(part for part in (first, prefix, person_last) if part))
                self.person_rows.append((
                    pid, c["id"], first, prefix, person_last,
                    dob, f"{rng.choice(STREETS)} {rng.randint(1, 180)}", f"{rng.randint(1000, 9999)} AB",
                    rng.choice(CITIES), make_bsn(rng) if rng.random() < 0.75 else "", role, 1, created, created,
                ))  # fmt: skip
            c["person_search_text"] = person_search_text_of(names)

    def write_persons(self):
        self.timed_copy(
            "cases_person",
            ["id", "case_id", "first_name", "name_prefix", "last_name", "date_of_birth", "street_address",
             "postal_code", "city", "bsn", "role_in_case", "version", "created_at", "updated_at"],
            self.person_rows,
        )  # fmt: skip
        del self.person_rows

    def write_table(self):
        """Partners and professionals at the table, and the grants `desired_grants` derives from them."""
        rng = self.rng
        participants, professionals, grants = [], [], []
        self.seated: list[list[int]] = [[] for _ in self.cases]  # active professional seats (open cases)
        self.ever_seated: list[list[int]] = [[] for _ in self.cases]  # everyone who sat at the table
        self.table_orgs: list[list[int]] = [[] for _ in self.cases]
        self.case_casusregie: dict[int, int] = {}
        part_id = prof_id = grant_id = 0
        view, change, contribute = self.perm["view_case"], self.perm["change_case"], self.perm["contribute_case"]
        for c in self.cases:
            cid = c["id"]
            is_open = c["closed_on"] is None
            if c["reached"] >= 2:
                for org in rng.sample(self.seat_orgs, rng.randint(1, 4)):
                    pool = self.pros_by_org.get(org.pk)
                    if not pool:
                        continue
                    part_id += 1
                    joined = c["opened_on"] + timedelta(days=rng.randint(0, 14))
                    left = c["closed_on"] if not is_open else None
                    participants.append((part_id, cid, org.pk, "", joined, left))
                    self.table_orgs[cid - 1].append(org.pk)
                    for user_id in rng.sample(pool, min(len(pool), rng.choice([1, 1, 2]))):
                        prof_id += 1
                        seat_left = left
                        if is_open and rng.random() < 0.08:
                            seat_left = joined + timedelta(days=rng.randint(1, 60))
                            seat_left = min(seat_left, self.today)
                        professionals.append((prof_id, part_id, user_id, joined, seat_left))
                        self.ever_seated[cid - 1].append(user_id)
                        if is_open and seat_left is None:
                            self.seated[cid - 1].append(user_id)
                if self.table_orgs[cid - 1] and rng.random() < 0.8:
                    self.case_casusregie[cid] = self.table_orgs[cid - 1][0]
            # desired_grants: the regisseur (view/change/contribute while open, view after closure)
            # and every professional seated for their own organisation while open (view/contribute).
            for perm in (view, change, contribute) if is_open else (view,):
                grant_id += 1
                grants.append((grant_id, cid, perm, c["regisseur"]))
            for user_id in sorted(set(self.seated[cid - 1])):
                for perm in (view, contribute):
                    grant_id += 1
                    grants.append((grant_id, cid, perm, user_id))
        self.timed_copy(
            "cases_participant",
            ["id", "case_id", "organisation_id", "contribution", "joined_on", "left_on"],
            participants,
        )
        self.timed_copy(
            "cases_participantprofessional", ["id", "participant_id", "user_id", "joined_on", "left_on"], professionals
        )
        self.timed_copy(
            "privacy_caseuserobjectpermission", ["id", "content_object_id", "permission_id", "user_id"], grants
        )
        with self.pg.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_casusregie (case_id bigint, org_id bigint)")
            with cursor.copy("COPY bench_casusregie (case_id, org_id) FROM STDIN") as copy:
                for row in self.case_casusregie.items():
                    copy.write_row(row)
            cursor.execute(
                "UPDATE cases_case c SET casusregisseur_id = b.org_id FROM bench_casusregie b WHERE c.id = b.case_id"
            )

    def write_history(self):
        """AVE history and the timeline: registration, phase moves, notes, closure."""
        rng = self.rng

        def ave_rows():
            aid = 0
            for c in self.cases:
                day = c["opened_on"] + timedelta(days=rng.randint(5, 120))
                changed = rng.random() < 0.4 and day < self.today
                first = max(1, min(4, c["ave"] + rng.choice([-1, 1]))) if changed else c["ave"]
                aid += 1
                yield (aid, c["id"], None, first, "Niveau bij registratie", c["regisseur"], self.at(c["opened_on"], 9))
                if changed and first != c["ave"]:  # the case's level is the last one recorded
                    aid += 1
                    yield (aid, c["id"], first, c["ave"], "Besproken in casusoverleg.", c["regisseur"], self.at(day))

        def timeline_rows():
            tid = 0
            for c in self.cases:
                end = c["closed_on"] or self.today
                days = max(1, (end - c["opened_on"]).days)
                tid += 1
                yield (tid, c["id"], "geregistreerd", f"Casus geregistreerd in {c['programme']}.", c["regisseur"],
                       self.at(c["opened_on"], 9))  # fmt: skip
                steps = list(range(1, c["reached"] + 1)) + ([PATH.index("afgesloten")] if c["closed_on"] else [])
                for n, step in enumerate(steps, start=1):
                    tid += 1
                    day = c["opened_on"] + timedelta(days=days * n // (len(steps) + 1))
                    yield (tid, c["id"], "fase", f"Fase gewijzigd naar {PHASE_LABEL[PATH[step]]}.", c["regisseur"],
                           self.at(day, 11))  # fmt: skip
                for _ in range(rng.randint(0, 3)):
                    tid += 1
                    author = rng.choice(self.ever_seated[c["id"] - 1] or [c["regisseur"]])
                    day = c["opened_on"] + timedelta(days=rng.randint(0, days))
                    yield (tid, c["id"], "notitie", rng.choice(self.notes), author, self.at(day, 14))

        self.timed_copy(
            "cases_avelevelchange",
            ["id", "case_id", "from_level", "to_level", "reason", "changed_by_id", "changed_at"], ave_rows(),
        )  # fmt: skip
        self.timed_copy(
            "cases_timelineentry",
            ["id", "case_id", "kind", "text", "author_id", "created_at", "restricted"],
            (row + (False,) for row in timeline_rows()),  # no restricted notes in the benchmark data
        )

    def write_plans_and_meetings(self):
        """Plans for every case that reached the plan phase: analysis, goals, actions; a held meeting
        per plan version with invitations and a decision; open cases in execution have one planned."""
        rng = self.rng
        plans, assessments, goals, actions = [], [], [], []
        meetings, invitations, decisions = [], [], []
        ids = dict.fromkeys(("plan", "assessment", "goal", "action", "meeting", "invitation", "decision"), 0)
        self.latest_plan: dict[int, int] = {}
        for c in self.cases:
            cid = c["id"]
            orgs = self.table_orgs[cid - 1]
            if c["reached"] < 3 or not orgs:
                continue
            n_plans = rng.choices([1, 2, 3], [60, 30, 10])[0]
            end = c["closed_on"] or self.today
            span = max(1, (end - c["opened_on"]).days)
            seated = self.ever_seated[cid - 1]
            for number in range(1, n_plans + 1):
                ids["plan"] += 1
                pid = ids["plan"]
                created = self.at(c["opened_on"] + timedelta(days=span * number // (n_plans + 2)))
                concept = c["phase"] == "plan" and number == n_plans
                plans.append((
                    pid, cid, number, "concept" if concept else "vastgesteld", rng.choice(self.summaries),
                    self.case_casusregie.get(cid), created.date() + timedelta(days=90), c["regisseur"], created,
                    None if concept else c["regisseur"], None if concept else created + timedelta(days=7),
                    "" if concept else "Akkoord van alle partners in het casusoverleg", 1,
                ))  # fmt: skip
                self.latest_plan[cid] = pid
                for domain in rng.sample(self.domains, 3):
                    ids["assessment"] += 1
                    assessments.append((ids["assessment"], pid, domain, rng.randint(1, 5),
                                        "Zorgen uit de meldingen.", "Betrokken familielid."))  # fmt: skip
                goal_ids = []
                for k, domain in enumerate(rng.sample(self.domains, 2)):
                    ids["goal"] += 1
                    goal_ids.append(ids["goal"])
                    goals.append((ids["goal"], pid, domain, rng.choice(GOALS), k))
                for _ in range(rng.randint(3, 8)):
                    ids["action"] += 1
                    deadline = created.date() + timedelta(days=rng.randint(14, 120))
                    done = not concept and (deadline < self.today or rng.random() < 0.3)
                    status = rng.choice(["gereed", "gereed", "vervallen"]) if done else rng.choice(["open", "lopend"])
                    owner = rng.choice(orgs)
                    actions.append((
                        ids["action"], pid, rng.choice(goal_ids + [None]), rng.choice(ACTIONS), owner, None, deadline,
                        status, "", None, None,
                    ))  # fmt: skip
                ids["meeting"] += 1
                mid = ids["meeting"]
                meetings.append((mid, cid, created - timedelta(days=3), "ZVH, vergaderzaal", False, "1. Analyse",
                                 "gehouden", MINUTES, c["regisseur"], 1))  # fmt: skip
                for user_id in sorted(set(seated)):
                    ids["invitation"] += 1
                    invitations.append((ids["invitation"], mid, user_id, self.user_org[user_id], attendance(rng)))
                ids["decision"] += 1
                decisions.append((ids["decision"], mid, "Casusregie blijft bij de verwijzende partner.", created))
            if c["phase"] in ("uitvoering", "evaluatie"):
                ids["meeting"] += 1
                starts = self.now + timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 6))
                meetings.append((ids["meeting"], cid, starts, "Gemeentehuis", rng.random() < 0.3,
                                 "1. Voortgang acties\n2. AVE-niveau", "gepland", "", c["regisseur"], 1))  # fmt: skip
                for user_id in sorted(set(self.seated[cid - 1])):
                    ids["invitation"] += 1
                    invitations.append((ids["invitation"], ids["meeting"], user_id, self.user_org[user_id], ""))
        self.timed_copy(
            "cases_processplan",
            ["id", "case_id", "number", "status", "summary", "casusregisseur_id", "next_review_on", "created_by_id",
             "created_at", "agreed_by_id", "agreed_at", "agreement_note", "version"], plans,
        )  # fmt: skip
        self.timed_copy(
            "cases_domainassessment",
            ["id", "plan_id", "domain_id", "score", "risks", "protective_factors"],
            assessments,
        )
        self.timed_copy("cases_goal", ["id", "plan_id", "domain_id", "description", "sort_order"], goals)
        self.timed_copy(
            "cases_planaction",
            ["id", "plan_id", "goal_id", "description", "owner_organisation_id", "owner_user_id", "deadline", "status",
             "status_note", "status_updated_by_id", "status_updated_at"], actions,
        )  # fmt: skip
        self.timed_copy(
            "cases_meeting",
            ["id", "case_id", "starts_at", "location", "is_online", "agenda", "status", "minutes", "chair_id",
             "version"], meetings,
        )  # fmt: skip
        self.timed_copy("cases_meetinginvitation", ["id", "meeting_id", "user_id", "organisation_id", "attendance"],
                        invitations)  # fmt: skip
        self.timed_copy("cases_meetingdecision", ["id", "meeting_id", "text", "created_at"], decisions)

    def write_escalations(self):
        """A third of the cases came in as an escalation; as many escalations ended without a case
        (advice, bilateral, back to local, not accepted); a few hundred wait for triage."""
        rng = self.rng
        pros = [u for pool in self.pros_by_org.values() for u in pool]
        user_org = self.user_org
        escalations, persons, bottlenecks = [], [], []
        counters: dict[int, int] = {}
        n_pending = max(30, round(300 * self.scale))
        pending_persons = []  # (first, last, dob, bsn) of pending escalations, some repeated (duplicates)
        specs = []
        for c in self.cases:
            if rng.random() < 0.33:
                specs.append(("geaccepteerd", c["opened_on"], c))
        for _ in range(len(specs)):
            day = self.today - timedelta(days=rng.randint(30, 3650))
            specs.append((rng.choice(["advies", "bilateraal", "lokaal", "niet_geaccepteerd"]), day, None))
        for _ in range(n_pending):
            specs.append(("ingediend", self.today - timedelta(days=rng.randint(0, 13)), None))
        specs.sort(key=lambda s: s[1])
        eid = epid = ebid = 0
        for status, day, case in specs:
            eid += 1
            counters[day.year] = counters.get(day.year, 0) + 1
            referrer = rng.choice(pros)
            submitted = self.at(day - timedelta(days=rng.randint(1, 10)) if case else day, 8)
            pending = status == "ingediend"
            decided_at = None if pending else submitted + timedelta(days=rng.randint(1, 14))
            escalations.append((
                eid, f"AANM-{day.year}-{counters[day.year]:04d}", status, referrer, user_org[referrer],
                "Contactpersoon", "073 000 00 00", "verwijzer@bench.zvh.example", rng.choice(self.summaries),
                "Partners zien het risico, maar niemand heeft het overzicht.", rng.choice([2, 3, 3, 4]),
                rng.choices(["normaal", "hoog", "acuut"], [70, 25, 5])[0], "Eén gezamenlijk plan.", "", True, "", "",
                case["municipality"] if case else None, self.programmes["COM"] if pending else None, submitted,
                uuid.UUID(int=rng.getrandbits(128)), decided_at, None if pending else rng.choice(self.regisseurs),
                "" if pending else "Terugkoppeling aan de verwijzer.", "", case["id"] if case else None, None, 1,
                "",  # withdrawal_reason: none withdrawn
            ))  # fmt: skip
            for category in rng.sample(self.bottlenecks, 2):
                ebid += 1
                bottlenecks.append((ebid, eid, category))
            for k in range(rng.choice([1, 1, 2])):
                epid += 1
                dob = day - timedelta(days=rng.randint(18, 70) * 365)
                first, last, bsn = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), make_bsn(rng)
                if pending and pending_persons and rng.random() < 0.1:
                    first, last, dob, bsn = rng.choice(pending_persons)  # a possible duplicate for triage
                if pending:
                    pending_persons.append((first, last, dob, bsn))
                persons.append((epid, eid, first, "", last, dob, "", "", rng.choice(CITIES), bsn,
                                "hoofdpersoon" if k == 0 else "partner"))  # fmt: skip
        self.timed_copy(
            "cases_escalation",
            ["id", "reference", "status", "submitted_by_id", "referrer_organisation_id", "contact_name",
             "contact_phone", "contact_email", "reason", "bottleneck_text", "ave_level", "urgency", "goal",
             "involved_other", "person_informed", "not_informed_reason", "not_informed_explanation", "municipality_id",
             "suggested_programme_id", "submitted_at", "submission_key", "decided_at", "decided_by_id", "feedback",
             "advice", "case_id", "anonymised_at", "version", "withdrawal_reason"], escalations,
        )  # fmt: skip
        self.timed_copy(
            "cases_escalationperson",
            ["id", "escalation_id", "first_name", "name_prefix", "last_name", "date_of_birth", "street_address",
             "postal_code", "city", "bsn", "role_in_case"], persons,
        )  # fmt: skip
        self.timed_copy(
            "cases_escalation_bottleneck_categories", ["id", "escalation_id", "bottleneckcategory_id"], bottlenecks
        )
        self.escalation_counters = counters

    def write_access_log(self):
        """Entries as log_access writes them: who (name, role, organisation), what, which case and
        persons, when, from where, result. Mostly case pages read by the regisseur or a seated
        professional, then case lists, changes, searches, exports, refusals and a few break-glass."""
        rng = self.rng
        n = round(5_000_000 * self.scale)
        start = self.now - timedelta(days=3650)
        step = (self.now - start) / n
        cases, info, persons = self.cases, self.user_info, self.case_persons
        ordinals = self.case_opened_ordinals
        pros = [u for pool in self.pros_by_org.values() for u in pool]
        privacy_officers = [u.pk for u in self.users_by_role["privacyfunctionaris"]]
        random_, choice, randint = rng.random, rng.choice, rng.randint

        def rows():
            for k in range(n):
                at = start + step * k
                upto = bisect_right(ordinals, at.toordinal())
                if upto == 0:
                    upto = 1
                case = cases[max(0, upto - 1 - int(rng.expovariate(1 / 400)))]
                cid = case["id"]
                ref = case["reference"]
                seated = self.ever_seated[cid - 1]
                user = case["regisseur"] if not seated or random_() < 0.6 else choice(seated)
                r = random_()
                allowed, glass, reason, case_ids, person_ids = True, False, "", "[]", persons[cid - 1]
                object_type, object_ref, method, path = "casus", "", "GET", f"/casussen/{ref}/"
                if r < 0.70:
                    action = "view"
                    if random_() < 0.3:
                        path = f"/casussen/{ref}/plan/"
                elif r < 0.85:
                    action, object_type, path = "list", "casuslijst", "/casussen/"
                    first = max(0, upto - 25)
                    shown = cases[first:upto]
                    case_ids = "[" + ",".join(str(c["id"]) for c in shown) + "]"
                    person_ids = [p for c in shown for p in persons[c["id"] - 1]]
                    cid, ref = None, ""
                elif r < 0.94:
                    action, method = "change", "POST"
                    path = f"/casussen/{ref}/notities/"
                elif r < 0.97:
                    action, object_type, path, reason = (
                        "search",
                        "casuslijst",
                        "/casussen/",
                        "zoekterm: " + choice(LAST_NAMES),
                    )
                    person_ids, cid, ref = [], None, ""
                elif r < 0.985:
                    action, path = "export", f"/casussen/{ref}/casusoverzicht/pdf/"
                elif r < 0.9995:
                    action, allowed, reason, person_ids = "view", False, "geen rol in deze casus", []
                    user = choice(pros)
                else:
                    action, glass, reason = "view", True, "doorbraak"
                    user = choice(privacy_officers)
                username, role, org = info[user]
                yield (
                    at, user, username, role, org, org, action, object_type, cid, ref, object_ref,
                    "[" + ",".join(map(str, sorted(person_ids))) + "]", "[]", case_ids, allowed, glass, reason,
                    f"10.{randint(0, 255)}.{randint(0, 255)}.{randint(1, 254)}", method, path, "", "",
                )  # fmt: skip

        columns = ["occurred_at", "user_id", "username", "user_role", "user_organisation", "on_behalf_of", "action",
                   "object_type", "case_id", "case_reference", "object_reference", "person_ids",
                   "escalation_person_ids", "case_ids", "allowed",
                   "is_break_glass", "reason", "client_address", "method", "path", "request_id",
                   "client_application"]  # fmt: skip
        with self.secondary_indexes_built_after("privacy_accesslogentry"):
            self.timed_copy("privacy_accesslogentry", columns, rows())

    def finish(self):
        """Counters continue after the generated references; sequences after the copied ids."""
        with self.pg.cursor() as cursor:
            for year, last in self.counters.items():
                cursor.execute(
                    "INSERT INTO cases_casereferencecounter (year, last_number) VALUES (%s, %s)", [year, last]
                )
            for year, last in self.escalation_counters.items():
                cursor.execute("INSERT INTO cases_escalationcounter (year, last_number) VALUES (%s, %s)", [year, last])
            cursor.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id'"
            )
            for (table,) in cursor.fetchall():
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                row = cursor.fetchone()
                if row and row[0]:
                    cursor.execute(
                        f'SELECT setval(%s, COALESCE((SELECT max(id) FROM "{table}"), 0) + 1, false)', [row[0]]
                    )
        from django.db import connection

        if connection.in_atomic_block:
            return  # inside a test's transaction: nothing to vacuum
        started = time.monotonic()
        with self.pg.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics and the visibility map (index-only scans)
        log(f"vacuum analyze in {time.monotonic() - started:.1f}s")

    def run(self):
        from django.db import transaction

        with transaction.atomic():
            self.organisations()
            self.users()
        self.reference_data()
        self.plan_cases()
        self.plan_persons()
        for step in (
            self.write_cases, self.write_persons, self.write_table, self.write_history,
            self.write_plans_and_meetings, self.write_escalations,
        ):  # fmt: skip
            step()  # each COPY commits on its own (Django's connection is in autocommit mode)
        self.write_access_log()
        self.finish()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="build again even when a finished build is there")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database named zvh_bench*.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.bench")
    started = time.monotonic()
    reuse = prepare_database(url, args.cases, rebuild=args.rebuild)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if reuse:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # statistics for indexes that migrations just added
        log(f"{database_name(url)}: finished build of {args.cases:,} cases found; reused")
        return
    Generator(args.cases).run()
    mark_done(url, args.cases)
    log(f"{database_name(url)}: {args.cases:,} cases built in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
