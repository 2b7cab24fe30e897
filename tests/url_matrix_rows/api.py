"""Rows of the URL × role matrix for the REST API (/api/v1/, issue 19). Its data URLs take a token,
never the browser's session: the matrix calls them with a personal token of the role's user
(every scope; anonymous: no token, 401), POSTs with an empty JSON object. The schema is public,
the documentation needs a browser login; the token endpoint refuses an empty request (400).
The case of the matrix runs (no agreed plan: the plan URL answers 404 to everyone)."""

from .common import row

NO_TOKEN = 401
CASE = row(404, anonymous=NO_TOKEN, regisseur=200, agent=200)
PARTNER_PROFESSIONAL = row(403, anonymous=NO_TOKEN, agent=200, colleague=200)

ROWS: dict = {
    ("api:schema", "GET"): row(200),
    ("api:docs", "GET"): row(200, anonymous=302),
    ("api:token", "POST"): row(400),
    ("api:escalations", "GET"): PARTNER_PROFESSIONAL,
    # No Idempotency-Key: refused with a problem document before anything is read.
    ("api:escalations", "POST"): row(403, anonymous=NO_TOKEN, agent=400, colleague=400),
    ("api:escalation", "GET"): row(404, anonymous=NO_TOKEN, regisseur=200, other_regisseur=200, agent=200),
    ("api:cases", "GET"): row(403, anonymous=NO_TOKEN, regisseur=200, other_regisseur=200, agent=200, colleague=200),
    ("api:case", "GET"): CASE,
    ("api:case_actions", "GET"): CASE,
    # The action is Politie's (the agent's): an empty status is refused beside its field.
    ("api:action_status", "POST"): row(404, anonymous=NO_TOKEN, regisseur=400, agent=400),
    ("api:case_meetings", "GET"): CASE,
    ("api:case_plan", "GET"): row(404, anonymous=NO_TOKEN),
    # The case runs: nobody exports it yet; who may not see it gets the case's 404.
    ("api:case_zgw", "GET"): row(404, anonymous=NO_TOKEN, regisseur=403, agent=403),
    ("api:figures", "GET"): row(403, anonymous=NO_TOKEN, regisseur=200, other_regisseur=200, manager=200),
}
# URLs whose `reference` is the matrix's escalation (not its case).
ESCALATION_URLS = {"api:escalation"}
# The URLs called with a token instead of the browser's session.
TOKEN_AUTH = {name for name, _ in ROWS if name not in {"api:schema", "api:docs", "api:token"}}


def bearer(user) -> str:
    from api import services
    from api.permissions import PERSONAL_SCOPES

    return "Bearer " + services.create_personal_token(user=user, name="matrix", scopes=list(PERSONAL_SCOPES))[1]


def make_kwargs(case, escalation, users) -> dict:
    return {}  # the reference (ESCALATION_URLS) and action_id (plans.py) come from the matrix and the others
