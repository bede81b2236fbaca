"""Programme staff add a result example with an image through the admin."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from cases.models import ResultExample, ResultImage
from tests.factories import image_upload, make_region, make_result, make_theme
from tests.formdata import change_url, form_data

pytestmark = pytest.mark.django_db


def result_form(region, **overrides):
    data = {
        "region": str(region.pk),
        "title": "Trenettverket",
        "slug": "trenettverket",
        "teaser": "Meir tre i offentlege bygg.",
        "body": "<p>Nettverket tek utgangspunkt i <strong>næringshagen</strong>.</p>",
        "language": "nn",
        "goals": [str(g.pk) for g in region.goals.filter(number__in=[2, 3])],
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-image": image_upload(size=(2400, 1600)),
        "images-0-alt_text": "Massivtrebygg under arbeid i Kviteseid",
        "images-0-caption": "Hyblar i massivtre",
        "images-0-credit": "Vest-Telemarkrådet",
        "images-0-position": "0",
    }
    data.update(overrides)
    return data


def test_staff_can_add_a_result_with_an_image(admin_client):
    region = make_region(goals=4)
    theme = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    response = admin_client.post(
        reverse("admin:cases_resultexample_add"), result_form(region, themes=[str(theme.pk)])
    )
    assert response.status_code == 302
    result = ResultExample.objects.get(slug="trenettverket")
    assert sorted(g.number for g in result.goals.all()) == [2, 3]
    assert [t.slug for t in result.themes.all()] == ["offentleg-innkjop"]
    image = result.images.get()
    assert image.alt_text == "Massivtrebygg under arbeid i Kviteseid"
    assert (image.width, image.height) == (2400, 1600)
    assert image.image.name != "resultat/bilete.jpg"
    with Image.open(image.thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 320)
    with Image.open(image.large.path) as large:
        assert large.size == (1200, 800)
    change = admin_client.get(reverse("admin:cases_resultexample_change", args=[result.pk]))
    assert image.thumbnail.url in change.content.decode()


def test_an_image_without_alt_text_is_refused_unless_decorative(admin_client):
    region = make_region()
    response = admin_client.post(
        reverse("admin:cases_resultexample_add"), result_form(region, **{"images-0-alt_text": ""})
    )
    assert response.status_code == 200
    assert "Skriv ein alternativ tekst" in response.content.decode()
    assert not ResultExample.objects.exists()

    response = admin_client.post(
        reverse("admin:cases_resultexample_add"),
        result_form(region, **{"images-0-alt_text": "", "images-0-decorative": "on"}),
    )
    assert response.status_code == 302
    assert ResultExample.objects.get().images.get().alt == ""


def test_goals_of_another_region_are_refused(admin_client):
    region = make_region(goals=2)
    other = make_region(goals=2)
    data = result_form(region, goals=[str(other.goals.first().pk)])
    response = admin_client.post(reverse("admin:cases_resultexample_add"), data)
    assert response.status_code == 200
    assert not ResultExample.objects.exists()


def test_the_change_form_offers_only_the_regions_own_goals(admin_client):
    region = make_region(goals=3)
    other = make_region(goals=2)
    admin_client.post(reverse("admin:cases_resultexample_add"), result_form(region))
    result = ResultExample.objects.get()
    form = (
        admin_client.get(reverse("admin:cases_resultexample_change", args=[result.pk]))
        .context["adminform"]
        .form
    )
    assert set(form.fields["goals"].queryset) == set(region.goals.all())
    assert not set(form.fields["goals"].queryset) & set(other.goals.all())


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    region = make_region()
    svg = SimpleUploadedFile(
        "logo.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    )
    response = admin_client.post(
        reverse("admin:cases_resultexample_add"), result_form(region, **{"images-0-image": svg})
    )
    assert response.status_code == 200
    assert not ResultExample.objects.exists()
    assert (
        "Last opp eit gyldig bilete" in response.content.decode()
        or "ikkje eit bilete" in response.content.decode()
    )


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_saving_a_result_again_leaves_its_stored_image_alone(admin_client, settings):
    admin_client.post(reverse("admin:cases_resultexample_add"), result_form(make_region()))
    result = ResultExample.objects.get()
    files = stored_files(settings)
    page = admin_client.get(change_url(result))
    response = admin_client.post(
        change_url(result), form_data(page) | {"images-0-caption": "Ny bilettekst"}
    )
    assert response.status_code == 302
    image = result.images.get()
    assert image.caption == "Ny bilettekst"
    assert (image.width, image.height) == (2400, 1600)
    assert stored_files(settings) == files


def test_a_new_upload_in_the_change_form_replaces_the_image(admin_client, settings):
    admin_client.post(reverse("admin:cases_resultexample_add"), result_form(make_region()))
    result = ResultExample.objects.get()
    old = result.images.get().image.name
    page = admin_client.get(change_url(result))
    response = admin_client.post(
        change_url(result), form_data(page) | {"images-0-image": image_upload(size=(900, 600))}
    )
    assert response.status_code == 302
    image = result.images.get()
    assert image.image.name != old
    assert (image.width, image.height, image.thumbnail_width) == (900, 600, 480)
    with Image.open(image.large.path) as large:
        assert large.size == (900, 600)


def test_a_stored_image_is_not_opened_again_to_save_its_row(settings):
    created = ResultImage.objects.create(
        result=make_result(make_region()), image=image_upload(), alt_text="Eit bilete"
    )
    default_storage.delete(created.image.name)
    image = ResultImage.objects.get()
    image.full_clean()
    image.alt_text = "Eit anna bilete"
    image.save()
    image.refresh_from_db()
    assert (image.image.name, image.alt_text) == (created.image.name, "Eit anna bilete")
