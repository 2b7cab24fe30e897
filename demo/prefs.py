"""Demo data for delivery preferences (issue 16): two demo regisseurs chose otherwise than "direct",
so the settings page and the daily digest show something. Through the real service; idempotent."""

from __future__ import annotations

from notifications.models import Delivery
from notifications.services import save_preferences
from partners.models import User

CHOICES = {
    # Youssef Bakker reads reminders and new actions once a day, at 07:00.
    "regisseur2": {"herinnering": Delivery.DIGEST, "actie_toegewezen": Delivery.DIGEST},
    # Ilse Verhoeven sees seatings only in the application.
    "regisseur3": {"aan_tafel": Delivery.APP_ONLY, "van_tafel": Delivery.APP_ONLY},
}


def seed_delivery_preferences() -> int:
    """Returns how many users got their choices (users missing from this demo are skipped)."""
    users = {user.username: user for user in User.objects.filter(username__in=CHOICES)}
    for username, choices in CHOICES.items():
        if username in users:
            save_preferences(user=users[username], choices=choices)
    return len(users)
