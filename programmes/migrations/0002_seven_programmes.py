"""The seven programmes of a ZVH and the 2023 prognoses of the Jaarplan (seed 000).
Reference data a manager edits afterwards; re-running the migration does not overwrite edits."""

from django.db import migrations

PROGRAMMES = [
    # code, name, review interval (days), advice only, separate legal basis, new, running
    (
        "COM",
        "Casus op maat",
        90,
        False,
        False,
        100,
        50,
        "Complexe domeinoverstijgende casuïstiek met een (hoog) veiligheidsrisico; toegang tot de Levensloopaanpak.",
    ),
    (
        "COM-ADVIES",
        "Casus op maat – advies",
        30,
        True,
        False,
        50,
        None,
        "Adviesvraag (vraagbaak) die zonder volledige casus wordt afgehandeld.",
    ),
    (
        "PGA-RAD",
        "PGA Radicalisering",
        60,
        False,
        True,
        5,
        10,
        "Persoonsgerichte aanpak radicalisering; procesregie in AVE3 en AVE4. Eigen wettelijke grondslag.",
    ),
    (
        "PGA-JEUGD",
        "PGA Jeugd",
        90,
        False,
        False,
        20,
        30,
        "High Impact Crime, drugs, cyber, excessief geweld en leiders van jeugdgroepen.",
    ),
    (
        "PGA-OG",
        "PGA Onbegrepen gedrag",
        90,
        False,
        False,
        15,
        5,
        "Onbegrepen (verward) gedrag met een veiligheidsrisico.",
    ),
    (
        "MDA++",
        "MDA++",
        90,
        False,
        False,
        15,
        None,
        "Systeemgerichte aanpak van ernstig, langdurig huiselijk geweld en kindermishandeling; loopt minstens een jaar.",
    ),
    (
        "LLA",
        "Levensloopaanpak",
        180,
        False,
        False,
        None,
        None,
        "Levenslange aanpak voor volwassenen met psychiatrische, LVB- of NAH-problematiek en een hoog risico.",
    ),
]


def add_programmes(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Prognosis = apps.get_model("programmes", "Prognosis")
    for order, (code, name, interval, advice, separate, new, running, description) in enumerate(PROGRAMMES):
        programme, _ = Programme.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "review_interval_days": interval,
                "is_advice_only": advice,
                "has_separate_legal_basis": separate,
                "sort_order": order,
            },
        )
        if new is not None or running is not None:
            Prognosis.objects.get_or_create(
                programme=programme,
                year=2023,
                defaults={
                    "expected_new": new,
                    "expected_running": running,
                    "note": "Jaarplan 2023 ZVH Brabant Zuidoost",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(add_programmes, migrations.RunPython.noop)]
