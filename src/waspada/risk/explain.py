"""Why a region scores what it scores, and why it moved (docs/index.md, Explanations).

contributions: the items (answered indicators and incident types) carrying the most points of the composite,
    each {"code", "label_id", "label_en", "kind", "value", "score", "weight", "points"} (+ "count" for incidents).
reasons: since the previous computation, the items whose points changed most, each {"kind", "code", "before",
    "after", "effect", "text_id", "text_en"}: an answer's score before/after, an incident type's count
    before/after, and the coverage when it changed; `effect` is the change in points it made to the composite.

Labels (an indicator's question, an event type's name) are not stored with every item: `labels` maps
(kind, code) to (Indonesian, English), from the instrument versions and the taxonomy of the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_EFFECT = 0.05  # points: smaller moves (the decay of old incidents, rounding) are not named as reasons
Labels = Mapping[tuple[str, str], tuple[str, str]]


def contributions(inputs: Mapping[str, Any], top: int, labels: Labels) -> list[dict[str, Any]]:
    ranked: list[tuple[float, str, str, Mapping[str, Any]]] = []
    for kind, key in (("answer", "answers"), ("incident", "incidents")):
        ranked += [(item["points"], kind, code, item) for code, item in inputs.get(key, {}).items()
                   if item["points"] > 0]  # fmt: skip
    ranked.sort(key=lambda entry: (-round(entry[0], 2), entry[1], entry[2]))
    items: list[dict[str, Any]] = []
    for points, kind, code, item in ranked[:top]:
        label_id, label_en = labels.get((kind, code), (code, code))
        entry = {"code": code, "label_id": label_id, "label_en": label_en, "kind": kind, "value": item.get("value"),
                 "score": item["score"], "weight": item["weight"], "points": round(points, 2)}  # fmt: skip
        if kind == "incident":
            entry["count"] = item.get("count", 0)
        items.append(entry)
    return items


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _answer_text(label: tuple[str, str], before: Any, after: Any, effect: float) -> tuple[str, str]:
    label_id, label_en = label
    if before is None:
        return (f"Jawaban baru «{label_id}»: skor {_fmt(after)} ({effect:+.1f} poin).",
                f"New answer «{label_en}»: score {_fmt(after)} ({effect:+.1f} points).")  # fmt: skip
    if after is None:
        return (f"Jawaban «{label_id}» tidak lagi dihitung (sebelumnya skor {_fmt(before)}; {effect:+.1f} poin).",
                f"Answer «{label_en}» no longer counted (score was {_fmt(before)}; {effect:+.1f} points).")  # fmt: skip
    return (f"Skor «{label_id}» berubah dari {_fmt(before)} menjadi {_fmt(after)} ({effect:+.1f} poin).",
            f"Score of «{label_en}» went from {_fmt(before)} to {_fmt(after)} ({effect:+.1f} points).")  # fmt: skip


def _incident_text(label: tuple[str, str], before: Any, after: Any, effect: float) -> tuple[str, str]:
    label_id, label_en = label
    return (f"Insiden «{label_id}» dalam jendela pengamatan: {before} menjadi {after} ({effect:+.1f} poin).",
            f"Incidents «{label_en}» in the look-back window: {before} to {after} ({effect:+.1f} points).")  # fmt: skip


def reasons(previous: Any, result: Any, top: int, labels: Labels) -> list[dict[str, Any]]:
    """What moved `result` (a compute.RegionResult) since `previous` (the region's RegionScore in the previous run)."""
    old_inputs: Mapping[str, Any] = previous.inputs or {}
    new_inputs: Mapping[str, Any] = result.inputs or {}
    found: list[tuple[float, str, str, Any, Any]] = []  # (effect, kind, code, before, after)
    for kind, key, measure, missing in (("answer", "answers", "score", None), ("incident", "incidents", "count", 0)):
        old_items, new_items = old_inputs.get(key, {}), new_inputs.get(key, {})
        for code in set(old_items) | set(new_items):
            old, new = old_items.get(code), new_items.get(code)
            effect = round((new["points"] if new else 0.0) - (old["points"] if old else 0.0), 2)
            before = old[measure] if old else missing
            after = new[measure] if new else missing
            if abs(effect) >= MIN_EFFECT or (kind == "incident" and before != after):
                found.append((effect, kind, code, before, after))
    found.sort(key=lambda r: (-abs(r[0]), r[1], r[2]))
    out: list[dict[str, Any]] = []
    for effect, kind, code, before, after in found[:top]:
        label = labels.get((kind, code), (code, code))
        text_id, text_en = (_answer_text if kind == "answer" else _incident_text)(label, before, after, effect)
        out.append({"kind": kind, "code": code, "before": before, "after": after, "effect": effect,
                    "text_id": text_id, "text_en": text_en})  # fmt: skip
    if round(previous.coverage, 2) != round(result.coverage, 2):
        before_pct, after_pct = round(previous.coverage * 100), round(result.coverage * 100)
        out.insert(0, {"kind": "coverage", "code": "coverage", "before": previous.coverage, "after": result.coverage,
                       "effect": None, "text_id": f"Cakupan jawaban berubah dari {before_pct}% menjadi {after_pct}%.",
                       "text_en": f"Answer coverage went from {before_pct}% to {after_pct}%."})  # fmt: skip
    return out
