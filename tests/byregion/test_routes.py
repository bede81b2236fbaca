"""Only what the site uses is routed: django-tinymce's extra views answer 404 to everyone."""

import pytest

pytestmark = pytest.mark.django_db

TINYMCE_EXTRAS = [
    "/tinymce/compressor/?js=true&plugins=%27);alert(1);//&languages=nn",
    "/tinymce/filebrowser/",
    "/tinymce/flatpages_link_list/",
    "/tinymce/spellchecker/",
]


@pytest.mark.parametrize("path", TINYMCE_EXTRAS)
def test_tinymce_extras_are_not_routed(client, admin_client, path):
    assert client.get(path).status_code == 404
    assert admin_client.get(path).status_code == 404


def test_the_editor_still_loads_in_the_admin(admin_client):
    html = admin_client.get("/admin/regions/region/add/").content.decode()
    assert "tinymce/tinymce.min.js" in html
    assert "/tinymce/" not in html.replace("/static/tinymce/", "")
