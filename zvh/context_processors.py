"""Navigation per role: one place decides which menu items a user sees and which is current."""

from django.urls import reverse

from partners.models import Role
from privacy import policy
from privacy import policy as dashboard_policy

# (namespace, url name) -> menu key; `None` as url name matches the whole namespace.
ACTIVE_ITEM = {
    (None, "home"): "home",
    ("cases", "create"): "case_new",
    ("cases", "my_week"): "my_week",
    ("cases", None): "cases",
    ("escalations", "create"): "escalation_new",
    ("escalations", "triage"): "triage",
    ("escalations", "decide"): "triage",
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
    if key == "escalations" and user.role == Role.PROCESREGISSEUR:
        return "triage"  # a regisseur reaches escalation pages from the triage queue
    return key


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return {"nav_items": []}  # nothing to navigate to before the second factor
    items = [("home", "Start", reverse("home"))]
    if user.role in {Role.PROCESREGISSEUR, Role.PARTNERPROFESSIONAL}:
        items.append(("cases", "Casussen", reverse("cases:list")))
        items.append(("reminders", "Herinneringen", reverse("notifications:reminders")))
    if user.role == Role.PROCESREGISSEUR:
        items.append(("my_week", "Mijn week", reverse("cases:my_week")))
        items.append(("triage", "Triage", reverse("escalations:triage")))
        items.append(("case_new", "Casus registreren", reverse("cases:create")))
    if user.role == Role.PARTNERPROFESSIONAL:
        items.append(("escalation_new", "Casus aanmelden", reverse("escalations:create")))
        items.append(("escalations", "Mijn aanmeldingen", reverse("escalations:mine")))
    if dashboard_policy.may_view_dashboard(user):
        items.append(("dashboard", "Dashboard", reverse("dashboard:dashboard")))
    if user.role in {Role.MANAGER, Role.PROCESREGISSEUR}:
        items.append(("programmes", "Programma's en prognoses", reverse("dashboard:programmes")))
    if policy.may_view_agenda(user):
        items.append(("agenda", "Samenwerkingsagenda", reverse("agenda:agendas")))
    if user.role in {Role.PROCESREGISSEUR, Role.PRIVACYFUNCTIONARIS}:
        items.append(("break_glass_start", "Doorbraaktoegang", reverse("privacy:break_glass_start")))
    if user.role == Role.PRIVACYFUNCTIONARIS:
        items.append(("access_log", "Toegangslog", reverse("privacy:access_log")))
        items.append(("break_glass_list", "Doorbraken", reverse("privacy:break_glass_list")))
        items.append(("grant_repairs", "Toegangsherstel", reverse("privacy:grant_repairs")))
        items.append(("subject_requests", "Verzoeken betrokkenen", reverse("privacy:subject_requests")))
        items.append(("retention", "Bewaartermijnen", reverse("privacy:retention")))
        items.append(("processing_register", "Verwerkingsregister", reverse("privacy:processing_register")))
    if policy.may_manage_registry(user):
        items.append(("registry", "Partnerregister", reverse("registry:organisations")))
    if user.role == Role.FUNCTIONEEL_BEHEERDER and user.is_staff:
        items.append(("admin", "Beheer", reverse("admin:index")))
    if user.role == Role.FUNCTIONEEL_BEHEERDER:
        items.append(("schedule", "Achtergrondtaken", reverse("notifications:schedule")))
    active = _active_key(request, user)
    return {"nav_items": [(key, label, url, key == active) for key, label, url in items]}
