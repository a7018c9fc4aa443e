"""tools/generate_news.py writes the labelled sets where the app reads them, from pools beside it."""

from __future__ import annotations

from tools import gen_pools
from tools.generate_news import EVAL_DATA
from waspada.nlp import events


def test_default_output_is_where_the_event_model_reads() -> None:
    assert EVAL_DATA == events.training_path().parent == events.eval_path().parent
    assert (EVAL_DATA / "news_train.jsonl").is_file() and (EVAL_DATA / "news_eval.jsonl").is_file()


def test_pools_cover_types_and_negatives() -> None:
    assert gen_pools.TYPES and gen_pools.NEGATIVES and gen_pools.CLOSINGS and gen_pools.BACKGROUND
