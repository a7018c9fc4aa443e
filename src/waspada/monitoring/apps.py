from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "waspada.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import datetime as dt

        from waspada.core import board, demo_steps, scheduler

        board.register("monitoring", "waspada.monitoring.board_block.rounds_block", order=40)

        scheduler.register("monitoring.reminders", "waspada.monitoring.reminders.send_due", at=dt.time(8, 0))
        demo_steps.register("monitoring.demo_rounds", "waspada.monitoring.demo.demo_step")
