from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "waspada.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from waspada.core.scope import ScopeSpec, register
        from waspada.regions.models import Region

        # Regions place themselves: a scope filter over regions is a filter over their own codes.
        register(Region, ScopeSpec(region="code"))  # province_code/kabkota_code by default

