from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "waspada.incidents"
    label = "incidents"
    verbose_name = _("Incidents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from waspada.core import housekeeping

        housekeeping.register("incidents.purge_idempotency_keys", "waspada.incidents.idempotency.purge_expired")
        housekeeping.register("incidents.cleanup_exports", "waspada.incidents.exports.services.cleanup_exports")
        housekeeping.register("incidents.retry_gateway_deliveries", "waspada.incidents.intake.webhook.retry_due")
