"""Small factories for test data: plain functions with sensible defaults."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cases.models import ResultExample, Theme
from regions.models import Contact, Goal, Membership, Municipality, Region, Status

_sequence = itertools.count(1)


def make_region(*, published=True, municipalities=("4030", "4032"), goals=2, **fields):
    number = next(_sequence)
    fields.setdefault("name", f"Testregion {number}")
    fields.setdefault("slug", f"testregion-{number}")
    fields.setdefault("phase_2", True)
    if published:
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timezone.timedelta(days=1))
    region = Region.objects.create(**fields)
    for position, number in enumerate(municipalities):
        Membership.objects.create(
            region=region,
            municipality=Municipality.objects.get(number=number),
            applicant=position == 0,
            position=position,
        )
    for goal in range(1, goals + 1):
        Goal.objects.create(region=region, number=goal, text=f"<p>Mål nummer {goal}</p>")
    return region


def make_contact(region, **fields):
    fields.setdefault("name", "Ole Dalen")
    fields.setdefault("organisation", "Vest-Telemarkrådet")
    fields.setdefault("phone", "+4741423433")
    fields.setdefault("email", "od@vest-telemark.no")
    return Contact.objects.create(region=region, **fields)


def make_theme(**fields):
    number = next(_sequence)
    fields.setdefault("slug", f"tema-{number}")
    fields.setdefault("name", f"Tema {number}")
    return Theme.objects.get_or_create(slug=fields["slug"], defaults=fields)[0]


def make_result(region, *, published=True, goals=(), themes=(), **fields):
    number = next(_sequence)
    fields.setdefault("title", f"Resultat {number}")
    fields.setdefault("slug", f"resultat-{number}")
    fields.setdefault("teaser", "Ei kort oppsummering.")
    fields.setdefault("body", "<p>Teksten om resultatet.</p>")
    if published:
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timezone.timedelta(hours=number))
    result = ResultExample.objects.create(region=region, **fields)
    result.goals.set(region.goals.filter(number__in=goals))
    result.themes.set(themes)
    return result


def image_bytes(*, size=(1600, 900), image_format="JPEG", color=(30, 110, 160), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGBA" if image_format == "PNG" else "RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def image_upload(name="bilete.jpg", **kwargs):
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type=content_type)


def make_site(*, regions=1, results=1, images=True):
    """Published regions, each with a contact, a bottleneck, three goals and `results` published
    results tied to goals and themes (with an image each): the public pages' full shape."""
    from cases.models import ResultImage
    from regions.models import Bottleneck

    themes = [
        make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp"),
        make_theme(slug="bustad", name="Bustad"),
    ]
    made = []
    for _ in range(regions):
        region = make_region(goals=3, summary="<p>Kommunane samarbeider om næringsliv.</p>")
        make_contact(region)
        Bottleneck.objects.create(region=region, text="<p>Lang veg til marknaden.</p>")
        for index in range(results):
            result = make_result(region, goals=(1 + index % 3,), themes=themes[: 1 + index % 2])
            if images:
                ResultImage.objects.create(
                    result=result, image=image_upload(size=(640, 360)), alt_text="Eit nytt bygg"
                )
        made.append(region)
    return made


def make_public_site():
    """A small public site with every kind of content a page can show, for browser tests:
    Vest-Telemark (nynorsk, four goals, a renamed member, images), Haugalandet (bokmål) and a draft."""
    from cases.models import ResultImage
    from regions.models import Bottleneck, Language

    procurement = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    housing = make_theme(slug="bustad", name="Bustad")
    telemark = make_region(
        name="Vest-Telemark",
        slug="vest-telemark",
        municipalities=("4034", "4030", "4032", "4036", "4022", "4028"),
        goals=0,
        project_name="Attraktiv nærings- og kompetansestruktur",
        organisation="Vest-Telemarkrådet",
        population_2015=14146,
        area_km2=6819,
        summary="<p>Seks kommunar arbeider saman om <strong>næringsliv</strong> og bustader.</p>",
        advice="Start med innkjøpa.\nKnyt nettverka til konkrete behov.",
        after_programme="<p>Trenettverket held fram etter programmet.</p>",
        source_url="https://www.distriktssenteret.no/",
    )
    Membership.objects.create(
        region=telemark,
        municipality=Municipality.objects.get(number="4020"),
        name="Sauherad",
        position=9,
    )
    for number, text in enumerate(
        [
            "<p>Utvikle sterke «regionale motorar» for <strong>nytt næringsliv</strong>.</p>",
            "<p>Solid kompetansemiljø for å <strong>auke det økonomiske samspelet</strong>.</p>",
            "<p>Styrke <strong>samarbeidet mellom offentleg og privat sektor</strong>.</p>",
            "<p>Auke <strong>bustadsattraktiviteten</strong> i heile regionen.</p>",
        ],
        start=1,
    ):
        Goal.objects.create(region=telemark, number=number, text=text)
    Bottleneck.objects.create(region=telemark, text="<p>Små fagmiljø i kvar kommune.</p>")
    make_contact(telemark)
    trenettverk = make_result(
        telemark,
        slug="trenettverket",
        title="Trenettverket",
        teaser="Eit nettverk som aukar bruken av tre i offentlege bygg.",
        body="<p>Nettverket tek utgangspunkt i <strong>næringshagen i Fyresdal</strong>.</p>"
        "<h2>Hyblar i massivtre</h2><p>I Kviteseid skal det byggjast små hyblar.</p>",
        goals=(1, 4),
        themes=[procurement, housing],
        featured=True,
    )
    ResultImage.objects.create(
        result=trenettverk,
        image=image_upload(size=(1600, 900)),
        alt_text="Hyblar i massivtre under bygging",
        caption="Nye hyblar i Kviteseid",
        credit="Vest-Telemarkrådet",
    )
    ResultImage.objects.create(
        result=trenettverk, image=image_upload(size=(400, 240)), decorative=True, position=1
    )
    make_result(
        telemark,
        slug="innkjop-av-kunnskap",
        title="Offentleg innkjøp av kunnskap",
        teaser="Ein konkurranse som fekk næringsmiljøa til å samarbeide.",
        goals=(2, 3),
        themes=[procurement],
    )
    make_result(telemark, slug="felles-nettside", title="Felles nettside for regionen")
    haugalandet = make_region(
        name="Haugalandet",
        slug="haugalandet",
        municipalities=("1106", "1149"),
        language=Language.BOKMAAL,
        summary="<p>Kommunene samarbeider om næringsutvikling.</p>",
        phase_1=True,
    )
    make_result(
        haugalandet,
        slug="naeringshage",
        title="Ny næringshage",
        teaser="Kommunene fikk en felles næringshage.",
        language=Language.BOKMAAL,
        goals=(1,),
        themes=[housing],
    )
    make_region(name="Uferdig region", slug="uferdig", published=False)
    return {"telemark": telemark, "haugalandet": haugalandet, "trenettverk": trenettverk}


# Sites of every size a query-count pin runs on: a public page costs the same number of queries
# with 3 results per region as with 60.
QUERY_PIN_SITES = [(1, 3), (5, 8), (2, 60)]
