"""manage.py export_content [--out FILE]: all content, drafts included, as byregion-content/1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from byregion.interchange.document import IMAGE_DIR, ContentError, content_dumps
from byregion.interchange.export import content_export, content_write


class Command(BaseCommand):
    help = _(
        "Eksporter alt innhaldet, utkast med, som byregion-content/1. Bileta blir skrivne i "
        "mappa «%(dir)s» ved sida av JSON-fila."
    ) % {"dir": IMAGE_DIR}

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            metavar="FIL",
            help=_("JSON-fila å skrive. Utan --out går JSON til standard ut (berre utan bilete)."),
        )

    def handle(self, *args, out, **options):
        export = content_export()
        if out is None:
            if export.images:
                raise CommandError(
                    _(
                        "Innhaldet har %(count)s bilete, og dei kan ikkje skrivast til standard ut. "
                        "Bruk --out FIL: bileta hamnar då i «%(dir)s/» ved sida av fila."
                    )
                    % {"count": len(export.images), "dir": IMAGE_DIR}
                )
            self.stdout.write(content_dumps(export.document), ending="")
            return
        try:
            report = content_write(export=export, out=out)
        except ContentError as error:
            raise CommandError(str(error)) from error
        self.stderr.write("\n".join(report.lines()))
        self.stderr.write(str(out.resolve()))
