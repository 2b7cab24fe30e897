"""Navigation per role: one place decides which menu items a user sees."""

from django.urls import reverse

from .models import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("home", "Start", reverse("home"))]
    if user.role in {Role.PROCESREGISSEUR, Role.PARTNERPROFESSIONAL}:
        items.append(("cases", "Casussen", reverse("cases:list")))
    if user.role == Role.PROCESREGISSEUR:
        items.append(("case_new", "Casus registreren", reverse("cases:create")))
    if user.role in {Role.MANAGER, Role.PROCESREGISSEUR}:
        items.append(("programmes", "Programma's en prognoses", reverse("programmes:overview")))
    if user.role == Role.PRIVACYFUNCTIONARIS:
        items.append(("access_log", "Toegangslog", reverse("privacy:access_log")))
    if user.role == Role.FUNCTIONEEL_BEHEERDER and user.is_staff:
        items.append(("admin", "Beheer", reverse("admin:index")))
    return {"nav_items": items}
