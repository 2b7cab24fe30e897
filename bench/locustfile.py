"""Role journeys for the benchmark (run by bench/run.py; see bench/README.md).

Two servers are measured in the same window: the 100k database (the locust host) and the 1k
database (BENCH_SMALL_HOST). Every iteration a user opens one page of its role on one of the two,
chosen at random, so both see the same background load and the ratio between them can be read
without trusting absolute times on a shared machine. Requests to the small server are named
`small:<page>`.

Every locust user takes its own benchmark account on each server (BENCH_ACCOUNTS,
BENCH_ACCOUNTS_SMALL: JSON files written by the runner) and logs in for real: password, then the
TOTP code computed from the device secret the generator wrote. A TOTP code is accepted once per
30-second step per user, hence one account per locust user, and a wait for the next step when a
code was already used.

The runner measures only requests made after every user has logged in; they are written to
BENCH_SAMPLES as `name elapsed_ms ok queries` (queries from the X-Bench-Queries header).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # locust puts only bench/ on the path
from bench.totp import totp_code  # noqa: E402


def _load(variable: str) -> dict | None:
    path = os.environ.get(variable)
    return json.loads(Path(path).read_text()) if path else None


ACCOUNTS = _load("BENCH_ACCOUNTS")
ACCOUNTS_SMALL = _load("BENCH_ACCOUNTS_SMALL")
SMALL_HOST = os.environ.get("BENCH_SMALL_HOST", "")
SAMPLES_PATH = os.environ["BENCH_SAMPLES"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
OPTION = re.compile(r'name="(bottleneck_categories)" value="(\d+)"')
LAST_NAMES = ["Jansen", "Bakker", "Visser", "Smit", "Meijer", "Driessen", "Coenen", "Yilmaz", "van", "Verhoeven"]
NOT_MEASURED = ("login", "prep_", "small:login", "small:prep_")

BEAT_DASHBOARD_SECONDS = 120  # zvh/celery_schedule.py: dashboard-cijfers, every two minutes

state = {"next_slot": 0, "logged_in": 0, "measuring": False, "samples": [], "environment": None, "started": 0.0}


@events.init.add_listener
def _init(environment, **kwargs):
    state["environment"] = environment


def _start_measuring():
    """Every user is logged in: measure for BENCH_SECONDS, then stop the run. First the dashboard
    figures are computed and stored once per server (BENCH_WARM_DATABASES), as the beat job
    `dashboard-cijfers` keeps them in production; their cold cost is reported apart
    (`dashboard_cold_ms`)."""
    from bench.run import warm_dashboard

    databases = list(filter(None, os.environ.get("BENCH_WARM_DATABASES", "").split(",")))

    def beat():  # like `dashboard-cijfers` in production: again every two minutes while measuring
        while state.get("measuring", True):
            for database in databases:
                warm_dashboard(database)
            gevent.sleep(BEAT_DASHBOARD_SECONDS)

    for database in databases:
        warm_dashboard(database)
    gevent.spawn_later(BEAT_DASHBOARD_SECONDS, beat)
    state["measuring"] = True
    state["started"] = time.time()

    def stop():
        state["measuring"] = False
        state["elapsed"] = time.time() - state["started"]
        state["environment"].runner.quit()

    gevent.spawn_later(float(os.environ.get("BENCH_SECONDS", "60")), stop)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    if not state["measuring"] or name.startswith(NOT_MEASURED):
        return
    queries = response.headers.get("X-Bench-Queries", "") if response is not None else ""
    # The path last (bench/.run/samples.json keeps it): which journey of a page sets its p95.
    path = response.request.path_url if response is not None and response.request is not None else "-"
    state["samples"].append(f"{name} {response_time:.2f} {0 if exception else 1} {queries or -1} {path}")


@events.test_stop.add_listener
def _write(**kwargs):
    with open(SAMPLES_PATH, "w") as out:
        json.dump({"elapsed_s": state.get("elapsed", 0.0), "samples": state["samples"]}, out)


class Target:
    """One server as one user sees it: its HTTP session, its account there, its request names."""

    def __init__(self, client, accounts: dict, slot: int, prefix: str):
        self.client = client
        self.accounts = accounts
        self.account = accounts["slots"][slot % len(accounts["slots"])]
        self.prefix = prefix


class Journey(HttpUser):
    wait_time = between(1, 3)  # think time between pages

    def on_start(self):
        slot = state["next_slot"]
        state["next_slot"] += 1
        self.targets = [Target(self.client, ACCOUNTS, slot, "")]
        if SMALL_HOST:
            small = HttpSession(base_url=SMALL_HOST, request_event=self.environment.events.request, user=self)
            self.targets.append(Target(small, ACCOUNTS_SMALL, slot, "small:"))
        for target in self.targets:
            self.login(target)
        state["logged_in"] += 1
        if state["logged_in"] == len(ACCOUNTS["slots"]):
            _start_measuring()

    # --- logging in (not measured) ---

    @staticmethod
    def csrf(target: Target, path: str, name: str) -> tuple[str, str]:
        response = target.client.get(path, name=target.prefix + name)
        match = CSRF.search(response.text)
        if response.status_code != 200 or not match:
            raise RuntimeError(f"{path}: no form ({response.status_code})")
        return match.group(1), response.text

    def login(self, target: Target):
        account, password = target.account, target.accounts["password"]
        token, _ = self.csrf(target, "/inloggen/", "login")
        response = target.client.post(
            "/inloggen/",
            {"username": account["username"], "password": password, "csrfmiddlewaretoken": token},
            name=target.prefix + "login",
        )
        if "tweede-stap" not in response.url:
            raise RuntimeError(f"password refused for {account['username']}")
        for attempt in range(3):
            token, _ = self.csrf(target, "/inloggen/tweede-stap/", "login_mfa")
            code = totp_code(account["totp_key"], time.time())
            response = target.client.post(
                "/inloggen/tweede-stap/",
                {"token": code, "csrfmiddlewaretoken": token},
                name=target.prefix + "login_mfa",
            )
            if "tweede-stap" not in response.url:
                return
            time.sleep(30 - time.time() % 30 + 1 + attempt)  # the code of this step was used: next step
        raise RuntimeError(f"second factor refused for {account['username']}")

    # --- pages ---

    @staticmethod
    def page(target: Target, path: str, name: str, expect: str = ""):
        with target.client.get(path, name=target.prefix + name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif expect and expect not in response.text:
                response.failure(f"{path}: {expect!r} missing")
            else:
                response.success()

    def case_list(self, target: Target):
        name = random.choice(LAST_NAMES)
        # The default list holds the running cases; "fase=alle" (closed ones too) reads a regisseur's
        # whole history and stays in the mix, as does a search through it.
        params = random.choice(["", "fase=uitvoering", "programma=COM", "ave=3", "sorteer=-ave_level", "pagina=2",
                                f"q={name}", f"q={name}&fase=plan", "fase=alle", f"q={name}&fase=alle",
                                "sorteer=next_deadline"])  # fmt: skip
        if "q=" in params:
            params = self.search_link(target, params)
        self.page(target, f"/casussen/?{params}", "case_list", "Casussen")

    def search_link(self, target: Target, params: str) -> str:
        """Issue 18: a search posts its criteria (not measured) and gets a link without the term
        (?filter=<key>); the list is measured on that link, as a user pages through it."""
        token, _ = self.csrf(target, "/casussen/", "prep_case_search")
        response = target.client.post(
            "/casussen/", {**dict(parse_qsl(params)), "csrfmiddlewaretoken": token},
            name=target.prefix + "prep_case_search", allow_redirects=False,
        )  # fmt: skip
        return urlsplit(response.headers.get("Location", "")).query

    def case_detail(self, target: Target):
        self.page(target, f"/casussen/{random.choice(target.account['cases'])}/", "case_detail", "Tijdlijn")

    def plan(self, target: Target):
        reference = random.choice(target.account["plan_cases"])
        self.page(target, f"/casussen/{reference}/plan/", "plan", "Plan van aanpak")

    def triage_queue(self, target: Target):
        self.page(target, "/aanmeldingen/triage/", "triage_queue", "Triage")

    def dashboard(self, target: Target):
        self.page(target, target.accounts["dashboard_url"], "dashboard")

    def access_log_search(self, target: Target):
        query = random.choice(target.account["log_filters"])
        self.page(target, f"/privacy/toegangslog/?{query}", "access_log_search", "Toegangslog")

    def escalation_submit(self, target: Target):
        _, html = self.csrf(target, "/aanmeldingen/nieuw/", "prep_escalation_form")  # not measured
        key = SUBMISSION_KEY.search(html)
        data = {
            "csrfmiddlewaretoken": CSRF.search(html).group(1),
            "submission_key": key.group(1) if key else str(uuid.uuid4()),
            "reason": "Oplopende zorgen over veiligheid in het gezin; meerdere meldingen in korte tijd.",
            "bottleneck_categories": [value for _, value in OPTION.findall(html)][:2],
            "bottleneck_text": "Partners werken langs elkaar heen.",
            "ave_level": "3",
            "urgency": "normaal",
            "goal": "Eén gezamenlijk plan van aanpak.",
            "person_informed": "ja",
            "contact_name": "Bench Verwijzer",
            "contact_phone": "073 123 45 67",
            "contact_email": "verwijzer@bench.zvh.example",
            "personen-TOTAL_FORMS": "1",
            "personen-INITIAL_FORMS": "0",
            "personen-MIN_NUM_FORMS": "1",
            "personen-MAX_NUM_FORMS": "10",
            "personen-0-first_name": random.choice(["Kees", "Samira", "Daan", "Fleur"]),
            "personen-0-last_name": random.choice(LAST_NAMES),
            "personen-0-date_of_birth": "1984-05-17",
            "personen-0-role_in_case": "hoofdpersoon",
        }
        with target.client.post(
            "/aanmeldingen/nieuw/",
            data,
            name=target.prefix + "escalation_submit",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code == 302 and "/aanmeldingen/AANM-" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"escalation not accepted ({response.status_code})")

    # --- the REST API (api/), with the account's personal token ---

    @staticmethod
    def api(target: Target, method: str, path: str, name: str, body=None, expect: int = 200, headers=None):
        token = target.account.get("api_token")
        if not token:
            return  # a build without the API
        headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        call = target.client.post if method == "POST" else target.client.get
        kwargs = {"json": body} if method == "POST" else {}
        with call(path, name=target.prefix + name, headers=headers, catch_response=True, **kwargs) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} on {path}")
            else:
                response.success()
            return response

    def api_case_list(self, target: Target):
        self.api(target, "GET", f"/api/v1/casussen/?q={random.choice(LAST_NAMES)}", "api_case_list")

    def api_case_detail(self, target: Target):
        self.api(target, "GET", f"/api/v1/casussen/{random.choice(target.account['cases'])}/", "api_case_detail")

    def api_actions(self, target: Target):
        reference = random.choice(target.account["plan_cases"])
        self.api(target, "GET", f"/api/v1/casussen/{reference}/acties/", "api_actions")

    def api_figures(self, target: Target):
        self.api(target, "GET", "/api/v1/stuurinformatie/", "api_figures")

    def api_escalation_submit(self, target: Target):
        body = {
            "reason": "Oplopende zorgen over veiligheid in het gezin; meerdere meldingen in korte tijd.",
            "bottleneck_categories": target.accounts.get("bottleneck_category_ids", [])[:2],
            "bottleneck_text": "Partners werken langs elkaar heen.",
            "ave_level": 3,
            "urgency": "normaal",
            "goal": "Eén gezamenlijk plan van aanpak.",
            "person_informed": True,
            "contact_name": "Bench Koppeling",
            "contact_phone": "073 123 45 67",
            "contact_email": "koppeling@bench.zvh.example",
            "persons": [{"first_name": "Kees", "last_name": random.choice(LAST_NAMES), "role_in_case": "hoofdpersoon"}],
        }
        response = self.api(target, "POST", "/api/v1/aanmeldingen/", "api_escalation_submit", body, expect=201,
                            headers={"Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
        if response is not None and response.status_code == 201:
            target.account.setdefault("api_escalations", []).append(response.json()["reference"])

    def api_escalation_status(self, target: Target):
        submitted = target.account.get("api_escalations")
        if not submitted:
            return self.api_escalation_submit(target)
        self.api(target, "GET", f"/api/v1/aanmeldingen/{random.choice(submitted)}/", "api_escalation_status")

    def floor(self, target: Target):
        self.page(target, "/bench/floor/", "floor")

    @task
    def next_page(self):
        target = random.choice(self.targets)  # the same moment, the same load: 100k or 1k
        pages, weights = zip(*target.accounts["journeys"][target.account["role"]].items(), strict=True)
        getattr(self, random.choices(pages, weights)[0])(target)
