from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "waspada.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        import datetime as dt

        from waspada.core import housekeeping, scheduler
        from waspada.core.audit import signin

        housekeeping.register("tasks.prune_results", "waspada.core.housekeeping.prune_task_results")
        # Every minute: notification e-mails that failed (after their pause) or were never tried are sent again.
        scheduler.register(
            "core.notification_email", "waspada.core.notifications.services.retry_emails", every=dt.timedelta(minutes=1)
        )
        signin.connect()  # sign-in, sign-out and failed sign-in go into the audit trail
