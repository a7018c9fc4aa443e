"""The risk and action register's vocabulary (issue 18, Alerts): how a risk is answered, where it stands, and how
likelihood and impact (1-5 each) combine into a rating band. Written in our own words; the codes are what the API
and the exports carry, the labels what people read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MitigationKind(models.TextChoices):
    POLITICAL_EDUCATION = "political_education", _("Political education for voters and parties")
    FORKOPIMDA = "forkopimda", _("Coordination with the Forkopimda")
    COMMUNITY_DIALOGUE = "community_dialogue", _("Dialogue with community, customary or religious leaders")
    SECURITY_REQUEST = "security_request", _("Request for security deployment")
    CLARIFICATION = "clarification", _("Socialisation or public clarification")
    OTHER = "other", _("Other measure")


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    MITIGATING = "mitigating", _("Being mitigated")
    MONITORED = "monitored", _("Monitored")
    CLOSED = "closed", pgettext_lazy("risk status", "Closed")


# Rating = likelihood x impact (1-25), banded as in the usual 5x5 risk matrix.
BANDS = (("low", 1, 4), ("medium", 5, 9), ("high", 10, 16), ("extreme", 17, 25))
BAND_LABELS = {"low": _("Low"), "medium": _("Medium"), "high": _("High"), "extreme": _("Extreme")}
SCALE = range(1, 6)


def rating_of(likelihood: int, impact: int) -> int:
    return likelihood * impact


def band_of(rating: int) -> str:
    for name, low, high in BANDS:
        if low <= rating <= high:
            return name
    raise ValueError(f"rating {rating} outside 1-25")


def band_minimum(band: str) -> int:
    return next(low for name, low, _high in BANDS if name == band)
