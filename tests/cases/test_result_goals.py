"""The result form offers only the chosen region's goals, each by a short form of its text with the
whole text as its title, and asks the admin for another region's goals when the region changes
(issue 12). These tests are the form without its script; tests/browser/test_admin_result_goals.py
drives the script."""

import re

import pytest
from django.urls import reverse

from cases.admin import shortened
from regions.models import Goal
from tests.formdata import change_url, form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:cases_resultexample_add")
GOALS = reverse("admin:cases_resultexample_goals")
LONG_GOAL = (
    "<p>Utvikle sterke «regionale motorar» i&nbsp;alle regionens kommunesentera som verkar attraktive "
    "for rekruttering av arbeidstakarar og utvikling av <strong>nytt næringsliv</strong>.</p>"
)


def offered(response):
    """The goals the form offers: their values and labels as the page shows them."""
    html = response.content.decode()
    block = re.search(r'<div id="id_goals".*?</div>\s*</div>', html, re.S)
    assert block, "no goal list on the page"
    return re.findall(
        r'<label for="id_goals_\d+" title="([^"]*)"><input type="checkbox" name="goals" '
        r'value="(\d+)"[^>]*> ([^<]*)</label>',
        block.group(0),
    )


def test_the_add_form_offers_no_goals_before_a_region_is_chosen(cast, client_for):
    page = client_for(cast.per).get(ADD)
    html = page.content.decode()
    assert offered(page) == []
    assert "Vel ein byregion først; då kjem måla til byregionen her." in html
    assert 'type="checkbox" name="goals"' not in html


def test_a_failed_save_shows_the_chosen_regions_goals_only(cast, client_for):
    per = client_for(cast.per)
    response = per.post(ADD, {"region": str(cast.hallingdal.pk), "title": ""})
    assert response.status_code == 200
    values = {int(value) for _title, value, _label in offered(response)}
    assert values == set(cast.hallingdal.goals.values_list("pk", flat=True))


def test_a_goal_of_another_region_is_refused_with_a_message_that_says_so(cast, client_for):
    per = client_for(cast.per)
    foreign = cast.vest_telemark.goals.first()
    response = per.post(
        ADD,
        {"region": str(cast.hallingdal.pk), "title": "Nytt", "goals": [str(foreign.pk)]},
    )
    assert response.status_code == 200
    assert "Eit av måla høyrer ikkje til byregionen du har valt." in response.content.decode()
    assert {int(v) for _t, v, _l in offered(response)} == set(
        cast.hallingdal.goals.values_list("pk", flat=True)
    )


def test_each_goal_is_offered_short_with_its_whole_text_as_title(cast, client_for):
    goal = cast.vest_telemark.goals.get(number=1)
    Goal.objects.filter(pk=goal.pk).update(text=LONG_GOAL)
    result = cast.vest_telemark.results.get()
    page = client_for(cast.per).get(change_url(result))

    title, value, label = offered(page)[0]
    assert int(value) == goal.pk
    assert label == (
        "Mål 1: Utvikle sterke «regionale motorar» i alle regionens kommunesentera som verkar…"
    )
    assert title.startswith("Utvikle sterke «regionale motorar» i alle")
    assert title.endswith("utvikling av nytt næringsliv.")


def test_a_short_form_ends_on_a_whole_word():
    assert shortened("kort tekst") == "kort tekst"
    assert shortened("ein " * 30, limit=20) == "ein ein ein ein ein…"
    assert shortened("eins " * 30, limit=18) == "eins eins eins…"
    assert shortened("Næringsliv, kompetanse og bustader", limit=12) == "Næringsliv…"
    assert len(shortened("x" * 200)) == 80


def test_the_goals_address_gives_an_editor_her_regions_goals(cast, client_for):
    kari = client_for(cast.kari)
    answer = kari.get(GOALS, {"byregion": cast.vest_telemark.pk})
    assert answer.status_code == 200
    goals = answer.json()["goals"]
    assert [goal["label"] for goal in goals] == [
        f"Mål {number}: Mål nummer {number}" for number in (1, 2, 3, 4)
    ]
    assert goals[0]["title"] == "Mål nummer 1"
    Goal.objects.filter(pk=goals[1]["value"]).update(text="<p>Hus &amp; heim</p>")
    assert kari.get(GOALS, {"byregion": cast.vest_telemark.pk}).json()["goals"][1]["label"] == (
        "Mål 2: Hus & heim"
    )


def test_the_goals_address_keeps_to_the_editors_regions(cast, client_for):
    assert client_for(cast.kari).get(GOALS, {"byregion": cast.hallingdal.pk}).status_code == 404
    assert client_for(cast.kari).get(GOALS, {"byregion": "x"}).status_code == 404
    assert client_for(cast.vera).get(GOALS, {"byregion": cast.hallingdal.pk}).status_code in (
        403,
        404,
    )
    assert client_for(cast.per).get(GOALS, {"byregion": cast.hallingdal.pk}).status_code == 200


def test_only_those_who_may_publish_feature_a_result_on_the_front_page(cast, client_for):
    result = cast.vest_telemark.results.get()
    kari = client_for(cast.kari)
    page = kari.get(change_url(result))
    assert 'name="featured"' not in page.content.decode()

    data = form_data(page) | {"featured": "on", "title": "Endra av Kari"}
    assert kari.post(change_url(result), data).status_code == 302
    result.refresh_from_db()
    assert result.title == "Endra av Kari"
    assert result.featured is False

    per = client_for(cast.per)
    page = per.get(change_url(result))
    assert 'name="featured"' in page.content.decode()
    assert per.post(change_url(result), form_data(page) | {"featured": "on"}).status_code == 302
    result.refresh_from_db()
    assert result.featured is True


def test_an_editor_of_one_region_finds_it_chosen_with_its_goals(cast, client_for):
    page = client_for(cast.kari).get(ADD)
    assert page.context["adminform"].form.initial["region"] == cast.vest_telemark.pk
    values = {int(value) for _title, value, _label in offered(page)}
    assert values == set(cast.vest_telemark.goals.values_list("pk", flat=True))
