"""A web worker's background warm-up for the SMS/WhatsApp gateway (registered in IncidentsConfig.ready(), run
by waspada.core.warmup): when a channel is active, build the place index and load the event model before the
first message needs them. Installs without a gateway keep the memory."""

from __future__ import annotations


def warm_gateway_analysis() -> None:
    from waspada.incidents.models import IntakeChannel

    if not IntakeChannel.objects.filter(is_active=True).exists():
        return
    from waspada.news.gazetteer import get_classifier, get_gazetteer

    get_gazetteer()
    get_classifier()
