"""The JSON API under /api/v1: one NinjaAPI, one router per app.

This is the URL level, like `waspada.urls` (the only module that imports it): it may import every app's API
module, and no app imports it. The helpers the apps' routers share are in `waspada.core.api`.
"""

from __future__ import annotations

from ninja import NinjaAPI

from waspada.accounts.api import router as accounts_router
from waspada.alerts.api import router as alerts_router
from waspada.alerts.api_alerts import router as alert_list_router
from waspada.alerts.api_register import router as risk_register_router
from waspada.alerts.api_subscriptions import router as alert_subscriptions_router
from waspada.core.api.auth import api_auth
from waspada.core.api.errors import install_error_handlers
from waspada.core.api.jsonbody import BoundedParser
from waspada.core.audit.api import router as audit_router
from waspada.core.permissions import public
from waspada.education.api import router as education_router
from waspada.elections.api import router as elections_router
from waspada.grants.api import router as grants_router
from waspada.incidents.api import router as incidents_router
from waspada.incidents.exports.api import router as exports_router
from waspada.incidents.intake.api_imports import router as imports_router
from waspada.incidents.intake.api_webhook import router as webhook_router
from waspada.incidents.maps.api import router as incident_maps_router
from waspada.monitoring.api import router as monitoring_router
from waspada.news.api import router as news_router
from waspada.regions.api import router as regions_router
from waspada.risk.api_references import router as index_references_router

api = NinjaAPI(
    title="Waspada API",
    version="1",
    description="Deteksi dini dan pemetaan potensi konflik pemilu.",
    # Session or Bearer token, any signed-in role; routers and routes narrow it with api_auth("permission").
    auth=api_auth("signed_in"),
    urls_namespace="api",
    docs_decorator=public,  # the schema and docs are public (clients and tests read them); data never is
    parser=BoundedParser(),  # JSON bodies bounded in size and depth (core/api/jsonbody.py)
)
install_error_handlers(api)
api.add_router("/regions", regions_router, tags=["regions"], auth=api_auth("reference.view"))
api.add_router("", accounts_router, tags=["accounts"])
api.add_router("/audit", audit_router, tags=["audit"])
api.add_router("", elections_router, tags=["elections"])
api.add_router("/analyze", news_router, tags=["news"])
api.add_router("/incidents/imports", imports_router, tags=["incident intake"])
api.add_router("/incidents/exports", exports_router, tags=["incident exports"])
api.add_router("/incidents", incident_maps_router, tags=["incident map"])
api.add_router("/incidents", incidents_router, tags=["incidents"])
api.add_router("/intake", webhook_router, tags=["incident intake"])
api.add_router("", monitoring_router, tags=["monitoring"])
api.add_router("", alerts_router, tags=["alerts"])
# The register before the alerts' own, so "/alerts/register" is never read as an alert id.
api.add_router("", risk_register_router, tags=["alerts"])
# Before the alerts' own routes, so "/alerts/subscriptions" is never read as an alert id.
api.add_router("", alert_subscriptions_router, tags=["alerts"])
api.add_router("", alert_list_router, tags=["alerts"])
# The editions' routes before the index's own, so "/index/references" is never read as an index parameter.
api.add_router("/index/references", index_references_router, tags=["index"], auth=api_auth("risk.view"))
api.add_router("/index", "waspada.risk.api.router", tags=["index"])
api.add_router("/education", education_router, tags=["political education"])
api.add_router("", grants_router, tags=["grants"])
api.add_router("", "waspada.alerts.api_forecasts.router", tags=["forecasts"])
