"""Root URLs: the public site in nynorsk at /, bokmål under /nb/ and English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from byregion import media
from byregion.cache import public_page
from byregion.editorial.admin import view_on_site
from byregion.site import errors, opendata, region_pages, views
from byregion.site.sitemaps import SITEMAPS

# /regionar/: the region list and the region page (byregion/site/region_pages.py), named in the
# regions namespace because they are the regions' pages.
region_urls = (
    [
        path("", region_pages.region_list, name="region_list"),
        path("<slug:slug>/", region_pages.region_detail, name="region_detail"),
    ],
    "regions",
)

urlpatterns = [
    path("helse/", errors.health, name="health"),
    path("admin/", include("byregion.accounts.urls")),
    # Ahead of the admin's own «view on site» shortcut, which would hand out drafts' addresses.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view_on_site",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("favicon.ico", views.favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("regionar/", include(region_urls)),
    path("", include("cases.urls")),
    path("sok/", views.search, name="search"),
    path("tilgjengelegheit/", views.accessibility_statement, name="accessibility"),
    path("data/", opendata.opendata, name="opendata"),
    path("data/byregion.json", opendata.opendata_json, name="opendata_json"),
    path("data/resultat.csv", opendata.opendata_csv, name="opendata_csv"),
    prefix_default_language=False,
)

handler404 = "byregion.site.errors.page_not_found"
handler500 = "byregion.site.errors.server_error"

# Uploaded images on the local file system (byregion/media.py); an S3 bucket serves its own.
if not settings.AWS_STORAGE_BUCKET_NAME:
    urlpatterns += [path("media/<path:path>", media.serve_media, name="media")]
