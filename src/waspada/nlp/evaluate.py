"""Evaluation: place-mention precision/recall on NERP and main kab/kota accuracy on labelled texts.

NERP marks place mentions (PLC) but not which region they are, and most PLC spans are countries,
streets and buildings. Recall is therefore reported on the spans that name an Indonesian region or
island (see `is_region_span`) and also overall; precision counts a resolved mention as right when
it overlaps any PLC span.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from waspada.nlp.analyze import analyze_item
from waspada.nlp.gazetteer import KABKOTA_LEVELS, Gazetteer
from waspada.nlp.text import norm_key

_SPAN_CUES = frozenset(
    [
        "kabupaten",
        "kab",
        "kota",
        "kecamatan",
        "kec",
        "desa",
        "kelurahan",
        "kel",
        "provinsi",
        "propinsi",
        "pulau",
    ]
)


@dataclass(slots=True)
class Sentence:
    text: str
    plc: list[tuple[int, int]]  # character spans of PLC entities


def read_nerp(path: str | os.PathLike[str], limit: int | None = None) -> list[Sentence]:
    """Sentences of a NERP file (token<TAB>BIO-tag lines, blank line between sentences)."""
    out: list[Sentence] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        text_parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        open_span: list[int] | None = None
        for tok, tag in tokens:
            start = pos
            text_parts.append(tok)
            pos += len(tok) + 1
            if tag == "B-PLC" or (tag == "I-PLC" and open_span is None):
                if open_span:
                    spans.append((open_span[0], open_span[1]))
                open_span = [start, start + len(tok)]
            elif tag == "I-PLC" and open_span is not None:
                open_span[1] = start + len(tok)
            elif open_span is not None:
                spans.append((open_span[0], open_span[1]))
                open_span = None
        if open_span is not None:
            spans.append((open_span[0], open_span[1]))
        out.append(Sentence(" ".join(text_parts), spans))
        tokens.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    flush()
                    if limit is not None and len(out) >= limit:
                        return out
                continue
            tok, _, tag = line.partition("\t")
            tokens.append((tok, tag.strip() or "O"))
    if tokens:
        flush()
    return out[:limit] if limit is not None else out


def is_region_span(gaz: Gazetteer, span_text: str) -> bool:
    """Does a PLC span name an Indonesian region or island?

    Yes when its whole text (after an optional level word) is a province, kab/kota or kecamatan
    name or short form, a major island, or a desa/island name written with its level word.
    Bare village names are not counted: without a cue they are indistinguishable from words.
    """
    words = norm_key(span_text).split()
    cue = bool(words) and words[0] in _SPAN_CUES and len(words) > 1
    key = " ".join(words[1:] if cue else words)
    kid = gaz.key_ids.get(key)
    if kid is None:
        return False
    for i, _kind in gaz.entries[kid]:
        p = gaz.places[i]
        if p.level in KABKOTA_LEVELS or p.level in ("province", "kecamatan") or cue:
            return True
        if p.level == "island" and p.kabkota_code is None and p.populated:
            return True
    return False


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def evaluate_nerp(gaz: Gazetteer, sentences: list[Sentence]) -> dict[str, Any]:
    tp = fp = 0
    found_all = found_region = n_plc = n_region = 0
    for n, sent in enumerate(sentences):
        res = analyze_item({"id": n, "text": sent.text}, gaz)
        mentions = [(m["start"], m["end"]) for loc in res.get("locations", []) for m in loc["mentions"]]
        for m in mentions:
            if _overlaps(m, sent.plc):
                tp += 1
            else:
                fp += 1
        for span in sent.plc:
            hit = _overlaps(span, mentions)
            n_plc += 1
            found_all += hit
            if is_region_span(gaz, sent.text[span[0] : span[1]]):
                n_region += 1
                found_region += hit
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall_region = found_region / n_region if n_region else 0.0
    recall_all = found_all / n_plc if n_plc else 0.0

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "sentences": len(sentences),
        "plc_spans": n_plc,
        "region_spans": n_region,
        "resolved_mentions": tp + fp,
        "precision": round(precision, 4),
        "recall_region": round(recall_region, 4),
        "recall_overall": round(recall_all, 4),
        "f1_region": round(f1(precision, recall_region), 4),
        "f1_overall": round(f1(precision, recall_all), 4),
        "false_places_per_1000_sentences": round(1000 * fp / len(sentences), 1) if sentences else 0.0,
    }


def labelled_path() -> Path:
    return Path(str(resources.files("waspada.nlp") / "eval_data" / "labelled_news.jsonl"))


def read_labelled(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    with open(path or labelled_path(), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def kabkota_of(gaz: Gazetteer, code: str) -> str:
    """A code truncated to its kab/kota (a province or an unplaced island stays at province)."""
    place = gaz.place(code)
    if place is None:
        return code
    return place.kabkota_code or place.province_code


def evaluate_labelled(gaz: Gazetteer, items: list[dict[str, Any]]) -> dict[str, Any]:
    correct = 0
    wrong: list[dict[str, Any]] = []
    for item in items:
        res = analyze_item(item, gaz)
        main = res.get("main_location")
        got = kabkota_of(gaz, main["code"]) if main else None
        if got == item.get("expected"):
            correct += 1
        else:
            wrong.append({"id": item.get("id"), "expected": item.get("expected"), "got": got})
    n = len(items)
    return {
        "texts": n,
        "correct": correct,
        "main_kabkota_accuracy": round(correct / n, 4) if n else 0.0,
        "wrong": wrong,
    }


def _articles(items: list[dict[str, Any]], size: int = 3000, dense: bool = False) -> list[dict[str, Any]]:
    """~3 KB articles built from the labelled texts (their own wording).

    typical: one place-bearing text padded with the place-free texts, about the place density of
    a real article; dense: place-bearing texts only (~40 place mentions per article, worst case).
    """
    placed = [i["text"] for i in items if i.get("expected") and i.get("text")]
    filler = [i["text"] for i in items if not i.get("expected") and i.get("text")] or ["Warga berkumpul."]
    out: list[dict[str, Any]] = []
    for n, text in enumerate(placed):
        buf = [text]
        k = n
        while sum(len(b) + 2 for b in buf) < size:
            k += 1
            buf.append(placed[k % len(placed)] if dense else filler[k % len(filler)])
        out.append({"id": n, "title": "", "text": "\n\n".join(buf)[:size]})
    return out


def measure_throughput(gaz: Gazetteer, items: list[dict[str, Any]], seconds: float = 2.0) -> dict[str, Any]:
    """Articles per CPU second on one core (CPU time, so other load on the machine matters less)."""
    result: dict[str, Any] = {}
    for label, dense in (("typical", False), ("dense", True)):
        articles = _articles(items, dense=dense)
        done = chars = 0
        t0 = time.process_time()
        while time.process_time() - t0 < seconds:
            for a in articles:
                analyze_item(a, gaz)
                done += 1
                chars += len(a["text"])
        elapsed = time.process_time() - t0
        result[label] = {"articles": done, "cpu_seconds": round(elapsed, 2),
                         "articles_per_second": round(done / elapsed, 1),
                         "mean_article_chars": round(chars / done) if done else 0}
    return result
