"""The demo's delivery preferences: set through the service, twice is the same as once."""

import pytest

from demo.prefs import seed_delivery_preferences
from notifications.models import Delivery, NotificationPreference
from tests.factories import UserFactory


@pytest.mark.django_db
def test_demo_preferences_are_set_once():
    UserFactory(username="regisseur2", regisseur=True)
    assert seed_delivery_preferences() == 1
    assert seed_delivery_preferences() == 1
    assert dict(NotificationPreference.objects.values_list("kind", "delivery")) == {
        "herinnering": Delivery.DIGEST,
        "actie_toegewezen": Delivery.DIGEST,
    }
