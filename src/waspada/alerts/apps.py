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
        # Forecasts (docs/forecasts.md): each morning after the run; the models retrained once a week.
        scheduler.register("alerts.forecast", "waspada.alerts.forecasting.services.forecast_today",
                           at=dt.time(5, 30))  # fmt: skip
        scheduler.register("alerts.retrain", "waspada.alerts.forecasting.services.retrain",
                           every=dt.timedelta(days=7), lease=dt.timedelta(hours=2))  # fmt: skip
        scheduler.register("alerts.escalate", "waspada.alerts.escalation.escalate_due", every=dt.timedelta(minutes=15))
        demo_steps.register("alerts.demo_run", "waspada.alerts.demo.demo_step")
        board.register("alerts", "waspada.alerts.board_block.alerts_block", order=15)
