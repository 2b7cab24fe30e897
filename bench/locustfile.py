"""Role journeys for the benchmark (run by bench/run.py; see bench/README.md).

Every locust user takes its own benchmark account from BENCH_ACCOUNTS (a JSON file written by the
runner) and logs in for real: password, then the TOTP code computed from the device secret the
generator wrote. A TOTP code is accepted once per 30-second step per user, hence one account per
locust user, and a wait for the next step when a code was already used.

Each request is named after the page it measures (case_list, case_detail, triage_queue, plan,
dashboard, access_log_search, escalation_submit, floor). The runner measures only requests made
after every user has logged in; each measured request is appended to BENCH_SAMPLES as
`name elapsed_ms ok queries` (queries from the X-Bench-Queries header of the bench settings).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import re
import struct
import time
import uuid

import gevent
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["BENCH_ACCOUNTS"]).read())  # noqa: SIM115
SAMPLES_PATH = os.environ["BENCH_SAMPLES"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
OPTION = re.compile(r'name="(bottleneck_categories)" value="(\d+)"')
LAST_NAMES = ["Jansen", "Bakker", "Visser", "Smit", "Meijer", "Driessen", "Coenen", "Yilmaz", "van", "Verhoeven"]

state = {"next_slot": 0, "logged_in": 0, "measuring": False, "samples": [], "environment": None, "started": 0.0}


@events.init.add_listener
def _init(environment, **kwargs):
    state["environment"] = environment


def _start_measuring():
    """Every user is logged in: measure for BENCH_SECONDS, then stop the run."""
    state["measuring"] = True
    state["started"] = time.time()

    def stop():
        state["measuring"] = False
        state["elapsed"] = time.time() - state["started"]
        state["environment"].runner.quit()

    gevent.spawn_later(float(os.environ.get("BENCH_SECONDS", "60")), stop)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    if not state["measuring"] or name.startswith(("login", "prep_")):
        return
    queries = response.headers.get("X-Bench-Queries", "") if response is not None else ""
    state["samples"].append(f"{name} {response_time:.2f} {0 if exception else 1} {queries or -1}")


@events.test_stop.add_listener
def _write(**kwargs):
    with open(SAMPLES_PATH, "w") as out:
        json.dump({"elapsed_s": state.get("elapsed", 0.0), "samples": state["samples"]}, out)


def totp_code(key_hex: str, at: float) -> str:
    """RFC 6238 (SHA-1, 30-second steps, 6 digits), as django-otp's TOTP devices check it."""
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Journey(HttpUser):
    wait_time = between(1, 3)  # think time between pages

    def on_start(self):
        self.account = ACCOUNTS["slots"][state["next_slot"] % len(ACCOUNTS["slots"])]
        state["next_slot"] += 1
        self.login()
        state["logged_in"] += 1
        if state["logged_in"] == len(ACCOUNTS["slots"]):
            _start_measuring()

    # --- logging in (not measured) ---

    def csrf(self, path: str, name: str) -> tuple[str, str]:
        response = self.client.get(path, name=name)
        match = CSRF.search(response.text)
        if response.status_code != 200 or not match:
            raise RuntimeError(f"{path}: no form ({response.status_code})")
        return match.group(1), response.text

    def login(self):
        account = self.account
        token, _ = self.csrf("/inloggen/", "login")
        response = self.client.post(
            "/inloggen/",
            {"username": account["username"], "password": ACCOUNTS["password"], "csrfmiddlewaretoken": token},
            name="login",
        )
        if "tweede-stap" not in response.url:
            raise RuntimeError(f"password refused for {account['username']}")
        for attempt in range(3):
            token, _ = self.csrf("/inloggen/tweede-stap/", "login_mfa")
            code = totp_code(account["totp_key"], time.time())
            response = self.client.post(
                "/inloggen/tweede-stap/", {"token": code, "csrfmiddlewaretoken": token}, name="login_mfa"
            )
            if "tweede-stap" not in response.url:
                return
            time.sleep(30 - time.time() % 30 + 1 + attempt)  # the code of this step was used: next step
        raise RuntimeError(f"second factor refused for {account['username']}")

    # --- pages ---

    def page(self, path: str, name: str, expect: str = ""):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif expect and expect not in response.text:
                response.failure(f"{path}: {expect!r} missing")
            else:
                response.success()

    def case_list(self):
        rng = self.rng_choice
        params = rng(["", "fase=uitvoering", "programma=COM", "ave=3", "sorteer=-ave_level", "pagina=2",
                      f"q={rng(LAST_NAMES)}", f"q={rng(LAST_NAMES)}&fase=plan"])  # fmt: skip
        self.page(f"/casussen/?{params}", "case_list", "Casussen")

    def case_detail(self):
        self.page(f"/casussen/{self.rng_choice(self.account['cases'])}/", "case_detail", "Tijdlijn")

    def plan(self):
        self.page(f"/casussen/{self.rng_choice(self.account['plan_cases'])}/plan/", "plan", "Plan van aanpak")

    def triage_queue(self):
        self.page("/aanmeldingen/triage/", "triage_queue", "Triage")

    def dashboard(self):
        self.page(ACCOUNTS["dashboard_url"], "dashboard")

    def access_log_search(self):
        extra = self.account["log_filters"]
        self.page(f"/privacy/toegangslog/?{self.rng_choice(extra)}", "access_log_search", "Toegangslog")

    def escalation_submit(self):
        _, html = self.csrf("/aanmeldingen/nieuw/", "prep_escalation_form")  # not measured
        categories = [value for _, value in OPTION.findall(html)][:2]
        data = {
            "csrfmiddlewaretoken": CSRF.search(html).group(1),
            "submission_key": SUBMISSION_KEY.search(html).group(1) if SUBMISSION_KEY.search(html) else uuid.uuid4(),
            "reason": "Oplopende zorgen over veiligheid in het gezin; meerdere meldingen in korte tijd.",
            "bottleneck_categories": categories,
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
            "personen-0-first_name": self.rng_choice(["Kees", "Samira", "Daan", "Fleur"]),
            "personen-0-last_name": self.rng_choice(LAST_NAMES),
            "personen-0-date_of_birth": "1984-05-17",
            "personen-0-role_in_case": "hoofdpersoon",
        }
        with self.client.post(
            "/aanmeldingen/nieuw/", data, name="escalation_submit", catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code == 302 and "/aanmeldingen/AANM-" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"escalation not accepted ({response.status_code})")

    def floor(self):
        self.page("/bench/floor/", "floor")

    @staticmethod
    def rng_choice(items):
        return random.choice(items)  # noqa: S311 (load pattern, not security)

    @task
    def next_page(self):
        pages, weights = zip(*ACCOUNTS["journeys"][self.account["role"]].items(), strict=True)
        getattr(self, random.choices(pages, weights)[0])()  # noqa: S311
