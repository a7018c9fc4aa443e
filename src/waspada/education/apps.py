from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    """Political education (issue 21): activities per Permendagri 36/2010 and their coverage of the regions at risk."""

    name = "waspada.education"
    label = "education"
    verbose_name = _("Political education")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from waspada.core import board, demo_steps

        demo_steps.register("education.demo_activities", "waspada.education.demo.demo_step")
        board.register("education", "waspada.education.board_block.education_block", order=60)
