"""The permission matrix: each role, each action, in the person's own region and in another one,
done through the admin with the test client. The table below is the test: every cell is one case.

"own" is Vest-Telemark for Astrid, Per, Kari and Vera and Hallingdal for Ola; "other" is the other
one. Answers: ja = done and stored; nei = refused by the form or not offered, nothing stored;
403 = forbidden; 404 = not found (another region's object is out of sight); – = does not apply.

| role   | object | view own | view other | add own | add other | change own | change other | delete own | delete other | publish own | publish other | users |
| ------ | ------ | -------- | ---------- | ------- | --------- | ---------- | ------------ | ---------- | ------------ | ----------- | ------------- | ----- |
| astrid | region | ja       | ja         | ja      | –         | ja         | ja           | ja         | ja           | ja          | ja            | ja    |
| astrid | result | ja       | ja         | ja      | ja        | ja         | ja           | ja         | ja           | ja          | ja            | –     |
| per    | region | ja       | ja         | ja      | –         | ja         | ja           | ja         | ja           | ja          | ja            | 403   |
| per    | result | ja       | ja         | ja      | ja        | ja         | ja           | ja         | ja           | ja          | ja            | –     |
| kari   | region | ja       | 404        | 403     | –         | ja         | 404          | 403        | 404          | nei         | nei           | 403   |
| kari   | result | ja       | 404        | ja      | nei       | ja         | 404          | ja         | 404          | nei         | nei           | –     |
| ola    | region | ja       | 404        | 403     | –         | ja         | 404          | 403        | 404          | ja          | nei           | 403   |
| ola    | result | ja       | 404        | ja      | nei       | ja         | 404          | ja         | 404          | ja          | nei           | –     |
| vera   | region | 403      | 403        | 403     | –         | 403        | 403          | 403        | 403          | 403         | 403           | 403   |
| vera   | result | 403      | 403        | 403     | 403       | 403        | 403          | 403        | 403          | 403         | 403           | –     |
"""

import pytest
from django.urls import reverse

from cases.models import ResultExample
from regions.models import Region, Status
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _cells():
    lines = [line for line in __doc__.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    for line in lines[2:]:
        row = dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for column, answer in row.items():
            if column in ("role", "object") or answer == "–":
                continue
            action, _space, scope = column.partition(" ")
            yield pytest.param(
                row["role"], row["object"], action, scope or None, answer,
                id=f"{row['role']}-{row['object']}-{column.replace(' ', '-')}",
            )  # fmt: skip


def _target_region(cast, role, scope):
    own = cast.hallingdal if role == "ola" else cast.vest_telemark
    other = cast.vest_telemark if role == "ola" else cast.hallingdal
    return own if scope == "own" else other


def _url(obj, view):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def _refused(client, url, data):
    """Return "403"/"404" when both GET and POST of `url` are refused that way, else None."""
    page = client.get(url)
    if page.status_code in (403, 404):
        assert client.post(url, data).status_code == page.status_code
        return str(page.status_code)
    return None


def view(client, obj):
    response = client.get(_url(obj, "change"))
    if response.status_code == 200:
        text = obj.name if isinstance(obj, Region) else obj.title
        assert text in response.content.decode()
        return "ja"
    return str(response.status_code)


def change(client, obj):
    field, value = (
        ("project_name", "Endra prosjekt") if isinstance(obj, Region) else ("title", "Endra tittel")
    )
    url = _url(obj, "change")
    refused = _refused(client, url, {field: value})
    if refused:
        assert getattr(type(obj).objects.get(pk=obj.pk), field) != value
        return refused
    response = client.post(url, form_data(client.get(url)) | {field: value})
    stored = getattr(type(obj).objects.get(pk=obj.pk), field)
    if response.status_code == 302 and stored == value:
        return "ja"
    assert stored != value
    return "nei"


def delete(client, obj):
    url = _url(obj, "delete")
    refused = _refused(client, url, {"post": "yes"})
    if refused:
        assert type(obj).objects.filter(pk=obj.pk).exists()
        return refused
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    return "ja"


def publish(client, obj):
    type(obj).objects.filter(pk=obj.pk).update(status=Status.DRAFT)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    response = client.post(url, {"action": "publish_selected", "_selected_action": [obj.pk]})
    status = type(obj).objects.get(pk=obj.pk).status
    if response.status_code == 403:
        assert status == Status.DRAFT
        return "403"
    # Without the action on offer the list is shown again (200) or the request is sent back (302).
    assert response.status_code in (200, 302)
    return "ja" if status == Status.PUBLISHED else "nei"


def add_region(client, _region):
    url = reverse("admin:regions_region_add")
    refused = _refused(client, url, {"name": "Ny region", "slug": "ny-region", "phase_1": "on"})
    if refused:
        assert not Region.objects.filter(slug="ny-region").exists()
        return refused
    data = form_data(client.get(url)) | {"name": "Ny region", "slug": "ny-region", "phase_1": "on"}
    assert client.post(url, data).status_code == 302
    assert Region.objects.filter(slug="ny-region").exists()
    return "ja"


def add_result(client, region):
    url = reverse("admin:cases_resultexample_add")
    fields = {"region": region.pk, "title": "Nytt", "slug": "nytt", "teaser": "Kort."}
    refused = _refused(client, url, fields)
    if refused:
        assert not ResultExample.objects.filter(slug="nytt").exists()
        return refused
    response = client.post(url, form_data(client.get(url)) | fields)
    if response.status_code == 302:
        assert ResultExample.objects.filter(slug="nytt", region=region).exists()
        return "ja"
    # The region field only offers the editor's own regions and refuses any other.
    assert "region" in response.context["adminform"].form.errors
    assert 'id="id_region_error"' in response.content.decode()
    assert not ResultExample.objects.filter(slug="nytt").exists()
    return "nei"


def users(client, _region):
    response = client.get(reverse("admin:auth_user_changelist"))
    if response.status_code == 200:
        assert "astrid" in response.content.decode()
        return "ja"
    return str(response.status_code)


@pytest.mark.parametrize(("role", "kind", "action", "scope", "expected"), list(_cells()))
def test_the_matrix(cast, client_for, role, kind, action, scope, expected):
    client = client_for(getattr(cast, role))
    region = _target_region(cast, role, scope)
    if action == "users":
        answer = users(client, region)
    elif action == "add":
        answer = (add_region if kind == "region" else add_result)(client, region)
    else:
        obj = region if kind == "region" else region.results.get()
        answer = {"view": view, "change": change, "delete": delete, "publish": publish}[action](
            client, obj
        )
    assert answer == expected


def test_every_role_holds_exactly_the_permissions_of_the_design(db):
    from django.contrib.auth.models import Group

    def codes(name):
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=name).permissions.select_related("content_type")
        }

    crud = ("add", "change", "delete", "view")
    reference = {
        "regions.view_county",
        "regions.view_municipality",
        "regions.view_formermunicipality",
    }
    parts = ["membership", "goal", "bottleneck", "contact"]
    all_content = (
        {f"regions.{a}_{m}" for m in ["region", *parts] for a in crud}
        | {"regions.edit_all_regions"}
        | reference
        | {f"cases.{a}_{m}" for m in ["resultexample", "resultimage", "theme"] for a in crud}
    )
    publish = {"regions.publish_region", "cases.publish_resultexample"}
    users = {
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "admin.view_logentry",
    }
    own = (
        {"regions.view_region", "regions.change_region"}
        | {f"regions.{a}_{m}" for m in parts for a in crud}
        | reference
        | {f"cases.{a}_{m}" for m in ["resultexample", "resultimage"] for a in crud}
        | {"cases.view_theme"}
    )
    assert codes("Administrator") == all_content | publish | users
    assert codes("Programstab") == all_content | publish
    assert codes("Regionredaktør") == own
    assert not codes("Regionredaktør") & (publish | {"regions.add_region", "regions.delete_region"})


def test_reference_data_is_view_only_even_for_administrators(cast, client_for):
    from regions.models import Municipality

    client = client_for(cast.astrid)
    tokke = Municipality.objects.get(number="4034")
    page = client.get(reverse("admin:regions_municipality_change", args=[tokke.pk]))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    client.post(reverse("admin:regions_municipality_change", args=[tokke.pk]), {"name": "Endra"})
    assert Municipality.objects.get(number="4034").name == "Tokke"
    assert client.get(reverse("admin:regions_municipality_add")).status_code == 403
    delete = reverse("admin:regions_municipality_delete", args=[tokke.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Municipality.objects.filter(number="4034").exists()


def test_a_regional_editor_lists_only_her_own_regions_and_results(cast, client_for):
    kari = client_for(cast.kari)
    regions = kari.get(reverse("admin:regions_region_changelist")).content.decode()
    results = kari.get(reverse("admin:cases_resultexample_changelist")).content.decode()
    assert "Vest-Telemark" in regions and "Hallingdal" not in regions
    assert "Resultat i Vest-Telemark" in results and "Resultat i Hallingdal" not in results


def test_the_region_autocomplete_on_the_result_form_offers_only_her_regions(cast, client_for):
    response = client_for(cast.kari).get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "resultexample", "field_name": "region", "term": ""},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Vest-Telemark"]


def test_the_region_filter_on_the_result_list_offers_only_her_regions(cast, client_for):
    from tests.factories import make_region, make_result

    grenland = make_region(name="Grenland", slug="grenland", municipalities=("4001",))
    make_result(grenland)
    cast.kari.editable_regions.add(grenland)
    html = client_for(cast.kari).get(reverse("admin:cases_resultexample_changelist")).content
    html = html.decode()
    assert f"region__id__exact={cast.vest_telemark.pk}" in html
    assert f"region__id__exact={grenland.pk}" in html
    assert f"region__id__exact={cast.hallingdal.pk}" not in html
    everyone = client_for(cast.per).get(reverse("admin:cases_resultexample_changelist"))
    assert f"region__id__exact={cast.hallingdal.pk}" in everyone.content.decode()


def test_the_result_form_offers_only_the_goals_of_her_regions(cast, client_for):
    form = (
        client_for(cast.kari)
        .get(reverse("admin:cases_resultexample_add"))
        .context["adminform"]
        .form
    )
    assert set(form.fields["goals"].queryset) == set(cast.vest_telemark.goals.all())
    assert set(form.fields["region"].queryset) == {cast.vest_telemark}


def test_recovering_deleted_content_is_for_staff_of_all_regions(cast, client_for):
    recover = reverse("admin:cases_resultexample_recoverlist")
    assert client_for(cast.kari).get(recover).status_code == 403
    assert client_for(cast.per).get(recover).status_code == 200


def test_a_regional_editor_cannot_move_a_result_to_another_region(cast, client_for):
    kari = client_for(cast.kari)
    result = cast.vest_telemark.results.get()
    url = reverse("admin:cases_resultexample_change", args=[result.pk])
    response = kari.post(url, form_data(kari.get(url)) | {"region": cast.hallingdal.pk})
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert ResultExample.objects.get(pk=result.pk).region == cast.vest_telemark
