"""manage.py import_sheet FILE…: read "Utval resultat" sheets into their regions."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from byregion.sheets.load import sheet_import
from byregion.sheets.parse import SheetError
from regions.programme import known_regions


class Command(BaseCommand):
    help = _(
        "Les «Utval resultat»-ark inn i byregionane sine. Alle filene i éin transaksjon: "
        "ein feil i éi fil lèt databasen stå urørd."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FIL")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Vis kva som ville blitt endra, utan å skrive noko."),
        )
        parser.add_argument(
            "--fase",
            type=int,
            choices=[1, 2],
            action="append",
            default=[],
            help=_("Fasen ein ny byregion var med i, når han ikkje står i byregionar.csv."),
        )

    def handle(self, *args, files, dry_run, fase, **options):
        try:
            reports = sheet_import(paths=files, dry_run=dry_run, known=known_regions(), phases=fase)
        except SheetError as error:
            raise CommandError(
                _("%(error)s\nIngenting er skrive til databasen.") % {"error": error}
            ) from error
        self.stdout.write("\n".join(reports.lines()))
