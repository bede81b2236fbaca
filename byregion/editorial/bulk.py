"""The frame every bulk write runs in: the sheet import, the content import and the demo loader.

One transaction and one revision with a comment; a dry run does all the work, reports it and rolls
back; the page cache is cleared once, with the write. The report says what was done, in
nynorsk, and says so when nothing was kept.
"""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from byregion.cache import page_cache_batch


@dataclass
class BulkReport:
    """What a bulk write did; subclasses say it in `summary_lines()`."""

    dry_run: bool = False

    def summary_lines(self) -> list[str]:
        raise NotImplementedError

    def lines(self) -> list[str]:
        """Return the report as lines of nynorsk text for a person to read."""
        lines = self.summary_lines()
        if self.dry_run:
            lines.append(_("Prøvekøyring (--dry-run): ingenting er skrive til databasen."))
        return lines


@contextmanager
def bulk_write(*, report: BulkReport, comment: str, dry_run: bool = False) -> Iterator[BulkReport]:
    """Run the block in one transaction and one revision (`comment`); roll back a dry run.

    An exception from the block rolls everything back and goes on to the caller. A dry run keeps no
    revision: reversion would write it after the rollback has been decided.
    """
    report.dry_run = dry_run
    with transaction.atomic():
        with (
            page_cache_batch(keep=not dry_run),
            nullcontext() if dry_run else reversion.create_revision(atomic=False),
        ):
            if not dry_run:
                reversion.set_comment(comment)
            yield report
        if dry_run:
            transaction.set_rollback(True)


def bulk_remember(instance) -> None:
    """Keep `instance` in the bulk write's revision (a dry run keeps none)."""
    if reversion.is_active():
        reversion.add_to_revision(instance)
