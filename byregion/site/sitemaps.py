"""sitemap.xml: the static pages, every published region and every public result example, in all
three languages with hreflang alternates (nynorsk, the default, without a prefix)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import ResultExample
from regions.models import Region


class MultilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPageSitemap(MultilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "regions:region_list", "cases:result_list", "accessibility"]

    def location(self, item):
        return reverse(item)


class RegionSitemap(MultilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Region.objects.published().order_by("name")

    def lastmod(self, region):
        return region.updated_at


class ResultSitemap(MultilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return ResultExample.objects.public().select_related("region").order_by("region", "slug")

    def lastmod(self, result):
        return result.updated_at


SITEMAPS = {"pages": StaticPageSitemap, "regions": RegionSitemap, "results": ResultSitemap}
