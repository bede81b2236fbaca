"""manage.py import_content FILE.json: import a byregion-content/1 document in one transaction."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from byregion.interchange.document import ContentError, content_read
from byregion.interchange.write import content_import


class Command(BaseCommand):
    help = _(
        "Importer eit byregion-content/1-dokument. Byregionar med same adresse blir oppdaterte "
        "slik dokumentet seier; alt skjer i éin transaksjon, og ein feil endrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FIL.json")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Sjekk dokumentet og vis kva som ville blitt endra, utan å skrive noko."),
        )

    def handle(self, *args, file, dry_run, **options):
        progress, close = self._progress()
        try:
            document = content_read(file)
            report = content_import(
                document=document, base_dir=file.parent, dry_run=dry_run, progress=progress
            )
        except ContentError as error:
            raise CommandError(_("%(error)s\nIngenting er endra.") % {"error": error}) from error
        finally:
            close()
        self.stdout.write("\n".join(report.lines()))

    def _progress(self):
        """A bar on a terminal; elsewhere (logs, CI) a line about every tenth of the way."""
        if sys.stderr.isatty():
            bar = None

            def tick(done, total, slug):
                nonlocal bar
                if bar is None:
                    bar = tqdm(total=total, unit=_("byregion"), file=sys.stderr)
                bar.set_postfix_str(slug, refresh=False)
                bar.update(1)

            return tick, lambda: bar.close() if bar else None

        def line(done, total, slug):
            step = max(1, total // 10)
            if done % step == 0 or done == total:
                self.stderr.write(
                    _("Importert %(done)s av %(total)s byregionar (%(slug)s)")
                    % {"done": done, "total": total, "slug": slug}
                )

        return line, lambda: None
