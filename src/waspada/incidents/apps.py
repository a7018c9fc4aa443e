from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "waspada.incidents"
    label = "incidents"
    verbose_name = _("Incidents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from waspada.core import board, demo_steps, housekeeping, warmup

        board.register("incidents", "waspada.incidents.board_block.incidents_block", order=20)

        housekeeping.register("incidents.purge_idempotency_keys", "waspada.incidents.idempotency.purge_expired")
        housekeeping.register("incidents.cleanup_exports", "waspada.incidents.exports.services.cleanup_exports")
        housekeeping.register("incidents.retry_gateway_deliveries", "waspada.incidents.intake.webhook.retry_due")
        # After the demo accounts (accounts is earlier in INSTALLED_APPS); skips, saying why, without full data.
        demo_steps.register("incidents.demo_incidents", "waspada.incidents.demo.report_demo_incidents")
        # Then a synthetic history (issue 19) ending yesterday, before the early-warning and forecast steps.
        demo_steps.register("incidents.demo_history", "waspada.incidents.intake.datasets.synthesize.demo_step")
        # Each web worker builds the gateway's place index and event model in the background, when it has one.
        warmup.register_background("incidents.gateway_analysis",
                                   "waspada.incidents.intake.gateway_warmup.warm_gateway_analysis")
