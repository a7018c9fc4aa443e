"""POST /api/v1/analyze: the news analysis for texts sent by other systems or the web form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from waspada.core.api.errors import invalid
from waspada.core.api.throttling import SettingRateThrottle
from waspada.news.gazetteer import get_classifier, get_gazetteer
from waspada.nlp.analyze import MAX_CHARS, analyze_item

router = Router()
MAX_ITEMS = 100


class NewsItem(Schema):
    id: str | int | None = None
    title: str | None = Field(default=None, max_length=2_000)
    text: str = Field(max_length=MAX_CHARS)
    url: str | None = Field(default=None, max_length=2_000)
    published_at: str | None = None
    source: str | None = Field(default=None, max_length=200)


class AnalyzeRequest(Schema):
    items: list[NewsItem]


class AnalyzeResponse(Schema):
    results: list[dict[str, Any]]


# Up to 100 texts per request, each costing milliseconds of CPU: a runaway script must not starve the server.
@router.post("", response=AnalyzeResponse, summary="Analyse news items",
             throttle=[SettingRateThrottle("WASPADA_ANALYZE_RATE", "analyze")])  # fmt: skip
def analyze(request: HttpRequest, payload: AnalyzeRequest) -> dict[str, Any]:
    """One result per item, in order; an item that cannot be analysed carries `error` instead."""
    if not payload.items:
        raise invalid("items", _("Send at least one item."))
    if len(payload.items) > MAX_ITEMS:
        raise invalid("items", _("Send at most %(max)d items per request.") % {"max": MAX_ITEMS})
    gazetteer, classifier = get_gazetteer(), get_classifier()
    results = [
        analyze_item(item.model_dump(), gazetteer, source=item.source or "api", classifier=classifier)
        for item in payload.items
    ]
    return {"results": results}
