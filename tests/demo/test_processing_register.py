"""The demo's processing register: the ZVH's standard activities, entered once, shown on the
privacy officer's register page."""

from django.urls import reverse

from demo.processing_register import seed_processing_register
from privacy.models import ProcessingActivity
from tests.auth import login


def test_seed_processing_register_is_idempotent(db):
    assert seed_processing_register() == 3
    names = set(ProcessingActivity.objects.values_list("name", flat=True))
    assert any("PGA Radicalisering" in name for name in names)
    assert seed_processing_register() == 0
    assert ProcessingActivity.objects.count() == 3


def test_processing_register_page_lists_the_seeded_activities(client, privacy_officer):
    seed_processing_register()
    login(client, privacy_officer)
    content = client.get(reverse("privacy:processing_register")).content.decode()
    assert "Aanmeldingen en triage" in content and "PGA Radicalisering" in content
