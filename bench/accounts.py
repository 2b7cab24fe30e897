"""Pick the benchmark accounts and what their journeys open (run by bench/run.py with the bench
settings and DATABASE_URL of one benchmark database):

    python -m bench.accounts OUT.json USERS

One account per locust user (a TOTP code is single-use per 30-second step per user). Procesregisseurs
and partner professionals open cases they hold a grant on (read from the grant table, as the
application decides); the privacy officer searches the log with the filters of the real screen; a
manager opens the dashboard when the `dashboard` app is installed.
"""

from __future__ import annotations

import json
import random
import sys

from bench.generate import PASSWORD, totp_key

# Pages each role visits, with relative weights (one page per iteration, 1–3 s think time).
JOURNEYS = {
    "regisseur": {"case_list": 4, "case_detail": 4, "plan": 2, "triage_queue": 2, "floor": 1,
                  "api_case_list": 1, "api_case_detail": 1, "api_actions": 1},
    # (escalations are rarer in real life; weight 2 gives their p95 enough samples)
    "professional": {"case_list": 3, "case_detail": 4, "plan": 2, "escalation_submit": 2, "floor": 1,
                     "api_case_list": 1, "api_case_detail": 1, "api_escalation_submit": 1, "api_escalation_status": 1},
    "privacy": {"access_log_search": 4, "floor": 1},
    "manager": {"dashboard": 4, "floor": 1, "api_figures": 1},
}  # fmt: skip
# Roles whose scripts call the REST API (api/) with a personal token of their own.
API_ROLES = {"regisseur", "professional", "manager"}


def api_token(user) -> str | None:
    """A personal API token for the account (every scope, one day), or None when this build has no API."""
    from django.apps import apps

    if not apps.is_installed("api"):
        return None
    from api.permissions import PERSONAL_SCOPES  # import here: only builds with the API have it
    from api.services import create_personal_token  # import here: idem

    return create_personal_token(user=user, name="benchmark", scopes=list(PERSONAL_SCOPES), days=1)[1]


def dashboard_url() -> str | None:
    """The manager dashboard (`dashboard:dashboard`), or None when this build has none."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("dashboard:dashboard")
    except NoReverseMatch:
        return None


def composition(users: int, has_dashboard: bool) -> dict[str, int]:
    privacy = max(1, round(users * 0.15))
    manager = max(1, round(users * 0.1)) if has_dashboard else 0
    rest = users - privacy - manager
    regisseur = (rest + 1) // 2
    return {"regisseur": regisseur, "professional": rest - regisseur, "privacy": privacy, "manager": manager}


def main(out: str, users: int) -> None:
    import django

    django.setup()
    from cases.models import BottleneckCategory, Case, Person
    from partners.models import Role, User
    from privacy.models import CaseUserObjectPermission

    rng = random.Random(8)
    url = dashboard_url()
    wanted = composition(users, url is not None)
    slots = []

    def visible(user):
        grants = CaseUserObjectPermission.objects.filter(user=user, permission__codename="view_case")
        cases = Case.objects.filter(pk__in=grants.values("content_object_id"))
        refs = list(cases.order_by("-opened_on").values_list("reference", flat=True)[:300])
        with_plan = list(
            cases.filter(plans__isnull=False)
            .distinct()
            .order_by("-opened_on")
            .values_list("reference", flat=True)[:150]
        )
        return refs, with_plan or refs

    for user in User.objects.filter(role=Role.PROCESREGISSEUR, is_active=True).order_by("username")[
        : wanted["regisseur"]
    ]:
        refs, with_plan = visible(user)
        slots.append({"role": "regisseur", "username": user.username, "cases": refs, "plan_cases": with_plan})
    # The professionals seated at the most open tables (their case list is the longest).
    from django.db.models import Count

    busiest = (
        CaseUserObjectPermission.objects.filter(user__role=Role.PARTNERPROFESSIONAL, permission__codename="view_case")
        .values("user")
        .annotate(n=Count("id"))
        .order_by("-n", "user")[: wanted["professional"]]
    )
    for row in busiest:
        user = User.objects.get(pk=row["user"])
        refs, with_plan = visible(user)
        slots.append({"role": "professional", "username": user.username, "cases": refs, "plan_cases": with_plan})
    sample_refs = list(Case.objects.order_by("?").values_list("reference", flat=True)[:50])
    person_ids = list(Person.objects.order_by("?").values_list("pk", flat=True)[:50])
    usernames = list(User.objects.filter(role__in=[Role.PROCESREGISSEUR, Role.PARTNERPROFESSIONAL])[:50].values_list(
        "username", flat=True))  # fmt: skip
    log_filters = [""] * 3 + [
        "resultaat=geweigerd",
        "doorbraak=on",
        "handeling=export",
        "van=2025-03-01&tot=2025-03-31",
    ]
    log_filters += [f"casus={r}" for r in rng.sample(sample_refs, 10)]
    log_filters += [f"gebruiker={u}" for u in rng.sample(usernames, 10)]
    log_filters += [f"persoon={p}" for p in rng.sample(person_ids, 10)]
    for user in User.objects.filter(role=Role.PRIVACYFUNCTIONARIS, is_active=True).order_by("username")[
        : wanted["privacy"]
    ]:
        slots.append({"role": "privacy", "username": user.username, "log_filters": log_filters})
    for user in User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username")[: wanted["manager"]]:
        slots.append({"role": "manager", "username": user.username})
    for slot in slots:
        slot["totp_key"] = totp_key(slot["username"])
        if slot["role"] in API_ROLES:
            slot["api_token"] = api_token(User.objects.get(username=slot["username"]))
    # Roles interleaved in a fixed order, so slot n has the same role on both databases.
    order = list(JOURNEYS)
    position: dict[str, int] = {}
    for slot in slots:
        position[slot["role"]] = position.get(slot["role"], -1) + 1
        slot["order"] = (position[slot["role"]], order.index(slot["role"]))
    slots.sort(key=lambda slot: slot.pop("order"))
    with open(out, "w") as handle:
        categories = list(BottleneckCategory.objects.filter(is_active=True).values_list("pk", flat=True)[:5])
        json.dump(
            {
                "password": PASSWORD,
                "dashboard_url": url,
                "journeys": JOURNEYS,
                "slots": slots,
                "bottleneck_category_ids": categories,  # what an API escalation names (api_escalation_submit)
            },
            handle,
        )
    print(json.dumps({"slots": {role: n for role, n in wanted.items()}, "dashboard_url": url}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
