"""The admin's JavaScript widgets in nynorsk: TinyMCE and select2 ship no nn of their own.

The project's language packs are static files at the paths the libraries load them from:
static/tinymce/langs/nn.js (with the help plugin's static/tinymce/plugins/help/js/i18n/keynav/nn.js)
and static/admin/js/vendor/select2/i18n/nn.js.
"""

from django.contrib.admin import widgets as admin_widgets
from tinymce import settings as tinymce_settings
from tinymce.widgets import AdminTinyMCE, TinyMCE


def register_select2_language():
    """Let the admin's autocomplete widgets load select2's nn pack (Django maps only the packs
    select2 ships, and without one select2 speaks English)."""
    admin_widgets.SELECT2_TRANSLATIONS.setdefault("nn", "nn")


class NynorskEditorMixin:
    """Hand TinyMCE TINYMCE_DEFAULT_CONFIG as it is, its language included.

    django-tinymce maps the language to a pack TinyMCE ships and, finding no nn, falls back to
    English with a warning; the project's pack is where TinyMCE looks for it (langs/nn.js). The rest
    of what its get_mce_config() adds (file browser, right-to-left text) this site does not use.
    """

    def get_mce_config(self, attrs):
        config = {**tinymce_settings.DEFAULT_CONFIG, **self.mce_attrs}
        config.setdefault("selector", f"#{attrs['id']}")
        return config


class NynorskTinyMCE(NynorskEditorMixin, TinyMCE):
    pass


class AdminNynorskTinyMCE(NynorskEditorMixin, AdminTinyMCE):
    pass
