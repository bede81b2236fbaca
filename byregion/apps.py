from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ByregionConfig(AppConfig):
    name = "byregion"
    verbose_name = _("Byregion")

    def ready(self):
        from byregion import cache

        cache.connect_invalidation()
