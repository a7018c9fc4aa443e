from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """The vulnerability index (issue 17): method, computations, scores with their explanations, reference editions."""

    name = "waspada.risk"
    label = "risk"
    verbose_name = _("Vulnerability index")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import datetime as dt

        from django.db.models.signals import post_save

        from waspada.core import demo_steps, scheduler
        from waspada.monitoring.models import Assignment
        from waspada.risk.tasks import on_assignment_saved

        # Every night at 02:00 WIB, when the previous day's approvals and incidents are in.
        scheduler.register("risk.nightly_index", "waspada.risk.tasks.nightly", at=dt.time(2, 0))
        demo_steps.register("risk.demo_index", "waspada.risk.demo.demo_step")
        post_save.connect(on_assignment_saved, sender=Assignment, dispatch_uid="risk.index_after_approval")
