"""`{% unread_notifications as count %}`: the signed-in user's unread notifications (the header's badge)."""

from __future__ import annotations

from typing import Any

from django import template

from waspada.core.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
