"""Every feature the forecast models use is named in words on the forecast pages, never shown as a code."""

from __future__ import annotations

from django.utils import translation

from waspada.alerts.forecast_selectors import STEMS, feature_words
from waspada.analytics.features import FEATURES


def test_every_model_feature_has_words_in_both_languages() -> None:
    for name in FEATURES:
        stem = name.rsplit("_", 1)[0] if name[-1] == "d" and name.rsplit("_", 1)[-1][:-1].isdigit() else name
        assert stem in STEMS, f"{name}: no words for {stem!r} in forecast_selectors.STEMS"
    with translation.override("id"):
        assert feature_words("violence_30d") == "Bentrokan dengan kekerasan, 30 hari terakhir"
        assert feature_words("days_since_serious") == "Hari sejak insiden serius terakhir"
    with translation.override("en"):
        assert feature_words("violence_30d").startswith("Violent clashes")
