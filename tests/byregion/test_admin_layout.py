"""The admin's forms say what applies (issue 12): no «Hald nede Control …» under a widget that needs
no key held, and each input of a two-part date and time has a name of its own."""

import re

import pytest
from django.urls import reverse

from tests.formdata import change_url
from tests.two_factor import give_app

pytestmark = pytest.mark.django_db

CTRL_HELP = "Hald nede"


def test_no_ctrl_help_under_the_two_list_selectors_or_the_checkboxes(cast, client_for):
    give_app(cast.astrid)
    astrid = client_for(cast.astrid)
    pages = {
        "region": change_url(cast.vest_telemark),
        "result": change_url(cast.vest_telemark.results.get()),
        "result add": reverse("admin:cases_resultexample_add"),
        "user": reverse("admin:auth_user_change", args=[cast.kari.pk]),
        "user add": reverse("admin:auth_user_add"),
    }
    for name, url in pages.items():
        html = astrid.get(url).content.decode()
        assert "selectfilter" in html or "byregion-goals" in html, name
        assert CTRL_HELP not in html, name
    html = astrid.get(pages["user"]).content.decode()
    assert "Rollene brukaren har." in html
    assert "Gjeld regionredaktørar: dei ser og endrar berre desse byregionane" in html


def test_the_regions_selector_has_a_box_of_its_own_on_the_user_form(cast, client_for):
    give_app(cast.astrid)
    html = client_for(cast.astrid).get(reverse("admin:auth_user_change", args=[cast.kari.pk]))
    assert re.search(
        r'<div class="byregion-selector"><select name="regions"', html.content.decode()
    )


def test_the_date_and_the_time_of_publishing_each_have_a_name(cast, client_for):
    html = client_for(cast.per).get(change_url(cast.vest_telemark)).content.decode()
    date = re.search(r'<input[^>]*name="published_at_0"[^>]*>', html).group(0)
    time = re.search(r'<input[^>]*name="published_at_1"[^>]*>', html).group(0)
    assert 'aria-label="Publisert, dato"' in date
    assert 'aria-label="Publisert, klokkeslett"' in time
