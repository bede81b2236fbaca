"""Export and import in `byregion-content/1`: the round trip, updates, dry runs and bad input."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from byregion.editorial.services import revision_restore
from byregion.interchange.document import FORMAT, ContentError, content_parse
from byregion.interchange.export import content_export, content_write
from byregion.interchange.write import content_import
from cases.models import ResultExample, ResultImage, Theme
from regions.models import Bottleneck, Contact, Goal, Membership, Region, Status
from tests.factories import (
    image_bytes,
    image_upload,
    make_contact,
    make_region,
    make_result,
    make_theme,
)

pytestmark = pytest.mark.django_db


def build_content():
    """Two regions with everything the format carries: drafts, notes, images, roles, themes."""
    procurement = make_theme(
        slug="offentleg-innkjop", name="Offentleg innkjøp", description="Innkjøp som verkemiddel."
    )
    housing = make_theme(slug="bustad", name="Bustad")
    region = make_region(
        name="Vest-Telemark",
        slug="vest-telemark",
        municipalities=("4034", "4022", "4030"),
        goals=4,
        project_name="Attraktiv nærings- og kompetansestruktur",
        organisation="Vest-Telemarkrådet",
        phase_2=True,
        population_2015=14146,
        area_km2=6819,
        source_url="https://distriktssenteret.no/artikkel/attraktiv-naerings-og-kompetansestruktur/",
        summary="<p>Seks kommunar <strong>saman</strong>.</p>",
        advice="Start tidleg\nHald fram",
        after_programme="<p>Arbeidet held fram.</p>",
        editorial_note="Sjekk folketalet.",
    )
    Bottleneck.objects.create(region=region, text="<p>Lange avstandar.</p>", position=0)
    Bottleneck.objects.create(region=region, text="<p>Få bustader.</p>", position=1)
    make_contact(region, role="Dagleg leiar")
    make_contact(
        region, name="Kari Nordmann", phone="+4735065000", email="kari@vest-telemark.no", position=1
    )
    result = make_result(
        region,
        slug="trenettverket",
        title="Trenettverket",
        goals=(3, 4),
        themes=(procurement, housing),
        featured=True,
        body="<p>Meir <em>tre</em> i offentlege bygg.</p>",
    )
    ResultImage.objects.create(
        result=result,
        image=image_upload(),
        alt_text="Eit hus i massivtre",
        caption="Hyblar i Kviteseid",
        credit="Foto: Ola",
        position=0,
    )
    ResultImage.objects.create(
        result=result,
        image=image_upload("pynt.png", image_format="PNG", size=(300, 200)),
        decorative=True,
        position=1,
    )
    make_result(region, slug="kladd", title="Eit utkast", published=False, goals=(1,))
    make_result(
        region,
        slug="seinare",
        title="Kjem seinare",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=3),
    )
    draft = make_region(
        name="Gjøvikregionen",
        slug="gjovikregionen",
        published=False,
        municipalities=("3407",),
        goals=0,
        phase_1=True,
        editorial_note="Medlemslista er ufullstendig.",
    )
    Membership.objects.filter(region=draft).update(name="Gjøvik")
    region.memberships.filter(municipality__number="4030").update(name="Nissedal")
    return region


def export_to(path: Path):
    content_write(export=content_export(), out=path)
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot():
    return {
        "regions": sorted(Region.objects.values_list("slug", "updated_at")),
        "results": sorted(ResultExample.objects.values_list("region__slug", "slug", "updated_at")),
        "counts": [
            model.objects.count()
            for model in (
                Region,
                Membership,
                Goal,
                Bottleneck,
                Contact,
                ResultExample,
                ResultImage,
                Theme,
            )
        ],
    }


def wipe_content():
    Region.objects.all().delete()
    Theme.objects.all().delete()


class TestRoundTrip:
    def test_export_import_export_gives_the_same_document_and_image_files(self, tmp_path, settings):
        build_content()
        first = export_to(tmp_path / "a" / "innhald.json")
        assert len(first["regions"][1]["results"][2]["images"]) == 2

        wipe_content()
        settings.MEDIA_ROOT = tmp_path / "tom-media"
        report = content_import(document=first, base_dir=tmp_path / "a")
        assert report.counts["regions_created"] == 2
        assert report.counts["images_created"] == 2

        second = export_to(tmp_path / "b" / "innhald.json")
        assert second == first
        for image in first["regions"][1]["results"][2]["images"]:
            assert (tmp_path / "b" / image["file"]).read_bytes() == (
                tmp_path / "a" / image["file"]
            ).read_bytes()

    def test_the_export_holds_drafts_notes_and_everything_else_a_backup_needs(self, tmp_path):
        build_content()
        document = export_to(tmp_path / "innhald.json")
        assert document["format"] == FORMAT
        regions = {region["slug"]: region for region in document["regions"]}
        assert regions["gjovikregionen"]["status"] == "draft"
        assert regions["gjovikregionen"]["editorial_note"] == "Medlemslista er ufullstendig."
        vest = regions["vest-telemark"]
        assert vest["members"][2] == {
            "municipality": "4030",
            "name": "Nissedal",
            "applicant": False,
        }
        assert vest["members"][0]["applicant"] is True
        assert vest["advice"] == ["Start tidleg", "Hald fram"]
        assert vest["contacts"][0]["role"] == "Dagleg leiar"
        assert vest["contacts"][1]["phone"] == "+47 35 06 50 00"
        results = {result["slug"]: result for result in vest["results"]}
        assert results["kladd"]["status"] == "draft"
        assert results["seinare"]["published_at"] > timezone.now().isoformat()
        network = results["trenettverket"]
        assert (network["goals"], network["themes"], network["featured"]) == (
            [3, 4],
            ["bustad", "offentleg-innkjop"],
            True,
        )
        photo, ornament = network["images"]
        assert (photo["alt"], photo["caption"], photo["credit"], photo["decorative"]) == (
            "Eit hus i massivtre", "Hyblar i Kviteseid", "Foto: Ola", False,
        )  # fmt: skip
        assert ornament["decorative"] is True
        assert photo["file"].startswith("bilete/") and (tmp_path / photo["file"]).is_file()
        themes = {theme["slug"]: theme for theme in document["themes"]}
        assert themes["offentleg-innkjop"]["description"] == "Innkjøp som verkemiddel."
        assert {"number": "40", "name": "Telemark"} in document["counties"]

    def test_importing_the_same_document_again_changes_nothing(self, tmp_path):
        build_content()
        document = export_to(tmp_path / "innhald.json")
        before = snapshot()
        report = content_import(document=document, base_dir=tmp_path)
        assert snapshot() == before
        assert report.counts["regions_unchanged"] == 2
        assert report.counts["results_unchanged"] == 3
        assert report.counts["images_created"] == 0

    def test_the_export_costs_a_fixed_number_of_queries(self, django_assert_num_queries):
        build_content()
        make_result(Region.objects.get(slug="vest-telemark"), goals=(1, 2))
        with django_assert_num_queries(10):
            content_export()


class TestUpdatingARegion:
    def test_the_region_is_made_to_match_the_document(self, tmp_path):
        region = build_content()
        document = export_to(tmp_path / "innhald.json")
        vest = next(r for r in document["regions"] if r["slug"] == "vest-telemark")
        vest["name"] = "Vest-Telemark (ny)"
        vest["goals"] = [goal for goal in vest["goals"] if goal["number"] != 1]
        vest["bottlenecks"] = [{"text_html": "<p>Berre éin no.</p>"}]
        vest["contacts"] = vest["contacts"][:1]
        vest["members"] = vest["members"][:2]
        vest["results"] = [r for r in vest["results"] if r["slug"] != "kladd"]
        network = next(r for r in vest["results"] if r["slug"] == "trenettverket")
        network["title"] = "Trenettverket i Vest-Telemark"
        network["goals"] = [4]
        network["images"] = network["images"][:1]
        report = content_import(document=document, base_dir=tmp_path)

        region.refresh_from_db()
        assert region.name == "Vest-Telemark (ny)"
        assert sorted(region.goals.values_list("number", flat=True)) == [2, 3, 4]
        assert list(region.bottlenecks.values_list("text", flat=True)) == ["<p>Berre éin no.</p>"]
        assert region.contacts.count() == 1 and region.memberships.count() == 2
        assert not region.results.filter(slug="kladd").exists()
        result = region.results.get(slug="trenettverket")
        assert result.title == "Trenettverket i Vest-Telemark"
        assert list(result.goals.values_list("number", flat=True)) == [4]
        assert result.images.count() == 1
        assert report.counts["results_deleted"] == 1
        assert report.counts["images_deleted"] == 1
        # The lists of counties and municipalities follow from the members; the regions must match.
        assert export_to(tmp_path / "igjen.json")["regions"] == document["regions"]

    def test_regions_the_document_does_not_name_are_left_alone(self, tmp_path):
        build_content()
        document = export_to(tmp_path / "innhald.json")
        document["regions"] = [r for r in document["regions"] if r["slug"] == "vest-telemark"]
        content_import(document=document, base_dir=tmp_path)
        assert Region.objects.filter(slug="gjovikregionen").exists()

    def test_rich_text_is_sanitised_on_the_way_in(self, tmp_path):
        build_content()
        document = export_to(tmp_path / "innhald.json")
        vest = next(r for r in document["regions"] if r["slug"] == "vest-telemark")
        vest["results"][0]["body_html"] = '<p onclick="x()">Trygt<script>alert(1)</script></p>'
        content_import(document=document, base_dir=tmp_path)
        body = ResultExample.objects.get(slug=vest["results"][0]["slug"]).body
        assert body == "<p>Trygt</p>"


class TestDryRun:
    def test_a_dry_run_reports_and_changes_nothing(self, tmp_path, settings):
        build_content()
        document = export_to(tmp_path / "a" / "innhald.json")
        wipe_content()
        settings.MEDIA_ROOT = tmp_path / "tom-media"
        before = snapshot()
        report = content_import(document=document, base_dir=tmp_path / "a", dry_run=True)
        assert snapshot() == before
        assert report.counts["regions_created"] == 2
        assert report.counts["results_created"] == 3
        assert not (tmp_path / "tom-media").exists() or not any(
            (tmp_path / "tom-media").rglob("*.*")
        )


def valid_document(tmp_path):
    build_content()
    return export_to(tmp_path / "innhald.json")


def region_of(document, slug="vest-telemark"):
    return next(region for region in document["regions"] if region["slug"] == slug)


def result_of(document, slug="trenettverket"):
    return next(result for result in region_of(document)["results"] if result["slug"] == slug)


def break_goal(document, tmp_path):
    result_of(document)["goals"] = [3, 7]


def break_municipality(document, tmp_path):
    region_of(document)["members"][1]["municipality"] = "9999"


def break_duplicate_region(document, tmp_path):
    document["regions"].append(copy.deepcopy(region_of(document)))


def break_duplicate_result(document, tmp_path):
    region_of(document)["results"].append(copy.deepcopy(result_of(document)))


def break_missing_name(document, tmp_path):
    del region_of(document)["name"]


def break_missing_title(document, tmp_path):
    del result_of(document)["title"]


def break_missing_image(document, tmp_path):
    result_of(document)["images"][0]["file"] = "bilete/borte.jpg"


def break_not_an_image(document, tmp_path):
    (tmp_path / "bilete" / "tekst.jpg").write_text("Dette er ikkje eit bilete.")
    result_of(document)["images"][0]["file"] = "bilete/tekst.jpg"


def break_image_outside(document, tmp_path):
    result_of(document)["images"][0]["file"] = "../../etc/passwd"


def break_phone(document, tmp_path):
    region_of(document)["contacts"][0]["phone"] = "od@vest-telemark.no"


def break_theme(document, tmp_path):
    result_of(document)["themes"] = ["romfart"]


def break_phase(document, tmp_path):
    region_of(document)["phases"] = [3]


def break_status(document, tmp_path):
    result_of(document)["published"] = False


def break_alt(document, tmp_path):
    result_of(document)["images"][0]["alt"] = ""


def break_goal_number_low(document, tmp_path):
    region_of(document)["goals"][0]["number"] = 0


def break_goal_number_high(document, tmp_path):
    region_of(document)["goals"][0]["number"] = 1001


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            break_goal,
            "regions[vest-telemark].results[trenettverket].goals: mål 7 finst ikkje i regionen",
        ),
        (
            break_municipality,
            "regions[vest-telemark].members[1].municipality: kommunenummer «9999» finst ikkje",
        ),
        (break_duplicate_region, "regions[vest-telemark]: adressa «vest-telemark» står to gonger"),
        (
            break_duplicate_result,
            "regions[vest-telemark].results[trenettverket]: adressa «trenettverket» står to gonger",
        ),
        (break_missing_name, "regions[vest-telemark].name: feltet manglar"),
        (
            break_missing_title,
            "regions[vest-telemark].results[trenettverket].title: feltet manglar",
        ),
        (
            break_missing_image,
            "regions[vest-telemark].results[trenettverket].images[0].file: fila «bilete/borte.jpg» finst ikkje",
        ),
        (
            break_not_an_image,
            "regions[vest-telemark].results[trenettverket].images[0].file: Fila er",
        ),
        (
            break_image_outside,
            "regions[vest-telemark].results[trenettverket].images[0].file: «../../etc/passwd» må vere ei fil ved sida av JSON-fila",
        ),
        (break_phone, "regions[vest-telemark].contacts[0].phone:"),
        (
            break_theme,
            "regions[vest-telemark].results[trenettverket].themes: temaet «romfart» finst ikkje",
        ),
        (break_phase, "regions[vest-telemark].phases: venta [1], [2] eller [1, 2]"),
        (
            break_status,
            "regions[vest-telemark].results[trenettverket].published: «status» og «published» seier ulikt",
        ),
        (
            break_alt,
            "regions[vest-telemark].results[trenettverket].images[0].alt: skriv ein alternativ tekst",
        ),
        (
            break_goal_number_low,
            "regions[vest-telemark].goals[0].number: eit mål har nummer 1 eller høgare",
        ),
        (
            break_goal_number_high,
            "regions[vest-telemark].goals[0].number: eit mål har nummer 1000 eller lågare",
        ),
    ],
)
def test_bad_input_is_refused_with_its_place_and_changes_nothing(tmp_path, damage, message):
    document = valid_document(tmp_path)
    region_of(document)["name"] = "Endra namn"
    damage(document, tmp_path)
    before = snapshot()
    with pytest.raises(ContentError) as error:
        content_import(document=document, base_dir=tmp_path)
    assert message in str(error.value)
    assert snapshot() == before
    assert Region.objects.get(slug="vest-telemark").name == "Vest-Telemark"


def test_an_image_failing_after_other_writes_leaves_no_files_behind(tmp_path, settings):
    document = valid_document(tmp_path)
    wipe_content()
    settings.MEDIA_ROOT = tmp_path / "tom-media"
    document["regions"].reverse()
    region_of(document)["results"].append(
        copy.deepcopy(result_of(document)) | {"slug": "ny", "goals": [9]}
    )
    with pytest.raises(ContentError, match="mål 9"):
        content_import(document=document, base_dir=tmp_path)
    assert Region.objects.count() == 0
    assert not any((tmp_path / "tom-media").rglob("*.*"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{ikkje json", "ikkje gyldig JSON (linje 1)"),
        (
            '{"format": "byregion-content/2", "regions": []}',
            "format: ukjent format «byregion-content/2»",
        ),
        ('{"format": "byregion-content/1", "regions": {}}', "regions: venta ei liste"),
        ("[1, 2]", "venta eit objekt"),
    ],
)
def test_documents_that_are_not_ours_are_refused(text, message):
    make_region(slug="vest-telemark")
    before = snapshot()
    with pytest.raises(ContentError) as error:
        content_import(document=content_parse(text))
    assert message in str(error.value)
    assert snapshot() == before


class TestCommands:
    def test_export_and_import_commands_round_trip_and_report_counts(self, tmp_path, settings):
        build_content()
        out = tmp_path / "innhald.json"
        call_command("export_content", "--out", str(out), stderr=io.StringIO())
        first = json.loads(out.read_text(encoding="utf-8"))
        wipe_content()
        settings.MEDIA_ROOT = tmp_path / "tom-media"
        stdout, stderr = io.StringIO(), io.StringIO()
        call_command("import_content", str(out), stdout=stdout, stderr=stderr)
        assert "Byregionar: 2 nye, 0 endra, 0 uendra." in stdout.getvalue()
        assert "Resultat: 3 nye" in stdout.getvalue()
        assert "Importert 2 av 2 byregionar" in stderr.getvalue()
        call_command("export_content", "--out", str(tmp_path / "igjen.json"), stderr=io.StringIO())
        assert json.loads((tmp_path / "igjen.json").read_text(encoding="utf-8")) == first

    def test_import_dry_run_says_so(self, tmp_path):
        build_content()
        out = tmp_path / "innhald.json"
        call_command("export_content", "--out", str(out), stderr=io.StringIO())
        stdout = io.StringIO()
        call_command("import_content", str(out), "--dry-run", stdout=stdout, stderr=io.StringIO())
        assert "ingenting er skrive" in stdout.getvalue()

    def test_export_to_standard_output_refuses_when_there_are_images(self):
        build_content()
        with pytest.raises(CommandError, match="Bruk --out"):
            call_command("export_content", stdout=io.StringIO())

    def test_export_to_standard_output_without_images(self):
        make_region(slug="aust-lofoten", name="Aust-Lofoten")
        stdout = io.StringIO()
        call_command("export_content", stdout=stdout)
        assert json.loads(stdout.getvalue())["regions"][0]["slug"] == "aust-lofoten"

    def test_a_bad_file_fails_the_command_with_the_place(self, tmp_path):
        path = tmp_path / "feil.json"
        path.write_text(
            '{"format": "byregion-content/1", "regions": [{"slug": "x"}]}', encoding="utf-8"
        )
        with pytest.raises(
            CommandError, match=r"regions\[x\]\.phases: feltet manglar\nIngenting er endra"
        ):
            call_command("import_content", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        assert not Region.objects.filter(slug="x").exists()


def test_a_new_image_is_re_encoded_without_its_metadata(tmp_path):
    document = valid_document(tmp_path)
    exif = Image.Exif()
    exif[0x010F] = "Kameraprodusent"  # Make
    (tmp_path / "bilete" / "mitt-foto.jpg").write_bytes(image_bytes(exif=exif.tobytes()))
    result_of(document)["images"][0]["file"] = "bilete/mitt-foto.jpg"
    content_import(document=document, base_dir=tmp_path)
    stored = ResultExample.objects.get(slug="trenettverket").images.order_by("position").first()
    assert stored.image.name != "resultat/mitt-foto.jpg"
    assert b"Kameraprodusent" in (tmp_path / "bilete" / "mitt-foto.jpg").read_bytes()
    assert b"Kameraprodusent" not in stored.image.read()
    assert stored.thumbnail and stored.large


def test_without_publish_times_published_content_keeps_the_times_it_has(tmp_path):
    build_content()
    document = export_to(tmp_path / "innhald.json")
    times = dict(ResultExample.objects.values_list("slug", "published_at"))
    for region in document["regions"]:
        region.pop("published_at")
        for result in region["results"]:
            result.pop("published_at")
    report = content_import(document=document, base_dir=tmp_path)
    assert report.counts["regions_unchanged"] == 2
    assert dict(ResultExample.objects.values_list("slug", "published_at")) == times


def test_an_import_keeps_the_imported_state_as_a_revision(tmp_path):
    build_content()
    document = export_to(tmp_path / "innhald.json")
    result_of(document)["title"] = "Trenettverket, importert"
    content_import(document=document, base_dir=tmp_path)
    result = ResultExample.objects.get(slug="trenettverket")
    version = Version.objects.get_for_object(result).first()
    assert version.field_dict["title"] == "Trenettverket, importert"
    assert sorted(version.field_dict["goals"]) == sorted(result.goals.values_list("pk", flat=True))
    assert version.revision.comment == "Importert frå byregion-content/1"
    images = version.revision.version_set.get_for_model(ResultImage)
    assert sorted(v.object_id for v in images) == sorted(
        str(pk) for pk in result.images.values_list("pk", flat=True)
    )
    assert sorted(version.field_dict["themes"]) == sorted(
        result.themes.values_list("pk", flat=True)
    )


def test_an_image_link_out_of_the_folder_is_refused(tmp_path):
    document = valid_document(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-utanfor.jpg"
    outside.write_bytes(image_bytes())
    (tmp_path / "bilete" / "lenkje.jpg").symlink_to(outside)
    result_of(document)["images"][0]["file"] = "bilete/lenkje.jpg"
    with pytest.raises(ContentError, match="peikar ut av mappa"):
        content_import(document=document, base_dir=tmp_path)


def stored(image):
    """Return the names in storage of an image and its renditions."""
    return [image.image.name, image.thumbnail.name, image.large.name]


class TestImageFiles:
    def test_a_replaced_image_keeps_its_files_so_a_restored_revision_can_be_exported(
        self, tmp_path, django_capture_on_commit_callbacks
    ):
        document = valid_document(tmp_path)
        result_of(document)["title"] = "Trenettverket, importert"
        with django_capture_on_commit_callbacks(execute=True):
            content_import(document=document, base_dir=tmp_path)
        result = ResultExample.objects.get(slug="trenettverket")
        before = Version.objects.get_for_object(result).get().revision
        photo = result.images.order_by("position").first()
        original = photo.image.read()
        photo.image.close()

        (tmp_path / "bilete" / "nytt.jpg").write_bytes(image_bytes(color=(200, 40, 40)))
        result_of(document)["images"][0]["file"] = "bilete/nytt.jpg"
        with django_capture_on_commit_callbacks(execute=True):
            report = content_import(document=document, base_dir=tmp_path)
        assert report.counts["images_deleted"] == 1
        assert not ResultImage.objects.filter(pk=photo.pk).exists()
        assert all(default_storage.exists(name) for name in stored(photo))

        revision_restore(model=ResultExample, object_id=result.pk, revision=before)
        assert ResultImage.objects.filter(pk=photo.pk).exists()
        out = tmp_path / "etter" / "innhald.json"
        content_write(export=content_export(), out=out)
        written = json.loads(out.read_text(encoding="utf-8"))
        assert (out.parent / result_of(written)["images"][0]["file"]).read_bytes() == original

    def test_an_image_whose_file_is_missing_stops_the_export_naming_it(self, tmp_path):
        build_content()
        photo = ResultImage.objects.get(alt_text="Eit hus i massivtre")
        default_storage.delete(photo.image.name)
        out = tmp_path / "ut" / "innhald.json"
        with pytest.raises(ContentError) as error:
            content_write(export=content_export(), out=out)
        message = str(error.value)
        assert "1 bilete manglar fila si i lageret, så ingenting er skrive" in message
        assert f"regions[vest-telemark].results[trenettverket].images[0] ({photo.image.name})" in (
            message
        )
        assert not out.parent.exists()
        with pytest.raises(CommandError, match=r"images\[0\]"):
            call_command("export_content", "--out", str(out), stderr=io.StringIO())

    def test_a_file_with_the_same_name_but_other_bytes_replaces_the_image(self, tmp_path):
        document = valid_document(tmp_path)
        photo = result_of(document)["images"][0]
        (tmp_path / photo["file"]).write_bytes(image_bytes(color=(200, 40, 40)))
        report = content_import(document=document, base_dir=tmp_path)
        assert (report.counts["images_created"], report.counts["images_deleted"]) == (1, 1)
        assert report.counts["results_updated"] == 1
        image = ResultExample.objects.get(slug="trenettverket").images.get(position=0)
        with Image.open(image.image.path) as picture:
            red, green, _blue = picture.convert("RGB").getpixel((10, 10))
        assert red > 150 and green < 100


def change_a_goal(document):
    region_of(document)["goals"][0]["text_html"] = "<p>Eit nytt mål.</p>"


def change_an_image_text(document):
    result_of(document)["images"][0]["alt"] = "Eit hus i massivtre, sett frå vegen"


@pytest.mark.parametrize(
    ("model", "slug", "change"),
    [
        (Region, "vest-telemark", change_a_goal),
        (ResultExample, "trenettverket", change_an_image_text),
    ],
)
def test_a_change_to_an_inline_alone_gives_a_new_edit_token(tmp_path, model, slug, change):
    """A new token tells an editor who has the object open that the import changed it."""
    document = valid_document(tmp_path)
    token = model.objects.get(slug=slug).edit_token
    change(document)
    report = content_import(document=document, base_dir=tmp_path)
    assert report.counts["regions_updated"] + report.counts["results_updated"] == 1
    assert model.objects.get(slug=slug).edit_token != token


def test_the_revision_of_a_changed_result_holds_its_new_goals_and_images(tmp_path):
    document = valid_document(tmp_path)
    result_of(document)["goals"] = [4]
    result_of(document)["images"] = result_of(document)["images"][:1]
    content_import(document=document, base_dir=tmp_path)
    result = ResultExample.objects.get(slug="trenettverket")
    version = Version.objects.get_for_object(result).get()
    assert version.field_dict["goals"] == [result.region.goals.get(number=4).pk]
    images = version.revision.version_set.get_for_model(ResultImage)
    assert [v.object_id for v in images] == [str(result.images.get().pk)]
