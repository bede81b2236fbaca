"""The history tells the truth (issue 12): what the editor sends back for content it did not change
is stored as it was, a save that changes nothing writes no revision and no log entry, and the change
message names exactly the fields that changed."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from regions.models import Region
from tests.formdata import change_url, opened

pytestmark = pytest.mark.django_db

# Stored as an import or an older version of the sanitiser wrote it, and as TinyMCE sends it back.
STORED = (
    "<p>Seks kommunar&nbsp;samarbeider.</p><p>Om <b>næringsliv</b><br></p>\n\n"
    '<ul><li>Ein</li><li>To</li></ul><p><a title="Rådet" href="https://vt-radet.no/?a=1&amp;b=2">'
    "Rådet</a></p>\n"
)
SENT = (
    "<p>Seks kommunar\u00a0samarbeider.</p>\n<p>Om <strong>næringsliv</strong></p>\n<ul>\n"
    '<li>Ein</li>\n<li>To</li>\n</ul>\n<p><a href="https://vt-radet.no/?a=1&amp;b=2" '
    'title="Rådet">Rådet</a></p>'
)


def as_tinymce_sends(data):
    """The form as Chromium posts it once TinyMCE has re-serialised the rich text."""
    data = dict(data)
    data["summary"] = SENT
    for key, value in data.items():
        if key.endswith("-text") and isinstance(value, str) and value.startswith("<p>"):
            data[key] = value + "\n"
    return data


def log_entries(region):
    content_type = ContentType.objects.get_for_model(Region)
    return list(LogEntry.objects.filter(content_type=content_type, object_id=str(region.pk)))


@pytest.fixture
def region(cast):
    region = cast.vest_telemark
    # Written the way an import did before the sanitiser serialised canonically.
    Region.objects.filter(pk=region.pk).update(summary=STORED)
    Region.objects.filter(pk=region.pk).update(after_programme="<p>Vidare.</p>")
    region.refresh_from_db()
    return region


def test_an_unchanged_save_writes_no_revision_and_no_log_entry(region, cast, client_for):
    per = client_for(cast.per)
    before = Version.objects.get_for_object(region).count()
    token = region.edit_token

    response = per.post(change_url(region), as_tinymce_sends(opened(per, region)), follow=True)

    assert response.status_code == 200
    assert Version.objects.get_for_object(region).count() == before
    assert log_entries(region) == []
    region.refresh_from_db()
    assert region.edit_token == token
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Ingenting var endra, så ingenting vart lagra."]


def test_an_edit_of_one_field_is_logged_as_that_field_alone(region, cast, client_for):
    per = client_for(cast.per)
    data = as_tinymce_sends(opened(per, region)) | {"after_programme": "<p>Vidare arbeid.</p>\n"}

    assert per.post(change_url(region), data).status_code == 302

    (entry,) = log_entries(region)
    assert entry.get_change_message() == "Endra Vidare arbeid etter programmet."
    (version,) = Version.objects.get_for_object(region)
    assert version.revision.get_comment() == "Endra Vidare arbeid etter programmet."
    region.refresh_from_db()
    assert region.after_programme == "<p>Vidare arbeid.</p>"


def test_an_edit_of_one_inline_names_that_inline_alone(region, cast, client_for):
    per = client_for(cast.per)
    data = as_tinymce_sends(opened(per, region)) | {"goals-1-text": "<p>Nytt mål to.</p>"}

    assert per.post(change_url(region), data).status_code == 302

    (entry,) = log_entries(region)
    message = entry.get_change_message()
    assert message == "Endra Mål for mål «Mål 2: Nytt mål to.»."


def test_a_second_save_of_the_same_form_changes_nothing(region, cast, client_for):
    per = client_for(cast.per)
    data = opened(per, region) | {"project_name": "Nytt namn"}
    assert per.post(change_url(region), data).status_code == 302
    count = Version.objects.get_for_object(region).count()

    assert per.post(change_url(region), as_tinymce_sends(opened(per, region))).status_code == 302

    assert Version.objects.get_for_object(region).count() == count
    assert len(log_entries(region)) == 1


def test_the_migration_rewrites_stored_text_in_its_canonical_form(region):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE regions_region SET summary = %s WHERE id = %s", [STORED, region.pk])
    region.refresh_from_db()
    assert region.summary == STORED

    import_module("regions.migrations.0009_canonical_rich_text").canonicalise(apps, None)

    region.refresh_from_db()
    assert region.summary == (
        "<p>Seks kommunar&nbsp;samarbeider.</p>\n<p>Om <strong>næringsliv</strong></p>\n<ul>\n"
        '<li>Ein</li>\n<li>To</li>\n</ul>\n<p><a href="https://vt-radet.no/?a=1&amp;b=2" '
        'title="Rådet">Rådet</a></p>'
    )


def test_a_comparison_with_a_version_kept_before_the_canonical_form_shows_no_change(
    region, cast, client_for
):
    import reversion
    from django.urls import reverse

    with reversion.create_revision():
        Region.objects.filter(pk=region.pk).update(summary=STORED)
        region.refresh_from_db()
        reversion.add_to_revision(region)
    old = Version.objects.get_for_object(region).get()
    data = json.loads(old.serialized_data)
    data[0]["fields"]["summary"] = STORED
    Version.objects.filter(pk=old.pk).update(serialized_data=json.dumps(data))
    assert Version.objects.get(pk=old.pk).field_dict["summary"] == STORED
    per = client_for(cast.per)
    data = opened(per, region) | {"project_name": "Nytt prosjektnamn"}
    assert per.post(change_url(region), data).status_code == 302
    new = Version.objects.get_for_object(region).first()

    compare = reverse("admin:regions_region_compare", args=[region.pk])
    page = per.get(f"{compare}?fra={old.pk}&til={new.pk}").content.decode()

    assert "Nytt prosjektnamn" in page
    assert "Samandrag" not in page
