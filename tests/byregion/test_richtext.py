"""Every rich-text field is sanitised on the server, whatever path writes it."""

import pytest

from byregion.richtext import clean_html, plain_text
from cases.models import ResultExample
from regions.models import Bottleneck, Goal, Region
from tests.factories import make_region, make_result

HOSTILE = [
    ("<p>Hei<script>alert(1)</script></p>", "<p>Hei</p>"),
    ('<p onclick="alert(1)">Klikk</p>', "<p>Klikk</p>"),
    ("<img src=x onerror=alert(1)>", ""),
    ('<a href="javascript:alert(1)">lenkje</a>', "<p><a>lenkje</a></p>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>', "<p><a>data</a></p>"),
    ('<p style="color:red">Raud</p>', "<p>Raud</p>"),
    ('<iframe src="https://example.org"></iframe><p>Etter</p>', "<p>Etter</p>"),
    ("<svg><script>alert(1)</script></svg>", ""),
    ("<h1>Stor</h1><h2>Mellom</h2>", "<p>Stor</p>\n<h2>Mellom</h2>"),
    ("<style>p{}</style><p>Tekst</p>", "<p>Tekst</p>"),
    ("<!-- kommentar --><p>Tekst</p>", "<p>Tekst</p>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<p><a>x</a></p>"),
]

KEPT = [
    "<p>Nytt <strong>næringsliv</strong> og <em>næringskjeder</em>.</p>",
    '<p><a href="https://vt-radet.no/">Vest-Telemarkrådet</a></p>',
    '<p><a href="mailto:od@vest-telemark.no">E-post</a> og <a href="tel:+4741423433">telefon</a></p>',
    "<h2>Tittel</h2>\n<h3>Under</h3>\n<h4>Minst</h4>\n<ul>\n<li>Ein</li>\n</ul>\n<ol>\n<li>To</li>\n</ol>",
    "<blockquote>\n<p>Sitat</p>\n</blockquote>",
    '<p>Ein&nbsp;to &amp; «tre» &lt;x&gt; "sitat"<br>ny linje</p>',
]


@pytest.mark.parametrize(("hostile", "stored"), HOSTILE)
def test_hostile_html_is_cleaned(hostile, stored):
    assert clean_html(hostile) == stored


@pytest.mark.parametrize("allowed", KEPT)
def test_the_allowlist_is_kept_as_it_is(allowed):
    assert clean_html(allowed) == allowed


def test_bold_and_italic_become_strong_and_em():
    assert (
        clean_html("<p><b>Feit</b> og <i>skrå</i></p>")
        == "<p><strong>Feit</strong> og <em>skrå</em></p>"
    )


def test_cleaning_twice_changes_nothing():
    for hostile, _ in HOSTILE:
        once = clean_html(hostile)
        assert clean_html(once) == once


# What TinyMCE sends back for content it was given, byte for byte as Chromium posted it, and the
# same content as an import or an older version of this module stored it.
STORED_AND_SENT = [
    (
        "<p>Ein&nbsp;to &amp; «tre»</p><p>Linje<br>to<br></p>\n\n<h2>Overskrift</h2>"
        "<ul><li>a</li><li>b</li></ul><blockquote><p>s</p></blockquote>"
        '<p><a title="T" href="https://x.no/?a=1&amp;b=2">l</a></p>\n',
        "<p>Ein\u00a0to &amp; «tre»</p>\n<p>Linje<br>to</p>\n<h2>Overskrift</h2>\n<ul>\n"
        "<li>a</li>\n<li>b</li>\n</ul>\n<blockquote>\n<p>s</p>\n</blockquote>\n"
        '<p><a href="https://x.no/?a=1&amp;b=2" title="T">l</a></p>',
    ),
    (
        "Berre tekst utan p\n\nAndre avsnitt <strong>feit</strong><p></p><p>&nbsp;</p>"
        "<p> mellomrom </p>",
        "<p>Berre tekst utan p Andre avsnitt <strong>feit</strong></p>\n<p></p>\n"
        "<p>\u00a0</p>\n<p>mellomrom</p>",
    ),
    ("<p>x <br/> y</p>\r\n", "<p>x<br>y</p>"),
    ("<p><b>a</b>  <i>b</i></p>", "<p><strong>a</strong> <em>b</em></p>"),
]


@pytest.mark.parametrize(("stored", "sent"), STORED_AND_SENT)
def test_what_the_editor_sends_for_unchanged_content_is_cleaned_to_what_was_stored(stored, sent):
    assert clean_html(sent) == clean_html(stored)


def test_the_canonical_form_puts_each_block_on_a_line_and_loose_text_in_a_paragraph():
    assert clean_html(STORED_AND_SENT[0][0]) == STORED_AND_SENT[0][1].replace("\u00a0", "&nbsp;")
    assert clean_html("a<br> b <br><br>") == "<p>a<br>b</p>"
    assert clean_html("<ul>x<li>y<ul><li>z</li></ul></li></ul>") == (
        "<ul>\n<li>x</li>\n<li>y\n<ul>\n<li>z</li>\n</ul>\n</li>\n</ul>"
    )
    assert clean_html("<p>a<strong></strong>b</p><h2> </h2>") == "<p>ab</p>"


def test_a_real_change_still_differs():
    stored = clean_html(STORED_AND_SENT[0][0])
    assert clean_html(STORED_AND_SENT[0][1].replace("Overskrift", "Ny overskrift")) != stored
    assert clean_html("<p>a b</p>") != clean_html("<p>ab</p>")
    assert clean_html("<p>a</p><p>b</p>") != clean_html("<p>a<br>b</p>")


def test_plain_text_drops_all_markup():
    assert (
        plain_text("<p>Nytt <strong>næringsliv</strong></p>\n<p>og meir</p>")
        == "Nytt næringsliv og meir"
    )


@pytest.mark.django_db
def test_a_save_from_the_shell_stores_clean_html():
    region = make_region()
    region.summary = '<p onmouseover="steal()">Samandrag<script>x()</script></p>'
    region.after_programme = '<a href="javascript:alert(1)">vidare</a>'
    region.save()
    region.refresh_from_db()
    assert region.summary == "<p>Samandrag</p>"
    assert region.after_programme == "<p><a>vidare</a></p>"


@pytest.mark.django_db
def test_a_queryset_update_stores_clean_html():
    region = make_region()
    Region.objects.filter(pk=region.pk).update(summary="<p>Ok</p><script>x()</script>")
    Goal.objects.filter(region=region).update(text='<p style="x">Mål</p>')
    region.refresh_from_db()
    assert region.summary == "<p>Ok</p>"
    assert set(region.goals.values_list("text", flat=True)) == {"<p>Mål</p>"}


@pytest.mark.django_db
def test_bulk_created_rows_store_clean_html():
    region = make_region()
    Bottleneck.objects.bulk_create(
        [Bottleneck(region=region, text="<p>Flaske<script>x</script></p>")]
    )
    assert region.bottlenecks.get().text == "<p>Flaske</p>"


@pytest.mark.django_db
def test_a_result_body_is_cleaned():
    result = make_result(make_region(), body='<p>Tekst<img src=x onerror="alert(1)"></p>')
    assert ResultExample.objects.get(pk=result.pk).body == "<p>Tekst</p>"
