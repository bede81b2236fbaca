"""Checks before publishing in the admin: «Råd før publisering» on the change forms, the quality
report of a region for those who may edit it, and the list of checked links."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from byregion.models import LinkStatus
from cases.models import ResultImage
from regions.models import Bottleneck, Status
from tests.factories import image_upload, make_result
from tests.nynorsk import NynorskCheck, django_untranslated, visible_strings

pytestmark = pytest.mark.django_db

BROKEN = "https://borte.example.org/rapport"
PROBLEM_BODY = (
    "<h3>Bakgrunn</h3><p>Les <a href='https://ok.example.org/'>her</a> og "
    f"<a href='{BROKEN}'>rapporten om kompetanse</a>. Regionrådet gjennomførte omfattande "
    "kartleggingar av kompetansebehova i næringslivet og kommunane samstundes. "
    "Prosjektleiinga utarbeidde deretter strategidokument for rekrutteringsarbeid og "
    "kompetanseheving i samarbeidskommunane.</p>"
)


def text_of(response):
    """The page's text as a reader sees it, tags dropped and whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def advice_panel(response):
    html = response.content.decode()
    start = html.index('<section class="module byregion-advice"')
    return " ".join(
        unescape(re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)])).split()
    )


@pytest.fixture
def problem_result(cast):
    result = make_result(
        cast.vest_telemark, title="Lærlingar i Vinje", body=PROBLEM_BODY, published=False
    )
    ResultImage.objects.create(
        result=result,
        image=image_upload(size=(64, 36)),
        alt_text="IMG_1234.jpg",
        caption="Verkstaden",
    )
    LinkStatus.objects.create(url=BROKEN, status_code=404, checked_at=timezone.now())
    LinkStatus.objects.create(
        url="https://ok.example.org/", status_code=200, checked_at=timezone.now()
    )
    return result


def test_the_result_form_shows_advice_on_its_problems(problem_result, cast, client_for):
    url = reverse("admin:cases_resultexample_change", args=[problem_result.pk])
    response = client_for(cast.kari).get(url)
    assert response.status_code == 200
    panel = advice_panel(response)
    assert panel.startswith("Råd før publisering Råda gjeld innhaldet slik det sist vart lagra.")
    assert "Tekst: den første overskrifta, «Bakgrunn», er Overskrift 3." in panel
    assert "Tekst: lenkjeteksten «her» seier ikkje kvar lenkja fører." in panel
    assert "Bilete 1: den alternative teksten «IMG_1234.jpg» ser ut som eit filnamn." in panel
    assert f"Tekst: lenkja til {BROKEN} verkar ikkje (404, sjekka" in panel
    assert "https://ok.example.org/ verkar ikkje" not in panel
    assert "Tekst: teksten er svært vanskeleg å lese (LIX" in panel
    # The readability table names the text, its score and band, and its longest sentences.
    assert re.search(r"Tekst \d+ svært vanskeleg \(\d+ ord\) Regionrådet gjennomførte", panel)
    report = reverse("admin:cases_resultexample_quality_report", args=[cast.vest_telemark.pk])
    assert f'href="{report}"' in response.content.decode()


def test_advice_never_blocks_publishing(problem_result, cast, client_for):
    from tests.formdata import admin_save

    response = admin_save(client_for(cast.per), problem_result, status=Status.PUBLISHED)
    assert response.status_code == 302
    problem_result.refresh_from_db()
    assert problem_result.status == Status.PUBLISHED


def test_a_result_without_problems_says_so(cast, client_for):
    result = cast.vest_telemark.results.get()
    response = client_for(cast.kari).get(
        reverse("admin:cases_resultexample_change", args=[result.pk])
    )
    assert "Ingen råd: kontrollane fann ikkje noko å sjå på." in advice_panel(response)


def test_the_region_form_shows_advice_on_its_goals_and_bottlenecks(cast, client_for):
    region = cast.vest_telemark
    region.goals.filter(number=2).update(text="<p><a href='#'>Kompetansemeklar</a></p>")
    Bottleneck.objects.create(
        region=region, text="<p>Sjå <a href='http://vegvesen.no/'>vegvesenet</a></p>"
    )
    # Truly empty headings are dropped on save (byregion/richtext.py); one of a no-break space is not.
    region.summary = "<h2>&nbsp;</h2><p>Samarbeid.</p>"
    region.source_url = "https://byregion.example.org/vest-telemark.pdf"
    region.save()
    LinkStatus.objects.create(
        url=region.source_url, error="Fann ikkje vertsnamnet", checked_at=timezone.now()
    )
    response = client_for(cast.kari).get(reverse("admin:regions_region_change", args=[region.pk]))
    panel = advice_panel(response)
    assert "Mål 2: lenkja «Kompetansemeklar» peikar ingen stad (#)." in panel
    assert "Flaskehals 1: lenkja «vegvesenet» går til ei adresse utan https" in panel
    assert "Samandrag: ei overskrift (Overskrift 2) er tom." in panel
    assert (
        "Kjelde: lenkja til https://byregion.example.org/vest-telemark.pdf verkar ikkje "
        "(Fann ikkje vertsnamnet, sjekka"
    ) in panel
    report = reverse("admin:cases_resultexample_quality_report", args=[region.pk])
    assert f'<a href="{report}">Kvalitetsrapport</a>' in response.content.decode()


def report_url(region):
    return reverse("admin:cases_resultexample_quality_report", args=[region.pk])


def test_the_report_lists_the_region_and_each_result_with_advice(problem_result, cast, client_for):
    region = cast.vest_telemark
    region.goals.filter(number=1).update(text="<p><a href='#'>Kompetansemeklar</a></p>")
    response = client_for(cast.kari).get(report_url(region))
    assert response.status_code == 200
    text = text_of(response)
    assert "Kvalitetsrapport for Vest-Telemark" in text
    assert "Byregionen Vest-Telemark" in text
    assert "Mål 1: lenkja «Kompetansemeklar» peikar ingen stad (#)." in text
    # The draft with problems and the published result without, each under its own heading.
    assert "Resultatet «Lærlingar i Vinje»" in text
    assert "Bilete 1: den alternative teksten «IMG_1234.jpg» ser ut som eit filnamn." in text
    assert "Resultatet «Resultat i Vest-Telemark»" in text
    html = response.content.decode()
    change = reverse("admin:cases_resultexample_change", args=[problem_result.pk])
    assert f'<a href="{change}">Resultatet «Lærlingar i Vinje»</a>' in html
    assert "Hallingdal" not in text


@pytest.mark.parametrize("who", ["astrid", "per", "kari"])
def test_those_who_edit_the_region_see_its_report(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(report_url(cast.vest_telemark)).status_code == 200


def test_an_editor_of_another_region_gets_404(cast, client_for):
    assert client_for(cast.ola).get(report_url(cast.vest_telemark)).status_code == 404
    assert client_for(cast.ola).get(report_url(cast.hallingdal)).status_code == 200


def test_staff_without_a_role_are_refused(cast, client_for):
    assert client_for(cast.vera).get(report_url(cast.vest_telemark)).status_code == 403


def test_a_region_that_does_not_exist_is_404(cast, client_for):
    assert (
        client_for(cast.per)
        .get(reverse("admin:cases_resultexample_quality_report", args=[99999]))
        .status_code
        == 404
    )


def test_the_report_and_the_panel_are_nynorsk(problem_result, cast, client_for):
    check = NynorskCheck(django_untranslated())
    client = client_for(cast.kari)
    pages = {
        "report": report_url(cast.vest_telemark),
        "result form": reverse("admin:cases_resultexample_change", args=[problem_result.pk]),
    }
    problems = [
        f"{name}: {problem}"
        for name, url in pages.items()
        for problem in check.problems(visible_strings(client.get(url).content.decode()))
    ]
    assert problems == []


def test_the_link_list_shows_broken_links_to_programme_staff_only(problem_result, cast, client_for):
    url = reverse("admin:byregion_linkstatus_changelist") + "?verkar=nei"
    response = client_for(cast.per).get(url)
    assert response.status_code == 200
    text = text_of(response)
    assert BROKEN in text
    assert "https://ok.example.org/" not in text
    assert client_for(cast.kari).get(url).status_code == 403
