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

from waspada import datafiles
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

    with datafiles.open_text(path) as fh:  # the file or its .gz
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
                analyze_item(a, gaz, places_only=True)
                done += 1
                chars += len(a["text"])
        elapsed = time.process_time() - t0
        result[label] = {"articles": done, "cpu_seconds": round(elapsed, 2),
                         "articles_per_second": round(done / elapsed, 1),
                         "mean_article_chars": round(chars / done) if done else 0}
    return result


# -- part 2: relevance, event type, actors, casualties, dates --------------------------------------


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


NOT_RELEVANT = "not_relevant"


def score_events(items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    """Compare predictions (analysis outputs) with labelled items (see docs/labelling-guide.md).

    relevance: precision/recall/F1 of `relevant`. event type: per-type F1 of the best type, where a
    relevant item predicted not relevant counts as a miss and a non-relevant item predicted relevant
    as a false type; macro-F1 averages the types present in the gold set. actors: per item the set
    of actor types (and party names); exact-set accuracy and micro P/R/F1. casualties: an item is
    right when dead and injured both match (null = not stated). event_date: exact match (null too).
    """
    tp = fp = fn = 0
    confusion: dict[str, dict[str, int]] = {}
    per_type: dict[str, list[int]] = {}
    act_exact = act_tp = act_fp = act_fn = 0
    cas_ok = cas_stated = cas_stated_ok = 0
    date_ok = date_stated = date_stated_ok = 0
    for item, pred in zip(items, predictions, strict=True):
        g_rel, p_rel = bool(item.get("relevant")), bool(pred.get("relevant"))
        tp += g_rel and p_rel
        fp += (not g_rel) and p_rel
        fn += g_rel and not p_rel
        g_type = item.get("event_type") if g_rel else NOT_RELEVANT
        p_type = pred["event_types"][0]["code"] if p_rel and pred.get("event_types") else NOT_RELEVANT
        g_type = g_type or NOT_RELEVANT
        row = confusion.setdefault(g_type, {})
        row[p_type] = row.get(p_type, 0) + 1
        for t in {g_type, p_type} - {NOT_RELEVANT}:
            c = per_type.setdefault(t, [0, 0, 0])
            if g_type == t and p_type == t:
                c[0] += 1
            elif p_type == t:
                c[1] += 1
            else:
                c[2] += 1
        g_act = {_actor_key(a) for a in item.get("actors") or []}
        p_act = {_actor_key(a) for a in pred.get("actors") or []}
        act_exact += g_act == p_act
        act_tp += len(g_act & p_act)
        act_fp += len(p_act - g_act)
        act_fn += len(g_act - p_act)
        g_cas = item.get("casualties") or {"dead": None, "injured": None}
        p_cas = pred.get("casualties") or {}
        ok = g_cas.get("dead") == p_cas.get("dead") and g_cas.get("injured") == p_cas.get("injured")
        cas_ok += ok
        if g_cas.get("dead") is not None or g_cas.get("injured") is not None:
            cas_stated += 1
            cas_stated_ok += ok
        d_ok = item.get("event_date") == pred.get("event_date")
        date_ok += d_ok
        if item.get("event_date"):
            date_stated += 1
            date_stated_ok += d_ok
    n = len(items)
    p, r, f = _prf(tp, fp, fn)
    gold_types = sorted({str(i["event_type"]) for i in items if i.get("relevant") and i.get("event_type")})
    type_f1 = {t: round(_prf(*per_type.get(t, [0, 0, 0]))[2], 4) for t in gold_types}
    ap, ar, af = _prf(act_tp, act_fp, act_fn)
    return {
        "items": n,
        "relevance": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                      "tp": tp, "fp": fp, "fn": fn},
        "event_type": {"macro_f1": round(sum(type_f1.values()) / len(type_f1), 4) if type_f1 else 0.0,
                       "per_type_f1": type_f1},
        "actors": {"exact_set_accuracy": round(act_exact / n, 4) if n else 0.0,
                   "precision": round(ap, 4), "recall": round(ar, 4), "f1": round(af, 4)},
        "casualties": {"accuracy": round(cas_ok / n, 4) if n else 0.0,
                       "accuracy_where_stated": round(cas_stated_ok / cas_stated, 4) if cas_stated else 0.0,
                       "stated": cas_stated},
        "event_date": {"accuracy": round(date_ok / n, 4) if n else 0.0,
                       "accuracy_where_stated": round(date_stated_ok / date_stated, 4) if date_stated else 0.0,
                       "stated": date_stated},
        "confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
    }


def _actor_key(a: dict[str, Any]) -> str:
    # Party names are compared too; other types by type only (names are canonical labels).
    return f"{a['type']}:{a['name']}" if a.get("type") == "political_party" else str(a.get("type"))


def evaluate_events(gaz: Gazetteer, items: list[dict[str, Any]], classifier: Any = None,
                    data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Full analysis of labelled news items and the part-2 figures (plus main kab/kota accuracy). With
    `data_dir`, each figure also has its baseline on the same items under `baselines` (the most-mentioned
    kab/kota name, the two-regex relevance rule, that rule plus the most frequent type)."""
    preds = [analyze_item(i, gaz, classifier=classifier) for i in items]
    errors = [p for p in preds if "error" in p]
    if errors:
        raise RuntimeError(f"{len(errors)} items failed, first: {errors[0]['error']}")
    report = score_events(items, preds)
    placed = [(i, p) for i, p in zip(items, preds, strict=True) if i.get("expected")]
    ok = sum(1 for i, p in placed
             if p["main_location"] and kabkota_of(gaz, p["main_location"]["code"]) == i["expected"])
    report["main_kabkota_accuracy"] = round(ok / len(placed), 4) if placed else 0.0
    report["model_version"] = preds[0]["model_version"] if preds else None
    if data_dir is not None:
        from collections import Counter

        from waspada.nlp import realnews

        names = realnews.KabKotaNames.from_data_dir(data_dir)
        texts = [f"{i.get('title') or ''}\n\n{i.get('text') or ''}" for i in items]
        base_ok = sum(names.most_mentioned(t) == i["expected"] for i, t in zip(items, texts, strict=True)
                      if i.get("expected"))
        rules = [realnews.two_regex_relevant(t) for t in texts]
        gold = Counter(str(i["event_type"]) for i in items if i.get("relevant") and i.get("event_type"))
        majority = gold.most_common(1)[0][0] if gold else NOT_RELEVANT
        base = score_events(items, [{"relevant": r, "event_types": [{"code": majority}] if r else []} for r in rules])
        report["baselines"] = {
            "main_kabkota_most_mentioned_name": round(base_ok / len(placed), 4) if placed else 0.0,
            "relevance_two_regex": base["relevance"],
            "event_type_most_frequent": {"type": majority, "macro_f1": base["event_type"]["macro_f1"]},
        }
    return report


def news_throughput(gaz: Gazetteer, seconds: float = 3.0, classifier: Any = None) -> dict[str, Any]:
    """`analyze_articles_per_s_core` for bench/run --json news: full analysis (places, relevance,
    types, actors, dates, casualties) of ~3 KB articles, CPU time on one core, after one warm-up
    pass (stem cache filled, as in a long-running worker; the warm-up pass is reported too).

    typical: one labelled news story padded to 3 KB with the place-free texts of the part-1 set
    (one story per article, like real coverage); dense: 3 KB of several stories back to back
    (several events, datelines and ~10 places per article, a worst case).
    """
    from waspada.nlp.events import eval_path, get_classifier, read_jsonl, training_path

    clf = classifier or get_classifier()
    news = read_jsonl(training_path()) + read_jsonl(eval_path())
    filler = [i["text"] for i in read_labelled() if not i.get("expected") and i.get("text")] or ["Warga berkumpul."]
    result: dict[str, Any] = {"model_version": clf.version}
    for label in ("typical", "dense"):
        articles: list[dict[str, Any]] = []
        k = 0
        for n, item in enumerate(news[:300]):
            buf = [item["text"]]
            while sum(len(b) + 2 for b in buf) < 3000:
                k += 1
                buf.append(news[(n + k) % len(news)]["text"] if label == "dense" else filler[k % len(filler)])
            articles.append({"id": n, "title": item["title"], "text": "\n\n".join(buf)[:3000],
                             "published_at": item["published_at"]})
        t0 = time.process_time()
        for a in articles:
            analyze_item(a, gaz, classifier=clf)
        first = time.process_time() - t0
        done = 0
        t0 = time.process_time()
        while time.process_time() - t0 < seconds:
            for a in articles:
                analyze_item(a, gaz, classifier=clf)
                done += 1
        elapsed = time.process_time() - t0
        result[label] = {"articles_per_second": round(done / elapsed, 1),
                         "first_pass_articles_per_second": round(len(articles) / first, 1),
                         "articles": done, "cpu_seconds": round(elapsed, 2),
                         "mean_article_chars": round(sum(len(a["title"]) + len(a["text"]) for a in articles)
                                                     / len(articles))}
    result["analyze_articles_per_s_core"] = result["typical"]["articles_per_second"]
    return result
