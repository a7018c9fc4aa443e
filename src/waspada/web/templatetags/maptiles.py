"""`{% map_tiles %}`: the base-layer data attributes of a map container (nothing when no tile URL is set).

web/map.js reads them: data-tile-url (the template), data-tile-attribution (plain text, never HTML) and
data-tile-attribution-url (where the credit links to). Every map page puts the tag on its container, so a
deployment switches the base layer on or off for all maps with WASPADA_TILE_URL alone.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def map_tiles() -> SafeString:
    url = getattr(settings, "WASPADA_TILE_URL", "")
    if not url:
        return mark_safe("")
    return format_html(' data-tile-url="{}" data-tile-attribution="{}" data-tile-attribution-url="{}"', url,
                       settings.WASPADA_TILE_ATTRIBUTION, settings.WASPADA_TILE_ATTRIBUTION_URL)  # fmt: skip
