"""The life domains (leefgebieden) of domain.md with a short guidance text; a managed list."""

from django.db import migrations

DOMAINS = [
    ("Huisvesting", "Woont de persoon veilig en stabiel? Dreigt huisuitzetting of dakloosheid?"),
    ("Financiën", "Schulden, inkomen, beslag, bewind: is er overzicht en bestaanszekerheid?"),
    ("Dagbesteding en werk", "Heeft de persoon werk, school of een zinvolle dagbesteding?"),
    ("Psychische gezondheid", "Diagnoses, behandeling, zorgmijding, crisisgevoeligheid."),
    ("Lichamelijke gezondheid", "Ziekte, beperkingen, medicatie, toegang tot zorg."),
    ("Middelengebruik", "Alcohol, drugs, gokken: aard, ernst en invloed op gedrag."),
    ("Justitie en politie", "Strafrechtelijke titels, lopende zaken, voorwaarden, politiecontacten."),
    ("Huiselijke relaties en veiligheid", "Huiselijk geweld, kindermishandeling, veiligheid van gezinsleden."),
    ("Sociaal netwerk", "Wie staat om de persoon heen; wie helpt, wie is een risico?"),
    ("Opvoeding en ontwikkeling", "Ontwikkeling en veiligheid van kinderen; ondersteuning van ouders."),
    ("Praktische vaardigheden", "Zelfredzaamheid in het dagelijks leven, administratie, afspraken nakomen."),
]


def add_domains(apps, schema_editor):
    LifeDomain = apps.get_model("cases", "LifeDomain")
    for order, (name, guidance) in enumerate(DOMAINS):
        LifeDomain.objects.get_or_create(name=name, defaults={"guidance": guidance, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_plans_and_meetings")]
    operations = [migrations.RunPython(add_domains, migrations.RunPython.noop)]
