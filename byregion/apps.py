from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ByregionConfig(AppConfig):
    name = "byregion"
    verbose_name = _("Byregion")

    def ready(self):
        from byregion import cache, editor_language

        cache.connect_invalidation()
        editor_language.register_select2_language()
