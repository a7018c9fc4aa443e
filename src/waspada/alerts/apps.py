import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Early warning (issues 18-19). So far: outbound signed webhooks that other systems subscribe to."""

    name = "waspada.alerts"
    label = "alerts"
    verbose_name = _("Early warning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from waspada.core import board, demo_steps, scheduler

        # Every minute: a delivery that failed waits out its back-off (webhooks.BACKOFF), then goes again.
        scheduler.register("alerts.webhooks", "waspada.alerts.webhooks.deliver_due", every=dt.timedelta(minutes=1))
        # The daily run after the night's index computation; escalation checked every quarter hour.
        scheduler.register("alerts.daily", "waspada.alerts.engine.run_today", at=dt.time(5, 0))
        scheduler.register("alerts.escalate", "waspada.alerts.escalation.escalate_due", every=dt.timedelta(minutes=15))
        demo_steps.register("alerts.demo_run", "waspada.alerts.demo.demo_step")
        board.register("alerts", "waspada.alerts.board_block.alerts_block", order=15)
