from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "waspada.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from waspada.core import housekeeping
        from waspada.core.audit import signin

        housekeeping.register("tasks.prune_results", "waspada.core.housekeeping.prune_task_results")
        signin.connect()  # sign-in, sign-out and failed sign-in go into the audit trail
