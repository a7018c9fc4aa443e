from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """The vulnerability index (issue 17): method, computations, scores with their explanations, reference editions."""

    name = "waspada.risk"
    label = "risk"
    verbose_name = _("Vulnerability index")
    default_auto_field = "django.db.models.BigAutoField"
