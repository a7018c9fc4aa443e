from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "waspada.grants"
    label = "grants"
    verbose_name = _("Regional grants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from waspada.core import demo_steps

        demo_steps.register("grants.demo_agreements", "waspada.grants.demo.demo_step")
