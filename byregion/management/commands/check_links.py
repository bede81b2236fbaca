"""manage.py check_links: ask every external link in the content what it answers, and store it."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from byregion.editorial.links import LinkChecker, external_links, links_check
from cases.models import ResultExample
from regions.models import Bottleneck, Goal, Region


def content_links():
    """Return every external address in regions, goals, bottlenecks and results, drafts included."""
    urls = []
    for summary, after, source in Region.objects.values_list(
        "summary", "after_programme", "source_url"
    ):
        urls += external_links(summary) + external_links(after)
        urls += [source] if source.startswith(("http://", "https://")) else []
    for model, field in ((Goal, "text"), (Bottleneck, "text"), (ResultExample, "body")):
        for html in model.objects.values_list(field, flat=True):
            urls += external_links(html)
    return list(dict.fromkeys(urls))


def default_site_url():
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "localhost", "127.0.0.1")]
    return f"https://{hosts[0].lstrip('.')}/" if hosts else ""


class Command(BaseCommand):
    help = _(
        "Sjekk kvar ekstern lenkje i innhaldet, publisert og utkast: HEAD, så GET når tenaren "
        "ikkje tek HEAD. Svaret (kode eller feil) og tida blir lagra og vist i admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            help=_("Sekund å vente på svar frå ei adresse (standard 10)."),
        )
        parser.add_argument(
            "--pace",
            type=float,
            default=1.0,
            help=_("Minste tid i sekund mellom to førespurnader til same vert (standard 1)."),
        )
        parser.add_argument(
            "--site-url",
            default=default_site_url(),
            help=_("Adressa til nettstaden, som står i User-Agent (standard frå ALLOWED_HOSTS)."),
        )

    def handle(self, *args, timeout, pace, site_url, verbosity, **options):
        user_agent = "Byregion-lenkjesjekk/1.0" + (f" (+{site_url})" if site_url else "")
        checker = LinkChecker(user_agent=user_agent, timeout=timeout, pace=pace)

        def report(status):
            if verbosity > 1 or status.is_broken:
                mark = "!" if status.is_broken else " "
                self.stdout.write(f"{mark} {status.outcome}  {status.url}")

        stored = links_check(urls=content_links(), checker=checker, report=report)
        broken = sum(1 for status in stored if status.is_broken)
        self.stdout.write(
            _("Sjekka %(count)d lenkjer; %(broken)d verkar ikkje.")
            % {"count": len(stored), "broken": broken}
        )
