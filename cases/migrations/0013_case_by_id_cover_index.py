"""The covering index on case ids that served the dashboard (0010) also carries what the case list
filters, sorts and searches on (issue 8). A regisseur with ten years of history may see a thousand
cases; the list numbered them by reading a thousand case rows (4.2 ms at the national benchmark's
scale) and a search read them again for the persons' names. From the index alone: about 2 ms either
way. PostgreSQL only (INCLUDE): elsewhere an index on id alone, which changes nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_case_person_search_text"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_dashboard_cover_idx"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["id"],
                include=(
                    "programme",
                    "municipality",
                    "opened_on",
                    "reference",
                    "phase",
                    "ave_level",
                    "person_search_text",
                ),
                name="case_by_id_cover_idx",
            ),  # fmt: skip
        ),
    ]
