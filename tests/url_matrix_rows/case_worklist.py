"""Rows of the URL × role matrix for the case list as a work list: the search form's POST and
deleting a saved search.

ROWS: (url name, method) -> expected status per role (see common.row).
make_kwargs(case, escalation, users) -> extra URL kwargs (objects these URLs need), by name."""

from .common import LOGIN, row

ROWS: dict = {
    # The search form posts its criteria and is sent on to the list (an empty body: the plain list).
    ("cases:list", "POST"): row(403, anonymous=LOGIN, regisseur=302, other_regisseur=302, agent=302, colleague=302),
    # The saved search below is `regisseur`'s: only they delete it; for anyone else it does not exist.
    ("cases:saved_filter_delete", "POST"): row(404, anonymous=LOGIN, regisseur=302),
}


def make_kwargs(case, escalation, users) -> dict:
    from cases.models import SavedCaseFilter

    saved, _ = SavedCaseFilter.objects.get_or_create(
        user=users["regisseur"], name="Mijn AVE 4", defaults={"criteria": {"ave_level": 4}}
    )
    return {"key": saved.key}
