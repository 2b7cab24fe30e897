"""Every text, file and JSON field of every model of the project's apps is classified for
retention (zvh/data_retention.py), as every URL has a row in the URL matrix."""

from django.db import models

from zvh.data_retention import (
    PROJECT_APPS,
    DataRetention,
    Destroy,
    data_fields,
    declaration,
    problems,
    project_models,
)


def test_every_field_that_can_hold_data_is_classified():
    found = problems()
    assert not found, "Niet (goed) geclassificeerd voor bewaartermijnen:\n" + "\n".join(found)


def test_the_walk_covers_the_project_apps_and_their_data_fields():
    labels = {model._meta.app_label for model in project_models()}
    assert {"cases", "partners", "privacy", "notifications", "programmes"} <= labels <= set(PROJECT_APPS)
    fields = sum(len(data_fields(model)) for model in project_models())
    assert fields > 100  # the walk really sees the fields (a walk that finds nothing proves nothing)


def test_a_missing_or_unknown_classification_is_reported():
    from cases.models import Meeting

    original = Meeting.data_retention
    try:
        kept = dict(original.fields)
        kept.pop("minutes")
        Meeting.data_retention = DataRetention(**original.belongs_to, **kept, no_such_field=original.fields["agenda"])
        found = problems()
    finally:
        Meeting.data_retention = original
    assert "cases.Meeting.minutes: niet geclassificeerd" in found
    assert "cases.Meeting.no_such_field: geclassificeerd maar bestaat niet" in found


def test_what_belongs_to_a_case_is_destroyed_with_it():
    """The issue's list: plans, meetings, contributions, survey comments, the search copy."""
    from cases.models import (
        Case,
        DomainAssessment,
        Goal,
        Meeting,
        MeetingDecision,
        Participant,
        PlanAction,
        ProcessPlan,
        SurveyResponse,
    )

    expected = {
        Case: {"summary", "closure_result", "person_search_text"},
        ProcessPlan: {"summary", "agreement_note"},
        DomainAssessment: {"risks", "protective_factors"},
        Goal: {"description"},
        PlanAction: {"description", "status_note"},
        Meeting: {"location", "agenda", "minutes"},
        MeetingDecision: {"text"},
        Participant: {"contribution"},
        SurveyResponse: {"comment"},
    }
    for model, names in expected.items():
        declared = declaration(model)
        assert "case" in declared.belongs_to, model
        assert names <= set(declared.destroyed()), model
        assert all(isinstance(declared.fields[name], Destroy) for name in names)


def test_file_fields_would_be_covered():
    assert all(
        not isinstance(f, models.FileField) or f.name in declaration(m).fields
        for m in project_models()
        for f in m._meta.concrete_fields
    )
