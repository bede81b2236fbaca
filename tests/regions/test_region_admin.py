"""Programme staff enter a whole region, with every inline, through the admin."""

import pytest
from django.urls import reverse

from regions.models import Municipality, Region
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

MEMBERS = ["4030", "4032", "4034", "4036", "4022", "4028"]  # the Vest-Telemark sheet's six


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def vest_telemark_form(**overrides):
    municipalities = {m.number: m.pk for m in Municipality.objects.filter(number__in=MEMBERS)}
    data = {
        "name": "Vest-Telemark",
        "slug": "vest-telemark",
        "project_name": "Attraktiv nærings- og kompetansestruktur",
        "organisation": "Vest-Telemarkrådet",
        "language": "nn",
        "phase_2": "on",
        "population_2015": "14146",
        "area_km2": "6819",
        "source_url": "https://vt-radet.no/prosjekt/byregionprogrammet-vest-telemark/",
        "summary": "<p>Samandrag.</p>",
        "advice": "Start tidleg\nBruk innkjøp",
        "after_programme": "<p>Vidare.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "editorial_note": "",
    }
    data |= inline(
        "memberships",
        [
            {"municipality": municipalities[number], "name": "", "position": str(index)}
            | ({"applicant": "on"} if number == "4034" else {})
            for index, number in enumerate(MEMBERS)
        ],
    )
    data |= inline(
        "goals",
        [
            {"number": "1", "text": "<p>Utvikle sterke <strong>regionale motorar</strong>.</p>"},
            {"number": "2", "text": "<p>Solid kompetansemiljø.</p>"},
            {"number": "3", "text": "<p>Styrke <strong>samarbeidet</strong>.</p>"},
            {"number": "4", "text": "<p>Auke bustadsattraktiviteten.</p>"},
        ],
    )
    data |= inline(
        "bottlenecks", [{"text": "<p>Lite kompetanse i små kommunar.</p>", "position": "0"}]
    )
    data |= inline(
        "contacts",
        [
            {
                "name": "Ole Dalen",
                "role": "Dagleg leiar",
                "organisation": "Vest-Telemarkrådet",
                "phone": "414 23 433",
                "email": "od@vest-telemark.no",
                "position": "0",
            }
        ],
    )
    data.update(overrides)
    return data


def test_staff_can_add_the_whole_vest_telemark_sheet(admin_client):
    response = admin_client.post(reverse("admin:regions_region_add"), vest_telemark_form())
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    region = Region.objects.get(slug="vest-telemark")
    assert region.memberships.count() == 6
    assert region.memberships.get(applicant=True).municipality.name == "Tokke"
    assert [g.number for g in region.goals.all()] == [1, 2, 3, 4]
    assert "<strong>regionale motorar</strong>" in region.goals.get(number=1).text
    assert region.bottlenecks.count() == 1
    contact = region.contacts.get()
    assert (contact.phone, contact.email) == ("+4741423433", "od@vest-telemark.no")
    assert region.advice_list == ["Start tidleg", "Bruk innkjøp"]
    assert [c.name for c in region.counties()] == ["Telemark"]


def test_the_swapped_contact_is_refused_and_the_form_keeps_what_was_typed(admin_client):
    data = vest_telemark_form(
        **{"contacts-0-phone": "od@vest-telemark.no", "contacts-0-email": "414 23 433"}
    )
    response = admin_client.post(reverse("admin:regions_region_add"), data)
    assert response.status_code == 200
    assert not Region.objects.filter(slug="vest-telemark").exists()
    page = response.content.decode()
    assert "ser ut som ei e-postadresse, ikkje eit telefonnummer" in page
    assert "ser ut som eit telefonnummer, ikkje ei e-postadresse" in page
    assert 'value="od@vest-telemark.no"' in page
    assert "Utvikle sterke" in page


def test_a_duplicate_goal_number_is_refused(admin_client):
    data = vest_telemark_form(**{"goals-1-number": "1"})
    response = admin_client.post(reverse("admin:regions_region_add"), data)
    assert response.status_code == 200
    assert not Region.objects.exists()


def test_staff_can_change_a_region_and_its_inlines(admin_client):
    admin_client.post(reverse("admin:regions_region_add"), vest_telemark_form())
    region = Region.objects.get(slug="vest-telemark")
    url = reverse("admin:regions_region_change", args=[region.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    # What the browser sends back, hidden edit token and inline ids included.
    data = form_data(page) | {"project_name": "Nytt namn", "goals-3-DELETE": "on"}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.project_name == "Nytt namn"
    assert [g.number for g in region.goals.all()] == [1, 2, 3]


def test_the_municipality_autocomplete_finds_a_programme_era_name(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "regions",
            "model_name": "membership",
            "field_name": "municipality",
            "term": "Sauherad",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Midt-Telemark (4020)"]


def test_a_blank_programme_era_name_is_todays_name_and_a_repeat_is_named(admin_client):
    response = admin_client.post(reverse("admin:regions_region_add"), vest_telemark_form())
    assert response.status_code == 302
    names = Region.objects.get(slug="vest-telemark").memberships.values_list("name", flat=True)
    assert sorted(names) == ["Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke", "Vinje"]

    tokke = Municipality.objects.get(number="4034").pk
    repeated = vest_telemark_form(
        slug="vest-telemark-2", **{"memberships-1-municipality": str(tokke)}
    )
    response = admin_client.post(reverse("admin:regions_region_add"), repeated)
    assert response.status_code == 200
    assert "To medlemskommunar har same namn i programmet." in response.content.decode()
    assert not Region.objects.filter(slug="vest-telemark-2").exists()
