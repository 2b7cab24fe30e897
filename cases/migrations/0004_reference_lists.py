"""Reference lists the functional admin maintains afterwards: bottleneck categories (knelpunten)
and the inclusion criteria of MDA++ (seed 000) and the Levensloopaanpak (domain.md)."""

from django.db import migrations

BOTTLENECKS = [
    ("inhoud", "Geen passend zorgaanbod of wachtlijst"),
    ("inhoud", "Zorgmijding of geen ziektebesef"),
    ("inhoud", "Huisvesting (dreigende huisuitzetting, dakloosheid)"),
    ("inhoud", "Schulden en financiën"),
    ("inhoud", "Veiligheidsrisico voor omgeving"),
    ("inhoud", "Huiselijk geweld of kindermishandeling"),
    ("inhoud", "Middelengebruik"),
    ("samenwerking", "Onduidelijk wie de casusregie heeft"),
    ("samenwerking", "Informatiedeling tussen partners loopt vast"),
    ("samenwerking", "Partners zijn het oneens over de aanpak"),
    ("samenwerking", "Grenzen van de zorgplicht bereikt"),
    ("samenwerking", "Afstemming zorg en straf ontbreekt"),
]
CRITERIA = {
    "MDA++": [
        "Er is sprake van ernstig, terugkerend, structureel huiselijk geweld of kindermishandeling.",
        "De inzet van reguliere interventies heeft het geweld niet duurzaam gestopt.",
        "Er is sprake van problematiek op meerdere leefgebieden.",
        "Er is betrokkenheid uit meerdere domeinen (zorg, veiligheid, medisch).",
    ],
    "LLA": [
        "18 jaar of ouder met een psychiatrische stoornis, (lichte) verstandelijke beperking of niet-aangeboren "
        "hersenletsel.",
        "Aantoonbaar hoog risico op gevaarlijk gedrag, met kans op herhaling zonder sluitend zorgaanbod.",
        "Langdurige, steeds terugkerende problematiek.",
        "Structurerende zorg en grenzen zijn nodig.",
        "Een huidige of eerdere zorgmachtiging of strafrechtelijke titel.",
    ],
}


def add_lists(apps, schema_editor):
    BottleneckCategory = apps.get_model("cases", "BottleneckCategory")
    InclusionCriterion = apps.get_model("cases", "InclusionCriterion")
    Programme = apps.get_model("programmes", "Programme")
    for order, (kind, name) in enumerate(BOTTLENECKS):
        BottleneckCategory.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": order})
    for code, texts in CRITERIA.items():
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            continue
        for order, text in enumerate(texts):
            InclusionCriterion.objects.get_or_create(programme=programme, text=text, defaults={"sort_order": order})
    Programme.objects.filter(code="LLA").update(requires_inclusion_meeting=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_escalations"),
        ("programmes", "0003_programme_requires_inclusion_meeting"),
    ]
    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
