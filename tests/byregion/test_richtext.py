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
    ('<a href="javascript:alert(1)">lenkje</a>', "<a>lenkje</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>', "<a>data</a>"),
    ('<p style="color:red">Raud</p>', "<p>Raud</p>"),
    ('<iframe src="https://example.org"></iframe><p>Etter</p>', "<p>Etter</p>"),
    ("<svg><script>alert(1)</script></svg>", ""),
    ("<h1>Stor</h1><h2>Mellom</h2>", "Stor<h2>Mellom</h2>"),
    ("<style>p{}</style><p>Tekst</p>", "<p>Tekst</p>"),
    ("<!-- kommentar --><p>Tekst</p>", "<p>Tekst</p>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
]

KEPT = [
    "<p>Nytt <strong>næringsliv</strong> og <em>næringskjeder</em>.</p>",
    '<p><a href="https://vt-radet.no/">Vest-Telemarkrådet</a></p>',
    '<p><a href="mailto:od@vest-telemark.no">E-post</a> og <a href="tel:+4741423433">telefon</a></p>',
    "<h2>Tittel</h2><h3>Under</h3><h4>Minst</h4><ul><li>Ein</li></ul><ol><li>To</li></ol>",
    "<blockquote><p>Sitat</p></blockquote>",
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
    assert region.after_programme == "<a>vidare</a>"


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
