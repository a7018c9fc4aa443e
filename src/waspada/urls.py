from django.contrib import admin
from django.urls import include, path

from waspada.api_v1 import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("waspada.web.urls")),
    path("", include("waspada.accounts.auth_urls")),
    path("", include("waspada.accounts.urls")),
    path("", include("waspada.core.audit.urls")),
    path("", include("waspada.core.notifications.urls")),
    path("", include("waspada.regions.urls")),
    path("", include("waspada.elections.urls")),
    path("", include("waspada.incidents.urls")),
    path("", include("waspada.monitoring.urls")),
    path("", include("waspada.risk.reference_urls")),  # before risk.urls: /index/references/ is its own page
    path("", include("waspada.risk.urls")),
    path("", include("waspada.education.urls")),
    path("", include("waspada.alerts.urls")),
    path("", include("waspada.grants.urls")),
]

# Our own error pages (core/error_pages.py); in debug mode its middleware stands in for Django's technical ones.
handler400 = "waspada.core.error_pages.bad_request"
handler403 = "waspada.core.error_pages.permission_denied"
handler404 = "waspada.core.error_pages.page_not_found"
handler500 = "waspada.core.error_pages.server_error"
