"""Each case keeps a copy of its persons' names for the case-list search (issue 8): searching a
regisseur's history of a thousand cases tested a thousand cases' persons one lookup at a time. The
copy is filled here for existing cases in the same form `cases.services.case.refresh_person_search`
writes it: each person's non-empty first name, prefix and last name joined by spaces, one person per
line, in the order the persons were added; empty (the search then looks at the persons) when longer
than LIMIT_BYTES in UTF-8 (the copy goes into an index entry, at most 2,704 bytes)."""

from django.db import migrations, models

LIMIT_BYTES = 2000  # Case.PERSON_SEARCH_TEXT_BYTES when this migration was written

FILL_ON_POSTGRESQL = """
UPDATE cases_case
SET person_search_text = CASE WHEN octet_length(names.text) <= %s THEN names.text ELSE '' END
FROM (
    SELECT case_id,
           string_agg(concat_ws(' ', NULLIF(first_name, ''), NULLIF(name_prefix, ''), NULLIF(last_name, '')),
                      E'\\n' ORDER BY created_at, id) AS text
    FROM cases_person
    GROUP BY case_id
) AS names
WHERE names.case_id = cases_case.id
"""


def fill_person_search_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            FILL_ON_POSTGRESQL, [LIMIT_BYTES]
        )  # one statement: a national database has 100,000s of cases
        return
    Case = apps.get_model("cases", "Case")
    Person = apps.get_model("cases", "Person")
    names: dict[int, list[str]] = {}
    for case_id, *parts in Person.objects.order_by("created_at", "pk").values_list(
        "case_id", "first_name", "name_prefix", "last_name"
    ):
        names.setdefault(case_id, []).append(" ".join(part for part in parts if part))
    for case_id, case_names in names.items():
        text = "\n".join(case_names)
        Case.objects.filter(pk=case_id).update(person_search_text=text if len(text.encode()) <= LIMIT_BYTES else "")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_escalation_person_lookup_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="person_search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_person_search_text, migrations.RunPython.noop, elidable=True),
    ]
