from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "waspada.grants"
    label = "grants"
    verbose_name = _("Regional grants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from waspada.core import board, demo_steps

        demo_steps.register("grants.demo_agreements", "waspada.grants.demo.demo_step")
        board.register("grants", "waspada.grants.board_block.grants_block", order=50)
