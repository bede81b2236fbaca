"""Three languages: nynorsk at /, bokmål under /nb/, English under /en/; lang follows the content."""

import ast
import gettext
from pathlib import Path

import pytest

from regions.models import Language
from tests.factories import make_region, make_result

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
# Everything a visitor reads comes from these files.
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/home.html",
    "templates/404.html",
    "templates/500.html",
    "templates/503.html",
    "templates/standalone.html",
    "templates/includes/",
    "templates/regions/",
    "templates/cases/",
    "templates/search/",
    "templates/pages/",
    "templates/opendata/",
    "cases/views.py",
    "byregion/site/",
)


@pytest.fixture
def region():
    region = make_region(name="Vest-Telemark", slug="vest-telemark", summary="<p>Samarbeid.</p>")
    make_result(region, slug="trenettverk", title="Trenettverket", goals=(1,))
    return region


@pytest.mark.parametrize(
    "prefix, language, heading",
    [("", "nn", "Byregionar"), ("/nb", "nb", "Byregioner"), ("/en", "en", "City regions")],
)
def test_the_ui_language_follows_the_prefix(client, region, prefix, language, heading):
    html = client.get(f"{prefix}/regionar/").content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_every_page_type_is_translated_to_english(client, region):
    pages = {
        "/en/": "The City Region Programme: goals and results",
        "/en/regionar/vest-telemark/": "Goals and results",
        "/en/regionar/vest-telemark/trenettverk/": "Goals this result advances",
        "/en/resultat/": "Filter the results",
        "/en/sok/?q=tre": "Search city regions and results",
        "/en/tilgjengelegheit/": "Accessibility statement",
    }
    for path, expected in pages.items():
        html = client.get(path).content.decode()
        assert expected in html, path
        assert "Hopp til hovudinnhaldet" not in html, path
        assert "Skip to main content" in html, path


def test_bokmaal_reads_as_bokmaal(client, region):
    html = client.get("/nb/regionar/vest-telemark/").content.decode()
    assert "Hopp til hovedinnholdet" in html
    assert "Mål og resultater" in html


def test_the_language_switcher_links_to_the_same_page(client, region):
    html = client.get("/en/regionar/vest-telemark/?fase=2").content.decode()
    switcher = html[html.index('<nav class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert '<a href="/regionar/vest-telemark/?fase=2" lang="nn" hreflang="nn">Nynorsk</a>' in (
        switcher
    )
    assert '<a href="/nb/regionar/vest-telemark/?fase=2" lang="nb" hreflang="nb">Bokmål</a>' in (
        switcher
    )
    assert 'lang="en" hreflang="en" aria-current="true">English</a>' in switcher


def test_the_language_switcher_works_on_a_404(client, db):
    html = client.get("/en/finst-ikkje/").content.decode()
    assert '<a href="/finst-ikkje/" lang="nn" hreflang="nn">Nynorsk</a>' in html


def test_alternates_name_every_language(client, region):
    html = client.get("/regionar/vest-telemark/").content.decode()
    for code, prefix in [("nn", ""), ("nb", "/nb"), ("en", "/en")]:
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver{prefix}/regionar/vest-telemark/">'
        ) in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/regionar/vest-telemark/">'
        in html
    )


@pytest.mark.parametrize("prefix, locale", [("", "nn_NO"), ("/nb", "nb_NO"), ("/en", "en_GB")])
def test_sharing_names_the_locale(client, region, prefix, locale):
    html = client.get(f"{prefix}/").content.decode()
    assert f'<meta property="og:locale" content="{locale}">' in html


def test_content_in_another_language_than_the_ui_is_marked(client, region):
    make_result(
        region,
        slug="bokmaal",
        title="Samarbeid på bokmål",
        body="<p>Kommunene samarbeider.</p>",
        language=Language.BOKMAAL,
    )
    nynorsk_ui = client.get("/regionar/vest-telemark/bokmaal/").content.decode()
    assert '<h1 lang="nb">Samarbeid på bokmål</h1>' in nynorsk_ui
    bokmaal_ui = client.get("/nb/regionar/vest-telemark/bokmaal/").content.decode()
    assert "<h1>Samarbeid på bokmål</h1>" in bokmaal_ui
    english_ui = client.get("/en/regionar/vest-telemark/trenettverk/").content.decode()
    assert '<h1 lang="nn">Trenettverket</h1>' in english_ui
    assert '<span aria-current="page" lang="nn">Trenettverket</span>' in english_ui


def test_renamed_municipalities_read_in_the_ui_language(client, region):
    from regions.models import Membership, Municipality

    Membership.objects.create(
        region=region, municipality=Municipality.objects.get(number="4020"), name="Sauherad"
    )
    assert "Sauherad (now Midt-Telemark)" in client.get("/en/regionar/").content.decode()
    assert "Sauherad (nå Midt-Telemark)" in client.get("/nb/regionar/").content.decode()


def _entry(block):
    """One .po entry as a dict: context, msgid, msgstr (a list), references, fuzzy."""
    entry = {"references": "", "fuzzy": False, "msgctxt": None, "msgid": None, "msgstr": []}
    fields = []
    for line in block.splitlines():
        if line.startswith("#:"):
            entry["references"] += line[2:] + " "
        elif line.startswith("#,"):
            entry["fuzzy"] = entry["fuzzy"] or "fuzzy" in line
        elif line.startswith('"') and fields:
            fields[-1][1].append(line)
        elif not line.startswith("#"):
            keyword, _space, value = line.partition(" ")
            fields.append((keyword, [value]))
    for keyword, parts in fields:
        value = "".join(ast.literal_eval(part) for part in parts)
        if keyword.startswith("msgstr"):
            entry["msgstr"].append(value)
        elif keyword in ("msgctxt", "msgid"):
            entry[keyword] = value
    return entry


def _catalogue(language):
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return [entry for entry in map(_entry, text.strip().split("\n\n")) if entry["msgid"]]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_public_string_is_translated(language):
    untranslated = [
        entry["msgid"]
        for entry in _catalogue(language)
        if any(source in entry["references"] for source in PUBLIC_SOURCES)
        and (entry["fuzzy"] or not all(entry["msgstr"]))
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_compiled_catalogue_matches_the_source(language):
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in _catalogue(language):
        if entry["fuzzy"] or len(entry["msgstr"]) != 1 or not entry["msgstr"][0]:
            continue
        if entry["msgctxt"]:
            assert catalogue.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


@pytest.mark.parametrize(
    "path",
    [
        "/en//attacker.invalid/x",
        "/nb//attacker.invalid/x",
        "//attacker.invalid/x",
        "/en/%2F%2Fattacker.invalid/x",
        "/en/\\attacker.invalid/x",
        "/en//\\attacker.invalid/x?q=1",
    ],
)
def test_language_links_only_ever_point_into_this_site(client, path):
    """The switcher and the hreflang alternates keep the visitor on this site, even on a 404."""
    import re

    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*hreflang', html)
    links += re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]*)"', html)
    links += re.findall(r'<link rel="canonical" href="([^"]*)"', html)
    assert links, "the 404 page has language links"
    for link in links:
        assert link.startswith(("/", "http://testserver/")), link
        assert not link.startswith(("//", "/\\")), link
        assert "attacker.invalid" not in link.split("/")[2 if link.startswith("http") else 0], link
