from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "waspada.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from waspada.accounts.tokens import authenticate_token
        from waspada.core import demo_steps
        from waspada.core.api.auth import set_token_check
        from waspada.core.scope import ScopeSpec, register
        from waspada.regions.models import Region

        # Bearer tokens of the API (waspada.core.api.auth) are personal tokens of this app's users.
        set_token_check(authenticate_token)

        # Regions place themselves: a scope filter over regions is a filter over their own codes.
        register(Region, ScopeSpec(region="code"))  # province_code/kabkota_code by default

        # `waspada demo` starts with the demo accounts (waspada.core.demo_steps).
        demo_steps.register("accounts.demo_users", "waspada.accounts.demo.demo_step")
