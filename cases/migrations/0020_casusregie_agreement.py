import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def casusregie_to_the_case(apps, schema_editor):
    """The case becomes the one source of casusregie. Where a case has none, take it from its
    latest plan version that named one (a later version may have lost it: starting version 2 used
    to copy the case's empty value, which is the bug this fixes)."""
    Case = apps.get_model("cases", "Case")
    ProcessPlan = apps.get_model("cases", "ProcessPlan")
    latest = {}
    rows = (
        ProcessPlan.objects.filter(case__casusregisseur__isnull=True, casusregisseur__isnull=False)
        .order_by("case_id", "number")
        .values_list("case_id", "casusregisseur_id")
    )
    for case_id, organisation_id in rows:
        latest[case_id] = organisation_id  # ordered by number: the last one wins
    for case_id, organisation_id in latest.items():
        # Historical models carry no change log: this repair is documented here and in the issue.
        Case.objects.filter(pk=case_id, casusregisseur__isnull=True).update(casusregisseur_id=organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_lifecycle_links"),
        ("partners", "0003_collaboration_agenda"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="casusregisseur_user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="casusregisseur (persoon)",
            ),
        ),
        migrations.AddField(
            model_name="processplan",
            name="casusregisseur_user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="casusregisseur (persoon)",
            ),
        ),
        migrations.CreateModel(
            name="PlanAgreement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("agreed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="akkoord op")),
                ("remark", models.CharField(blank=True, max_length=500, verbose_name="opmerking")),
                ("plan_version", models.PositiveIntegerField(default=1, verbose_name="versie van het concept")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="partners.organisation",
                        verbose_name="organisatie",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="agreements", to="cases.processplan"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="akkoord gegeven door",
                    ),
                ),
            ],
            options={
                "verbose_name": "akkoord van een partner",
                "verbose_name_plural": "akkoorden van partners",
                "ordering": ["plan", "organisation__name"],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "organisation"), name="one_agreement_per_organisation")
                ],
            },
        ),
        # Not casusregie: main's TimelineKind (the lifecycle, handover and bottleneck kinds together)
        # had no migration when this branch was merged with it; choices only, no schema change.
        migrations.AlterField(
            model_name="timelineentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("notitie", "Notitie"),
                    ("geregistreerd", "Casus geregistreerd"),
                    ("fase", "Fase gewijzigd"),
                    ("ave", "AVE-niveau gewijzigd"),
                    ("betrokkene", "Betrokkene"),
                    ("partner", "Partner aan tafel"),
                    ("gegevens", "Casusgegevens gewijzigd"),
                    ("programma", "Programma gewijzigd"),
                    ("heropend", "Casus heropend"),
                    ("koppeling", "Gekoppelde casus"),
                    ("overdracht", "Overgedragen"),
                    ("vervanging", "Vervanging"),
                    ("knelpunt", "Knelpunt geregistreerd"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(casusregie_to_the_case, migrations.RunPython.noop),
    ]
