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
        from waspada.alerts.subscriptions import on_incident_status
        from waspada.core import board, demo_steps, scheduler
        from waspada.incidents.actions.status_notice import status_changed

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
        # Each morning after the run: one digest per subscriber who asked for it (alerts/digest.py).
        scheduler.register("alerts.digest", "waspada.alerts.digest.run_today", at=dt.time(6, 0))
        demo_steps.register("alerts.demo_forecasts", "waspada.alerts.demo.demo_forecasts")  # before the run: rule 7
        demo_steps.register("alerts.demo_run", "waspada.alerts.demo.demo_step")
        # Subscribers to incidents' status changes in their region (the reporter is told by incidents itself).
        status_changed.connect(on_incident_status, dispatch_uid="alerts.incident_status")
        board.register("alerts", "waspada.alerts.board_block.alerts_block", order=15)
