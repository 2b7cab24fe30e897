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
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for found in raw_choice_comparisons(text):
            offender = f"{path.relative_to(TEMPLATES)}: {found}"
            if offender not in ALLOWED:
                offenders.append(offender)
    assert offenders == [], (
        "Vergelijk in templates geen keuzeveld met een ruwe waarde; geef het model een property "
        "(bijv. is_closed, status_tone):\n" + "\n".join(offenders)
    )
