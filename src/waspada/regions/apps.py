from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "waspada.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from waspada.core.middleware import set_zone_resolver
        from waspada.regions.selectors import zone_of

        # System times follow the zone of the user's region (waspada.core.middleware.RegionTimezoneMiddleware).
        set_zone_resolver(zone_of)
