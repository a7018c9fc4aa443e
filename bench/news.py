"""Group `news`: the framework-free news analysis (places, then the full analysis) on one core.

Figures: `gazetteer_cold_build_s` (from the region files into an empty cache), `gazetteer_build_s` (from the
disk cache), `analyze_places_articles_per_s_core` (places only, ~3 KB articles, CPU time),
`analyze_articles_per_s_core` (places + relevance + type + actors + dates + casualties), and
`analyze_peak_mb` (peak resident memory of this process after all of it).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from waspada.nlp import evaluate  # noqa: E402 - after the path set-up above
from waspada.nlp.events import get_classifier  # noqa: E402
from waspada.nlp.gazetteer import Gazetteer  # noqa: E402


def _data_dir() -> Path:
    return Path(os.environ.get("WASPADA_DATA_DIR") or ROOT / "data").resolve()


def run() -> dict[str, Any]:
    data_dir = _data_dir()
    with tempfile.TemporaryDirectory(prefix="waspada-bench-news-") as cache:
        os.environ["WASPADA_CACHE_DIR"] = cache
        started = time.perf_counter()
        Gazetteer.from_data_dir(data_dir, cache_dir=cache)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        gazetteer = Gazetteer.from_data_dir(data_dir, cache_dir=cache)
        warm = time.perf_counter() - started
        places = evaluate.measure_throughput(gazetteer, evaluate.read_labelled(), seconds=3.0)
        classifier = get_classifier(data_dir=data_dir, cache_dir=cache)
        full = evaluate.news_throughput(gazetteer, seconds=3.0, classifier=classifier)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "gazetteer_cold_build_s": round(cold, 2),
        "gazetteer_build_s": round(warm, 2),
        "analyze_places_articles_per_s_core": places["typical"]["articles_per_second"],
        "analyze_places_dense_articles_per_s_core": places["dense"]["articles_per_second"],
        "analyze_articles_per_s_core": full["analyze_articles_per_s_core"],
        "analyze_dense_articles_per_s_core": full["dense"]["articles_per_second"],
        "model_version": full["model_version"],
        "analyze_peak_mb": round(peak_mb, 1),
        "targets": {"analyze_places_articles_per_s_core": ">= 500", "analyze_articles_per_s_core": ">= 500",
                    "gazetteer_build_s": "< 3", "analyze_peak_mb": "< 500"},
    }
