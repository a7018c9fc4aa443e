from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "waspada.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from waspada.core import board, demo_steps

        # The index block and the published editions belong to the risk app, whose AppConfig another change owns.
        board.register("index", "waspada.risk.board_block.index_block", order=10)
        demo_steps.register("risk.reference_editions", "waspada.risk.reference.demo_step")
