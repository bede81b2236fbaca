"""manage.py load_demo: the programme's regions, themes and the Vest-Telemark sheet (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from byregion.demo.load import demo_load
from byregion.sheets.parse import SheetError


class Command(BaseCommand):
    help = _(
        "Legg inn demoinnhaldet: dei 35 kjende byregionane, nokre tema og arket for Vest-Telemark. "
        "Lagar berre det som manglar; endringar gjorde i admin blir ikkje skrivne over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Vis kva som ville blitt lagt inn, utan å skrive noko."),
        )

    def handle(self, *args, dry_run, **options):
        try:
            report = demo_load(dry_run=dry_run)
        except SheetError as error:
            raise CommandError(
                _("%(error)s\nIngenting er skrive til databasen.") % {"error": error}
            ) from error
        self.stdout.write("\n".join(report.lines()))
