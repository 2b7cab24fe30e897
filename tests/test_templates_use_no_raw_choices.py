"""Templates do not compare a model field against a raw choice value (issue 14).

`{% if meeting.status == 'gehouden' %}` breaks silently when a choice value is renamed; the model
that owns the choices says what the value means instead (`meeting.status_tone`, `case.is_closed`,
`user.is_procesregisseur`), using its TextChoices members in Python.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# A template tag ({% if %} / {% elif %}) holding `<name>.<choice field> ==|!= '<literal>'`.
TAG = re.compile(r"{%-?\s*(?:if|elif)\b(.*?)%}", re.DOTALL)
RAW_COMPARISON = re.compile(
    r"""\b[A-Za-z_][\w.]*\.(?:status|role|kind|phase|urgency)\s*(?:==|!=)\s*["'][^"']*["']"""
    r"""|["'][^"']*["']\s*(?:==|!=)\s*[A-Za-z_][\w.]*\.(?:status|role|kind|phase|urgency)\b"""
)

# Not model fields: the case list's filter value ("alle" is no phase).
ALLOWED = {'cases/case_list.html: filters.phase == "alle"'}


def raw_choice_comparisons(text: str) -> list[str]:
    found = []
    for tag in TAG.finditer(text):
        found.extend(m.group(0) for m in RAW_COMPARISON.finditer(tag.group(1)))
    return found


def test_the_pattern_finds_raw_comparisons_and_leaves_properties_alone():
    assert raw_choice_comparisons("{% if meeting.status == 'gehouden' %}x{% endif %}") == [
        "meeting.status == 'gehouden'"
    ]
    assert raw_choice_comparisons('{% elif user.role != "manager" %}') == ['user.role != "manager"']
    assert raw_choice_comparisons("{% if can_change and 'acuut' == escalation.urgency %}") == [
        "'acuut' == escalation.urgency"
    ]
    assert raw_choice_comparisons("{% if case.is_closed %}{% elif meeting.status_tone == 'ok' %}") == []
    assert raw_choice_comparisons('{% if filters.phase_x == "alle" %}{% if wt == "select" %}') == []


def test_no_template_compares_a_choice_field_with_a_raw_value():
    offenders = []
    paths = sorted([*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.txt")])
    assert paths, TEMPLATES
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for found in raw_choice_comparisons(text):
            offender = f"{path.relative_to(TEMPLATES)}: {found}"
            if offender not in ALLOWED:
                offenders.append(offender)
    assert offenders == [], (
        "Vergelijk in templates geen keuzeveld met een ruwe waarde; geef het model een property "
        "(bijv. is_closed, status_tone):\n" + "\n".join(offenders)
    )


def test_the_reminder_subject_follows_the_kind():
    from django.template.loader import render_to_string

    from notifications.models import Reminder, ReminderKind

    def subject(kind):
        context = {"reminder": Reminder(kind=kind), "reference": "Z1"}
        return render_to_string("cases/email/reminder_subject.txt", context)

    assert subject(ReminderKind.REVIEW_DUE).startswith("Evaluatie plan van aanpak casus Z1")
    assert subject(ReminderKind.ACTION_OVERDUE).startswith("Deadline verstreken: actie in casus Z1")
    assert subject(ReminderKind.ACTION_DUE).startswith("Deadline nadert: actie in casus Z1")


def test_the_escalation_status_badge_names_tone_and_text():
    from cases.models.escalation import EscalationStatus, escalation_status_badge

    assert escalation_status_badge(EscalationStatus.SUBMITTED) == ("info", "Ingediend, wacht op triage")
    assert escalation_status_badge(EscalationStatus.ACCEPTED) == ("ok", "Geaccepteerd als casus")
    assert escalation_status_badge(EscalationStatus.REJECTED) == ("neutral", "Niet geaccepteerd")
    assert escalation_status_badge("") == ("neutral", "Onbekend")
