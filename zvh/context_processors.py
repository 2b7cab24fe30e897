"""Navigation per role: one place decides which menu items a user sees and which is current."""

from django.urls import reverse

from privacy import policy

# (namespace, url name) -> menu key; `None` as url name matches the whole namespace.
ACTIVE_ITEM = {
    (None, "home"): "home",
    ("cases", "create"): "case_new",
    ("cases", "my_week"): "my_week",
    ("cases", "team"): "team",
    ("cases", "handover"): "team",
    ("cases", "deputies"): "team",
    ("cases", None): "cases",
    ("escalations", "create"): "escalation_new",
    ("escalations", "triage"): "triage",
    ("escalations", "decide"): "triage",
    ("escalations", "table"): "triage_table",
    ("escalations", "table_escalation"): "triage_table",
    ("escalations", "triage_agenda"): "triage",
    ("escalations", None): "escalations",
    ("dashboard", None): "dashboard",
    ("dashboard", "programmes"): "programmes",
    ("privacy", "retention"): "retention",
    ("privacy", "retention_term"): "retention",
    ("privacy", "retention_extend"): "retention",
    ("privacy", "processing_register"): "processing_register",
    ("privacy", "processing_activity_new"): "processing_register",
    ("privacy", "processing_activity_edit"): "processing_register",
    ("privacy", "break_glass_start"): "break_glass_start",
    ("privacy", "break_glass_list"): "break_glass_list",
    ("privacy", "break_glass_review"): "break_glass_list",
    ("privacy", "grant_repairs"): "grant_repairs",
    ("privacy", None): "access_log",
    ("notifications", "schedule"): "schedule",
    ("notifications", None): "reminders",
    ("agenda", None): "agenda",
    ("registry", None): "registry",
}
# Subject-request pages share a prefix in their URL names.
SUBJECT_REQUEST_PREFIX = "subject_request"


def _active_key(request, user) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    namespace = match.namespace or None
    if namespace == "privacy" and (match.url_name or "").startswith(SUBJECT_REQUEST_PREFIX):
        return "subject_requests"
    key = ACTIVE_ITEM.get((namespace, match.url_name)) or ACTIVE_ITEM.get((namespace, None))
    if key == "triage" and match.url_name == "triage_agenda" and not policy.may_triage(user):
        return "triage_table"  # a table member reaches the agenda from the triage table
    if key == "escalations" and policy.may_triage(user):
        return "triage"  # a regisseur reaches escalation pages from the triage queue
    return key


def navigation(request):
    """The menu, and what templates/404.html offers, each item asking its `policy` function."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return {"nav_items": []}  # nothing to navigate to before the second factor
    items = [("home", "Start", reverse("home"))]
    if policy.may_work_on_cases(user):
        items.append(("cases", "Casussen", reverse("cases:list")))
        items.append(("reminders", "Herinneringen", reverse("notifications:reminders")))
    if policy.may_register_cases(user):
        items.append(("my_week", "Mijn week", reverse("cases:my_week")))
    if policy.may_triage(user):
        items.append(("triage", "Triage", reverse("escalations:triage")))
    if policy.may_join_triage_table(user):
        items.append(("triage_table", "Triagetafel", reverse("escalations:table")))
    if policy.may_register_cases(user):
        items.append(("case_new", "Casus registreren", reverse("cases:create")))
    if policy.may_submit_escalations(user):
        items.append(("escalation_new", "Casus aanmelden", reverse("escalations:create")))
        items.append(("escalations", "Mijn aanmeldingen", reverse("escalations:mine")))
    if policy.may_view_team(user):
        items.append(("team", "Team", reverse("cases:team")))
    if policy.may_view_dashboard(user):
        items.append(("dashboard", "Dashboard", reverse("dashboard:dashboard")))
        items.append(("programmes", "Programma's en prognoses", reverse("dashboard:programmes")))
    if policy.may_view_agenda(user):
        items.append(("agenda", "Samenwerkingsagenda", reverse("agenda:agendas")))
    if policy.may_break_glass(user):
        items.append(("break_glass_start", "Doorbraaktoegang", reverse("privacy:break_glass_start")))
    if policy.may_read_access_log(user):
        items.append(("access_log", "Toegangslog", reverse("privacy:access_log")))
        items.append(("break_glass_list", "Doorbraken", reverse("privacy:break_glass_list")))
        items.append(("grant_repairs", "Toegangsherstel", reverse("privacy:grant_repairs")))
    if policy.may_handle_subject_requests(user):
        items.append(("subject_requests", "Verzoeken betrokkenen", reverse("privacy:subject_requests")))
    if policy.may_manage_retention(user):
        items.append(("retention", "Bewaartermijnen", reverse("privacy:retention")))
    if policy.may_handle_subject_requests(user):
        items.append(("processing_register", "Verwerkingsregister", reverse("privacy:processing_register")))
    if policy.may_manage_registry(user):
        items.append(("registry", "Partnerregister", reverse("registry:organisations")))
    if policy.may_use_admin(user):
        items.append(("admin", "Beheer", reverse("admin:index")))
    if policy.may_view_job_schedule(user):
        items.append(("schedule", "Achtergrondtaken", reverse("notifications:schedule")))
    active = _active_key(request, user)
    return {
        "nav_items": [(key, label, url, key == active) for key, label, url in items],
        # templates/404.html: offer break-glass for a case page, and the way back to the cases
        "may_break_glass": policy.may_break_glass(user),
        "may_work_on_cases": policy.may_work_on_cases(user),
    }
