"""The demo letter (demo/letters.py): one invitation on the first running case, made once."""

import pytest

from cases.models import CaseDocument
from demo.letters import seed_letters

pytestmark = pytest.mark.django_db


def test_seed_letters_makes_one_invitation_once(case):
    seed_letters()
    seed_letters()
    document = CaseDocument.objects.get(case=case)
    assert document.title.startswith("Uitnodiging aan betrokkene – ") and document.category.name == "Brief"
    assert document.versions.get().content_type == "application/pdf"
