"""`waspada nlp train`: fit the event model from a labelled .jsonl file, evaluate it, and write the
model with a metadata JSON (training-set description, source hash, evaluation).

Input lines follow docs/labelling-guide.md: {"id", "title", "text", "published_at", "relevant",
"event_type", ...}. Analysts' verified and rejected items export to the same shape (verified ->
relevant with the incident's type, rejected -> relevant false), so retraining from them is the same
command on a different file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from waspada.nlp import model as mdl
from waspada.nlp.domain import find_domain_dir, load_taxonomy
from waspada.nlp.evaluate import score_events
from waspada.nlp.events import EventClassifier, default_cache_dir, model_version, parse_published
from waspada.nlp.normalize import stemmer


class TrainingInputError(ValueError):
    """The labelled file is missing or malformed (a usage error: exit 2)."""


def read_labelled_items(path: str | os.PathLike[str], codes: tuple[str, ...]) -> tuple[list[dict[str, Any]], bytes]:
    p = Path(path)
    if not p.is_file():
        raise TrainingInputError(f"labelled file not found: {path}")
    raw = p.read_bytes()
    items: list[dict[str, Any]] = []
    for n, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainingInputError(f"{path} line {n}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text", ""), str):
            raise TrainingInputError(f"{path} line {n}: expected an object with a string 'text'")
        if "relevant" not in obj:
            raise TrainingInputError(f"{path} line {n}: missing 'relevant' (true/false)")
        if obj.get("relevant") and obj.get("event_type") not in codes:
            raise TrainingInputError(f"{path} line {n}: 'event_type' {obj.get('event_type')!r} is not a taxonomy "
                                     f"code ({', '.join(codes)})")
        items.append(obj)
    if not items:
        raise TrainingInputError(f"{path}: no items")
    return items, raw


def _held_out(item: dict[str, Any]) -> bool:
    key = str(item.get("scenario") or item.get("id") or item.get("text", "")[:200])
    return hashlib.sha256(key.encode()).digest()[0] < 52  # ~20%, stable per item


def train(input_file: str | os.PathLike[str], *, output: str | os.PathLike[str] | None = None,
          eval_file: str | os.PathLike[str] | None = None, domain_dir: str | os.PathLike[str] | None = None,
          data_dir: str | os.PathLike[str] | None = None,
          cache_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    dd = find_domain_dir(domain_dir, data_dir)
    tax = load_taxonomy(dd)
    st = stemmer()
    items, raw = read_labelled_items(input_file, tax.codes)
    version = model_version(raw, tax)
    if eval_file:
        eval_items, _ = read_labelled_items(eval_file, tax.codes)
        fit_items, on = items, f"--eval {eval_file}"
    else:
        eval_items = [i for i in items if _held_out(i)]
        fit_items = [i for i in items if not _held_out(i)]
        on = "held-out 20% of --input (model refitted on all items afterwards)"
    probe = mdl.fit(fit_items, st, tax.codes, version)
    clf = EventClassifier(tax, probe, stem=st, domain_dir=dd)
    preds = [clf.classify(str(i.get("title") or ""), str(i.get("text") or ""), parse_published(i.get("published_at")))
             for i in eval_items]
    evaluation = score_events(eval_items, preds) if eval_items else {"items": 0}
    evaluation["on"] = on
    final = probe if eval_file else mdl.fit(items, st, tax.codes, version)
    out = Path(output) if output else default_cache_dir(cache_dir) / "nlp-models" / version
    meta = {
        "model_version": version,
        "trained_at": mdl.now_iso(),
        "code_version": mdl.CODE_VERSION,
        "training_file": str(input_file),
        "training_sha256": hashlib.sha256(raw).hexdigest(),
        "taxonomy_sha256": tax.sha256,
        "training_set": mdl.describe(items),
        "evaluation": evaluation,
        "output": str(out),
    }
    mdl.save(final, out, meta)
    return meta
