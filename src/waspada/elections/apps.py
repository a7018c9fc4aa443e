from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "waspada.elections"
    label = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from waspada.core import board

        board.register("elections", "waspada.elections.board_block.stages_block", order=30)
