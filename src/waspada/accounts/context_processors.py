"""What the navigation may show: only the areas the user's role may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waspada.core.permissions import has_permission


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "users": has_permission(user, "users.manage"),
            "audit": has_permission(user, "audit.view"),
            "incidents": has_permission(user, "incidents.view"),
            "monitoring": has_permission(user, "monitoring.view"),
            "risk": has_permission(user, "risk.view"),
            "education": has_permission(user, "education.view"),
            "alerts": has_permission(user, "alerts.view"),
            "grants": has_permission(user, "grants.view"),
            "incident_import": has_permission(user, "incidents.import"),
            "incident_export": has_permission(user, "incidents.export"),
        }
    }
