"""Why a region scores what it scores, and why it moved (docs/index.md, Explanations).

contributions: the items (answered indicators and incident types) carrying the most points of the composite,
    each {"code", "label_id", "label_en", "kind", "value", "score", "weight", "points"} (+ "count" for incidents).
reasons: since the previous computation, the items whose points changed most, each {"kind", "code", "before",
    "after", "effect", "text_id", "text_en"}: an answer's score before/after, an incident type's count
    before/after, and the coverage when it changed; `effect` is the change in points it made to the composite.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_EFFECT = 0.05  # points: smaller moves (the decay of old incidents, rounding) are not named as reasons


def contributions(inputs: Mapping[str, Any], top: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for kind, key in (("answer", "answers"), ("incident", "incidents")):
        for code, item in inputs.get(key, {}).items():
            entry = {"code": code, "label_id": item.get("label_id", code), "label_en": item.get("label_en", code),
                     "kind": kind, "value": item.get("value"), "score": item["score"], "weight": item["weight"],
                     "points": round(item["points"], 2)}  # fmt: skip
            if kind == "incident":
                entry["count"] = item.get("count", 0)
            items.append(entry)
    items.sort(key=lambda e: (-e["points"], e["kind"], e["code"]))
    return [e for e in items if e["points"] > 0][:top]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _answer_reason(code: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    before = old["score"] if old else None
    after = new["score"] if new else None
    effect = (new["points"] if new else 0.0) - (old["points"] if old else 0.0)
    label = new or old or {}
    label_id, label_en = label.get("label_id", code), label.get("label_en", code)
    if old is None:
        text_id = f"Jawaban baru «{label_id}»: skor {_fmt(after)} ({effect:+.1f} poin)."
        text_en = f"New answer «{label_en}»: score {_fmt(after)} ({effect:+.1f} points)."
    elif new is None:
        text_id = f"Jawaban «{label_id}» tidak lagi dihitung (sebelumnya skor {_fmt(before)}; {effect:+.1f} poin)."
        text_en = f"Answer «{label_en}» no longer counted (score was {_fmt(before)}; {effect:+.1f} points)."
    else:
        text_id = f"Skor «{label_id}» berubah dari {_fmt(before)} menjadi {_fmt(after)} ({effect:+.1f} poin)."
        text_en = f"Score of «{label_en}» went from {_fmt(before)} to {_fmt(after)} ({effect:+.1f} points)."
    return {"kind": "answer", "code": code, "before": before, "after": after, "effect": round(effect, 2),
            "text_id": text_id, "text_en": text_en}  # fmt: skip


def _incident_reason(code: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    before = old["count"] if old else 0
    after = new["count"] if new else 0
    effect = (new["points"] if new else 0.0) - (old["points"] if old else 0.0)
    label = new or old or {}
    label_id, label_en = label.get("label_id", code), label.get("label_en", code)
    text_id = f"Insiden «{label_id}» dalam jendela pengamatan: {before} menjadi {after} ({effect:+.1f} poin)."
    text_en = f"Incidents «{label_en}» in the look-back window: {before} to {after} ({effect:+.1f} points)."
    return {"kind": "incident", "code": code, "before": before, "after": after, "effect": round(effect, 2),
            "text_id": text_id, "text_en": text_en}  # fmt: skip


def reasons(previous: Any, result: Any, top: int) -> list[dict[str, Any]]:
    """What moved `result` (a compute.RegionResult) since `previous` (the region's RegionScore in the previous run)."""
    old_inputs: Mapping[str, Any] = previous.inputs or {}
    new_inputs: Mapping[str, Any] = result.inputs or {}
    found: list[dict[str, Any]] = []
    for key, make in (("answers", _answer_reason), ("incidents", _incident_reason)):
        old_items, new_items = old_inputs.get(key, {}), new_inputs.get(key, {})
        for code in sorted(set(old_items) | set(new_items)):
            reason = make(code, old_items.get(code), new_items.get(code))
            moved = reason["before"] != reason["after"]
            if abs(reason["effect"]) >= MIN_EFFECT or (moved and key == "incidents"):
                found.append(reason)
    found.sort(key=lambda r: (-abs(r["effect"]), r["kind"], r["code"]))
    found = found[:top]
    if round(previous.coverage, 2) != round(result.coverage, 2):
        before, after = round(previous.coverage * 100), round(result.coverage * 100)
        found.insert(0, {"kind": "coverage", "code": "coverage", "before": previous.coverage, "after": result.coverage,
                         "effect": None,
                         "text_id": f"Cakupan jawaban berubah dari {before}% menjadi {after}%.",
                         "text_en": f"Answer coverage went from {before}% to {after}%."})  # fmt: skip
    return found
