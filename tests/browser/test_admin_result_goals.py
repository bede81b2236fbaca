"""In a real browser under the admin's CSP, the result form's goals follow the chosen region as soon
as it is chosen (static/admin/js/byregion/region-goals.js), and what is saved is what was ticked."""

import re

import pytest
from django.urls import reverse

from cases.models import ResultExample
from tests.browser.signing_in import sign_in
from tests.personas import make_cast

ADD = reverse("admin:cases_resultexample_add")


def choose_region(page, name):
    page.click(".field-region .select2-selection")
    page.fill(".select2-search__field", name)
    page.click(f".select2-results__option:has-text('{name}')")


def goal_labels(page):
    return [text.strip() for text in page.locator("#id_goals label").all_inner_texts()]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_goals_follow_the_region_as_soon_as_it_is_chosen(strict_page, live_server):
    cast = make_cast()
    page = strict_page
    sign_in(page, live_server, "per", ADD)
    assert page.locator("#id_goals input").count() == 0
    assert "Vel ein byregion først" in page.inner_text("#id_goals")

    choose_region(page, "Hallingdal")
    page.locator("#id_goals input").first.wait_for()
    assert goal_labels(page) == ["Mål 1: Mål nummer 1", "Mål 2: Mål nummer 2"]
    assert page.get_attribute("#id_goals label >> nth=1", "title") == "Mål nummer 2"

    choose_region(page, "Vest-Telemark")
    page.locator("#id_goals input").nth(3).wait_for()
    assert len(goal_labels(page)) == 4
    page.check("#id_goals input >> nth=2")
    page.fill("#id_title", "Trenettverket")
    page.fill("#id_teaser", "Meir tre i offentlege bygg.")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/cases/resultexample/$"))

    result = ResultExample.objects.get(title="Trenettverket")
    assert result.region == cast.vest_telemark
    assert [goal.number for goal in result.goals.all()] == [3]
    assert page.csp_violations() == []
