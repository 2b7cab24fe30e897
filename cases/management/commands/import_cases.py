"""manage.py import_cases FILE --door USER [--proefrun] [--rapport PATH]

Brings running cases in from GCOS or spreadsheets (layout: docs/import.md). Validates the whole
file first, imports each acceptable case in its own transaction and writes a Dutch report of every
case it refuses and why. A second run of the same file changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.import_file import ImportFileError, read_import_file
from cases.services.case_import import import_cases
from partners.models import Role, User

MAY_IMPORT = (Role.FUNCTIONEEL_BEHEERDER, Role.PROCESREGISSEUR)


class Command(BaseCommand):
    help = "Importeer lopende casussen uit GCOS of een spreadsheet (XLSX of een map met CSV-bestanden)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="XLSX-bestand of map met casussen.csv, betrokkenen.csv, ...")
        parser.add_argument(
            "--door", required=True, help="gebruikersnaam van wie importeert (functioneel beheerder of procesregisseur)"
        )
        parser.add_argument(
            "--proefrun", "--dry-run", action="store_true", dest="dry_run", help="alleen controleren, niets opslaan"
        )
        parser.add_argument("--rapport", help="schrijf het rapport ook naar dit bestand")

    def handle(self, *args, file, door, dry_run, rapport, **options):
        importer = User.objects.filter(username=door, is_active=True).first()
        if importer is None or importer.role not in MAY_IMPORT:
            raise CommandError(f"'{door}' is geen actieve functioneel beheerder of procesregisseur.")
        path = Path(file)
        try:
            rows = read_import_file(path)
        except ImportFileError as error:
            raise CommandError(f"Niets geïmporteerd: {error}") from error
        report = import_cases(rows, importer=importer, source=path.name, dry_run=dry_run)
        text = report.text()
        if rapport:
            Path(rapport).write_text(text, encoding="utf-8")
        self.stdout.write(text)
        if not report.ok:
            # A non-zero exit for scripts; what was acceptable has been imported (unless a dry run).
            raise CommandError(
                f"{len(report.refused)} casus(sen) geweigerd en {len(report.stray_rows)} losse rij(en); "
                "zie het rapport."
            )
