"""Cross-site scripting: a corpus of hostile strings in every text field, by the admin and by import.

Each vector goes into every rich-text field (sanitised on the way in) and every plain-text field
(escaped on the way out) of a region, its members, goals, bottlenecks and contacts, a result with
an image, and a theme. Then the public pages that show them are parsed: nothing executable may
survive, and plain text must show exactly as typed (so `{{7*7}}` stays `{{7*7}}`, never 49).
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from byregion.interchange.document import FORMAT
from byregion.interchange.write import content_import
from cases.models import ResultExample, Theme
from regions.models import Region
from tests.cases.test_result_admin import result_form
from tests.factories import image_bytes, image_upload
from tests.regions.test_region_admin import vest_telemark_form

pytestmark = pytest.mark.django_db

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="9" y="9">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="javascript:alert(1)">klikk</a>',
    '<a href="JaVaScRiPt:alert(1)">klikk</a>',
    '<a href=" &#14; javascript:alert(1)">klikk</a>',
    '<a href="jav&#x09;ascript:alert(1)">klikk</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klikk</a>',
    '<a href="data:image/svg+xml,<svg onload=alert(1)>">klikk</a>',
    '<a href="vbscript:msgbox(1)">klikk</a>',
    '<a href="https://example.org/" onclick="alert(1)">klikk</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'javascript:alert(1)';</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "javascript:alert(1)",
    "'-alert(1)-'\";alert(1);//",
    "{{7*7}}",
    "{% debug %}",
    "${7*7}<%= 7*7 %>#{7*7}",
]
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background",
    "poster", "srcset", "lowsrc", "ping", "cite", "manifest", "codebase",
}  # fmt: skip
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):")


class _Inspector(HTMLParser):
    def __init__(self, script_sources):
        super().__init__(convert_charrefs=True)
        self.script_sources = script_sources
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith(self.script_sources):
            self.problems.append(f"<script> not from {self.script_sources}: {values}")
        if tag in EMBEDDING:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            # Browsers drop control characters and spaces anywhere in a URL's scheme.
            compact = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(compact):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def inspect(html, script_sources=("/static/",)):
    """Return (problems, text) for a page: what could run, and the text a reader sees."""
    inspector = _Inspector(script_sources)
    inspector.feed(html)
    inspector.close()
    return inspector.problems, " ".join(inspector.text)


def test_the_corpus_is_broad_and_fits_every_field():
    assert len(VECTORS) >= 30
    assert len(set(VECTORS)) == len(VECTORS)
    # Membership and theme names are the narrowest fields (100 characters).
    assert max(len(vector) for vector in VECTORS) <= 100


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" &#14; JAVASCRIPT:alert(1)">x</a>',
        '<form><button formaction="data:text/html,x">x</button></form>',
        '<svg><a xlink:href="vbscript:x">x</a></svg>',
        "<iframe></iframe>",
        '<p style="color:red">x</p>',
        '<meta http-equiv="Refresh" content="0;url=/">',
    ],
)
def test_the_inspector_sees_what_could_run(html):
    problems, _text = inspect(f'<p>Trygt</p><script src="/static/site.js"></script>{html}')
    assert len(problems) == 1


def rich(vector):
    return f"<p>Før</p>{vector}<p>Etter</p>"


def title(vector):
    # The search word first: PostgreSQL's text parser ignores what follows an unclosed <style>.
    return f"Trenettverk {vector}"


def add_through_the_admin(client, vector):
    """Add a theme, a region with every inline and a result with an image; return their slugs."""
    response = client.post(
        reverse("admin:cases_theme_add"),
        {"name": vector, "slug": "tema-xss", "description": vector},
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    region_data = vest_telemark_form(
        name=vector,
        slug="xss",
        project_name=vector,
        organisation=vector,
        summary=rich(vector),
        advice=f"{vector}\nEit anna råd",
        after_programme=rich(vector),
        status="published",
        **{
            "memberships-0-name": vector,
            "goals-0-text": rich(vector),
            "goals-1-text": rich(vector),
            "bottlenecks-0-text": rich(vector),
            "contacts-0-name": vector,
            "contacts-0-role": vector,
            "contacts-0-organisation": vector,
        },
    )
    response = client.post(reverse("admin:regions_region_add"), region_data)
    assert response.status_code == 302, response.context and response.context["errors"]
    region = Region.objects.get(slug="xss")
    result_data = result_form(
        region,
        title=title(vector),
        slug="resultat-xss",
        teaser=title(vector),
        body=rich(vector),
        status="published",
        themes=[str(Theme.objects.get(slug="tema-xss").pk)],
        **{
            "images-0-image": image_upload(),
            "images-0-alt_text": vector,
            "images-0-caption": vector,
            "images-0-credit": vector,
        },
    )
    response = client.post(reverse("admin:cases_resultexample_add"), result_data)
    assert response.status_code == 302, response.context and response.context["errors"]


def add_through_the_import(tmp_path, vector):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "bilete.jpg").write_bytes(image_bytes())
    document = {
        "format": FORMAT,
        "themes": [{"slug": "tema-xss", "name": vector, "description": vector}],
        "regions": [
            {
                "slug": "xss",
                "name": vector,
                "project_name": vector,
                "organisation": vector,
                "phases": [2],
                "language": "nn",
                "published": True,
                "summary_html": rich(vector),
                "advice": [vector, "Eit anna råd"],
                "after_html": rich(vector),
                "members": [
                    {"municipality": "4036", "name": vector, "applicant": True},
                    {"municipality": "4034", "name": "Kviteseid", "applicant": False},
                ],
                "goals": [
                    {"number": 1, "text_html": rich(vector)},
                    {"number": 2, "text_html": rich(vector)},
                ],
                "bottlenecks": [{"text_html": rich(vector)}],
                "contacts": [
                    {
                        "name": vector,
                        "role": vector,
                        "organisation": vector,
                        "phone": "+47 414 23 433",
                        "email": "od@vest-telemark.no",
                    }
                ],
                "results": [
                    {
                        "slug": "resultat-xss",
                        "title": title(vector),
                        "teaser": title(vector),
                        "body_html": rich(vector),
                        "goals": [1, 2],
                        "themes": ["tema-xss"],
                        "published": True,
                        "images": [
                            {
                                "file": "img/bilete.jpg",
                                "alt": vector,
                                "caption": vector,
                                "credit": vector,
                            }
                        ],
                    }
                ],
            }
        ],
    }
    # Through JSON and back, as a file on disk would arrive.
    content_import(document=json.loads(json.dumps(document)), base_dir=tmp_path)


def assert_nothing_executable_on_the_public_pages(client, vector):
    region = Region.objects.get(slug="xss")
    result = ResultExample.objects.get(slug="resultat-xss")
    assert region.is_public and result.is_public
    pages = {
        "region": region.get_absolute_url(),
        "result": result.get_absolute_url(),
        "result list": reverse("cases:result_list"),
        "result list by theme": reverse("cases:result_list") + "?tema=tema-xss",
        "region list": reverse("regions:region_list"),
        "home": reverse("home"),
        "search": reverse("search") + "?q=trenettverk",
        "search for the vector": reverse("search") + "?" + urlencode({"q": vector}),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        problems, text = inspect(response.content.decode())
        assert problems == [], f"{name}: {problems}"
        if name in ("region", "result", "result list by theme"):
            # Plain text is escaped, not dropped: the reader sees exactly what was typed.
            assert vector in text, name
        if "7*7" in vector and name in ("region", "result"):
            assert "49" not in text, name
    search = client.get(pages["search"]).content.decode()
    assert result.get_absolute_url() in search


@pytest.mark.parametrize("vector", VECTORS)
def test_a_vector_entered_in_the_admin_runs_nowhere(admin_client, client, vector):
    add_through_the_admin(admin_client, vector)
    assert_nothing_executable_on_the_public_pages(client, vector)


@pytest.mark.parametrize("vector", VECTORS)
def test_a_vector_in_an_imported_document_runs_nowhere(client, tmp_path, vector):
    add_through_the_import(tmp_path, vector)
    assert_nothing_executable_on_the_public_pages(client, vector)


@pytest.mark.parametrize(
    "vector", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}"]
)
def test_the_admin_shows_a_vector_as_text_too(admin_client, vector):
    add_through_the_admin(admin_client, vector)
    region = Region.objects.get(slug="xss")
    for url in (
        reverse("admin:regions_region_changelist"),
        reverse("admin:regions_region_change", args=[region.pk]),
        reverse("admin:cases_resultexample_changelist"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        # The admin's own scripts: static files and its translation catalogue.
        problems, text = inspect(response.content.decode(), ("/static/", "/admin/jsi18n/"))
        assert [p for p in problems if not p.startswith("style=")] == [], url
        assert vector in text
