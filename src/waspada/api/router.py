"""The JSON API under /api/v1: one NinjaAPI, one router per app."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from waspada.api.errors import install_error_handlers
from waspada.news.api import router as news_router
from waspada.regions.api import router as regions_router

api = NinjaAPI(
    title="Waspada API",
    version="1",
    description="Deteksi dini dan pemetaan potensi konflik pemilu.",
    auth=django_auth,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/regions", regions_router, tags=["regions"])
api.add_router("/analyze", news_router, tags=["news"])
