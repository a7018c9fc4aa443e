"""Relevance and type that learn from real text: the TF-IDF model and the taxonomy rules stacked, the
relevance score calibrated, the decision threshold and the model/rule weight for types chosen on
held-out folds.

The pipeline (`train_pipeline`), on labelled items (generated and real; real items carry a `scenario`):
1. Every item is read once: its stems (the same words `EventClassifier.classify` reads), TF-IDF features,
   the rule scores per type, and whether it holds an election term (`prepare`).
2. Out-of-fold predictions of the TF-IDF model from K folds GROUPED by scenario (several articles report
   one event; an event is never on both sides of a split): the relevance logit and the type probabilities.
3. Calibration: a logistic regression of the gold relevance on [model logit, strongest rule score, no
   election term, village-head-election terms only], fitted on the out-of-fold predictions (of the real
   items when there are enough, since that is the text the analysis meets). Its output is `relevance`.
4. The threshold on the calibrated score that maximises F1 on the same out-of-fold predictions, and the
   weight `a` of `a * p_model(type) + (1 - a) * rule score` that maximises type macro-F1 there.
5. The TF-IDF model refitted on every item, carrying the calibration, threshold and weight.

`cross_validate` runs the whole pipeline inside an outer grouped split of the real items, so every real
item is predicted by a model (and a calibration, a threshold) that never saw its event: the honest figure.
Framework-free, like the rest of waspada.nlp.
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from waspada.nlp import model as mdl

# When a story holds no election term (or only village-head-election terms) it is not relevant by
# definition (docs/labelling-guide.md): the score is capped below any threshold the pipeline may choose.
CAP_SLOPE, CAP_BIAS = 0.35, 0.1
LEGACY_MODEL_WEIGHT = 0.6  # models without a calibration: the fixed blend of part 2
LEGACY_THRESHOLD = 0.5
NOT_RELEVANT = "not_relevant"


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def relevance_score(
    model: mdl.TextModel, z: float, rule_rel: float, election_terms: int, pilkades_only: bool
) -> tuple[float, bool]:
    """(relevance, relevant) from the model's logit and the rules, as the analysis computes them."""
    capped = election_terms == 0 or pilkades_only
    calib = getattr(model, "rel_calib", None)
    if calib:
        w = calib
        rel = sigmoid(w[0] * z + w[1] * rule_rel + w[2] * (election_terms == 0) + w[3] * pilkades_only + w[4])
        threshold = float(getattr(model, "threshold", LEGACY_THRESHOLD))
    else:
        rel = LEGACY_MODEL_WEIGHT * sigmoid(z) + (1 - LEGACY_MODEL_WEIGHT) * rule_rel
        threshold = LEGACY_THRESHOLD
    if capped:
        rel = min(rel, CAP_SLOPE * rel + CAP_BIAS, threshold - 0.01)
    return rel, rel >= threshold


def type_weight(model: mdl.TextModel) -> float:
    w = getattr(model, "type_weight", None)
    return LEGACY_MODEL_WEIGHT if w is None else float(w)


def type_scores(
    weight: float, probs: dict[str, float], rules: dict[str, float], codes: Sequence[str]
) -> list[tuple[float, str]]:
    """(score, code), best first: weight * p_model(type) + (1 - weight) * rule score."""
    return sorted(((weight * probs.get(c, 0.0) + (1 - weight) * rules.get(c, 0.0), c) for c in codes), reverse=True)


# -- training ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Prepared:
    """One labelled item as the pipeline reads it (computed once, reused by every fold)."""

    id: str
    feats: list[str]
    rule_scores: dict[str, float]
    election_terms: int
    pilkades_only: bool
    relevant: bool
    event_type: str | None
    group: str
    real: bool

    @property
    def rule_rel(self) -> float:
        return max(self.rule_scores.values(), default=0.0)


def prepare(items: list[dict[str, Any]], clf: Any, *, real: bool) -> list[Prepared]:
    """Read items {"id","title","text","relevant","event_type","scenario"} with an EventClassifier's
    stemmer and rules, exactly as `classify` reads the cleaned fields."""
    from waspada.nlp.normalize import field_words
    from waspada.nlp.text import clean_text

    out = []
    for n, it in enumerate(items):
        title = clean_text(str(it.get("title") or "")).replace("\n", " ")
        text = clean_text(str(it.get("text") or ""))
        tf, bf = field_words(title), field_words(text)
        stems = clf.stemmer.stems(tf.words + bf.words)
        rules = clf.lexicon.match(stems, title_tokens=len(tf.words), proper=tf.flags + bf.flags)
        item_id = str(it.get("id") or n)
        out.append(
            Prepared(
                id=item_id,
                feats=mdl.features(stems),
                rule_scores=dict(rules.scores),
                election_terms=rules.election_terms,
                pilkades_only=rules.pilkades_only,
                relevant=bool(it.get("relevant")),
                event_type=it.get("event_type") if it.get("relevant") else None,
                group=str(it.get("scenario") or item_id),
                real=real,
            )
        )
    return out


@dataclass(slots=True)
class Params:
    c_rel: float = 8.0
    c_type: float = 8.0
    real_weight: float = 2.0  # sample weight of a real item against a generated one
    folds: int = 5
    seed: int = 20


def _fit(prep: list[Prepared], codes: Sequence[str], params: Params, version: str) -> mdl.TextModel:
    items = [{"relevant": p.relevant, "event_type": p.event_type} for p in prep]
    weights = [params.real_weight if p.real else 1.0 for p in prep]
    return mdl.fit(
        items,
        None,
        codes,
        version,
        c_rel=params.c_rel,
        c_type=params.c_type,
        docs=[p.feats for p in prep],
        sample_weight=weights,
    )


@dataclass(slots=True)
class _Raw:
    z: float
    probs: dict[str, float]


def _raw(model: mdl.TextModel, p: Prepared) -> _Raw:
    idx, val = model.vectorize(p.feats)
    z = model.relevance_logit(idx, val)
    probs = dict(zip(model.type_codes, model.type_probs(idx, val).tolist(), strict=True))
    return _Raw(z, probs)


def grouped_folds(prep: list[Prepared], k: int, seed: int) -> list[list[int]]:
    """k test folds of item indices; every group (scenario) in one fold; folds balanced in relevance."""
    from sklearn.model_selection import StratifiedGroupKFold

    groups = [p.group for p in prep]
    y = [p.event_type or NOT_RELEVANT for p in prep]
    # Rare labels would make the stratification complain; relevance is what must be balanced.
    counts: dict[str, int] = {}
    for lab in y:
        counts[lab] = counts.get(lab, 0) + 1
    y = [lab if counts[lab] >= k else ("rel" if lab != NOT_RELEVANT else NOT_RELEVANT) for lab in y]
    k = max(2, min(k, len(set(groups))))
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    with warnings.catch_warnings():  # "the least populated class has fewer members than folds": expected
        warnings.simplefilter("ignore", UserWarning)
        return [sorted(test.tolist()) for _train, test in splitter.split(np.zeros(len(prep)), y, groups)]


def _calibrate(rows: list[tuple[Prepared, _Raw]]) -> list[float]:
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r.z, p.rule_rel, float(p.election_terms == 0), float(p.pilkades_only)] for p, r in rows])
    y = np.array([int(p.relevant) for p, _ in rows])
    if len(set(y.tolist())) < 2:
        return [1.0, 0.0, 0.0, 0.0, 0.0]
    lr = LogisticRegression(C=1.0, max_iter=2000)
    lr.fit(x, y)
    return [float(v) for v in lr.coef_[0]] + [float(lr.intercept_[0])]


def _f1(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 over the types present in the gold labels (not_relevant is not a type)."""
    types = sorted({g for g in gold if g != NOT_RELEVANT})
    if not types:
        return 0.0
    total = 0.0
    for t in types:
        tp = sum(g == t and p == t for g, p in zip(gold, pred, strict=True))
        fp = sum(p == t and g != t for g, p in zip(gold, pred, strict=True))
        fn = sum(g == t and p != t for g, p in zip(gold, pred, strict=True))
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(types)


THRESHOLDS = [round(0.2 + 0.01 * i, 2) for i in range(61)]  # 0.20 .. 0.80
TYPE_WEIGHTS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]


def train_pipeline(
    prep: list[Prepared],
    codes: Sequence[str],
    params: Params,
    version: str,
    progress: Callable[[str], None] | None = None,
) -> tuple[mdl.TextModel, dict[str, Any]]:
    """The model fitted on `prep` with its calibration, threshold and type weight (see the module doc),
    and a report of the out-of-fold figures the choices were made on."""
    oof: list[tuple[Prepared, _Raw]] = []
    for n, test in enumerate(grouped_folds(prep, params.folds, params.seed)):
        if progress:
            progress(f"inner fold {n + 1}")
        tset = set(test)
        m = _fit([p for i, p in enumerate(prep) if i not in tset], codes, params, version)
        oof += [(prep[i], _raw(m, prep[i])) for i in test]
    real = [(p, r) for p, r in oof if p.real]
    val = real if len(real) >= 40 and len({p.relevant for p, _ in real}) == 2 else oof
    calib = _calibrate(val)
    probe = mdl.TextModel({}, np.zeros(0), np.zeros(0), 0.0, [], np.zeros((0, 0)), np.zeros(0), version)
    probe.rel_calib = calib
    best_t, best_f = LEGACY_THRESHOLD, -1.0
    gold = [p.relevant for p, _ in val]
    scores = [relevance_score(probe, r.z, p.rule_rel, p.election_terms, p.pilkades_only)[0] for p, r in val]
    for t in THRESHOLDS:
        f = _f1(gold, [s >= t for s in scores])
        # ties: the threshold nearest 0.5 (a calibrated score's natural cut)
        if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_f = t, f
    relevant_val = [(p, r) for p, r in val if p.relevant and p.event_type]
    best_w, best_m = LEGACY_MODEL_WEIGHT, -1.0
    for w in TYPE_WEIGHTS:
        pred = [type_scores(w, r.probs, p.rule_scores, codes)[0][1] for p, r in relevant_val]
        mf = macro_f1([str(p.event_type) for p, _ in relevant_val], pred)
        if mf > best_m + 1e-9:
            best_w, best_m = w, mf
    if progress:
        progress("final fit")
    final = _fit(prep, codes, params, version)
    final.rel_calib = calib
    final.threshold = best_t
    final.type_weight = best_w
    report = {
        "validation_items": len(val),
        "validation_on": "real items, out of fold" if val is real else "all items, out of fold",
        "calibration": {
            "features": ["model_logit", "max_rule_score", "no_election_term", "pilkades_only"],
            "coef": [round(c, 4) for c in calib[:4]],
            "bias": round(calib[4], 4),
        },
        "threshold": best_t,
        "threshold_validation_f1": round(best_f, 4),
        "type_weight": best_w,
        "type_validation_macro_f1": round(best_m, 4),
    }
    return final, report


def predict(model: mdl.TextModel, p: Prepared, codes: Sequence[str]) -> tuple[float, bool, str]:
    """(relevance, relevant, best type or not_relevant) of a prepared item, as `classify` decides."""
    raw = _raw(model, p)
    rel, ok = relevance_score(model, raw.z, p.rule_rel, p.election_terms, p.pilkades_only)
    if not ok:
        return rel, False, NOT_RELEVANT
    return rel, True, type_scores(type_weight(model), raw.probs, p.rule_scores, codes)[0][1]


def figures(items: list[Prepared], preds: list[tuple[float, bool, str]]) -> dict[str, float]:
    gold_rel = [p.relevant for p in items]
    pred_rel = [x[1] for x in preds]
    tp = sum(g and q for g, q in zip(gold_rel, pred_rel, strict=True))
    fp = sum(q and not g for g, q in zip(gold_rel, pred_rel, strict=True))
    fn = sum(g and not q for g, q in zip(gold_rel, pred_rel, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    gold_t = [str(p.event_type) if p.relevant and p.event_type else NOT_RELEVANT for p in items]
    return {
        "relevance_precision": round(prec, 4),
        "relevance_recall": round(rec, 4),
        "relevance_f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "type_macro_f1": round(macro_f1(gold_t, [x[2] for x in preds]), 4),
    }


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "mean": round(statistics.fmean(values), 4),
        "std": round(statistics.pstdev(values), 4) if len(values) > 1 else 0.0,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def cross_validate(
    real: list[Prepared],
    generated: list[Prepared],
    codes: Sequence[str],
    params: Params,
    version: str = "cv",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Outer grouped K-fold over the real items: the pipeline trained on the generated items and the
    other folds' real items, tested on the held-out fold. Per-fold figures with mean and spread, and the
    figures of all held-out predictions pooled."""
    folds = grouped_folds(real, params.folds, params.seed + 1)
    per_fold: list[dict[str, Any]] = []
    pooled_items: list[Prepared] = []
    pooled_preds: list[tuple[float, bool, str]] = []
    for n, test in enumerate(folds):
        if progress:
            progress(f"outer fold {n + 1}/{len(folds)}")
        tset = set(test)
        train = generated + [p for i, p in enumerate(real) if i not in tset]
        model, rep = train_pipeline(train, codes, params, version)
        held = [real[i] for i in test]
        preds = [predict(model, p, codes) for p in held]
        fig = figures(held, preds)
        fig.update(
            items=len(held),
            groups=len({p.group for p in held}),
            threshold=rep["threshold"],
            type_weight=rep["type_weight"],
        )
        per_fold.append(fig)
        pooled_items += held
        pooled_preds += preds
    keys = ("relevance_precision", "relevance_recall", "relevance_f1", "type_macro_f1")
    return {
        "folds": len(folds),
        "grouped_by": "scenario",
        "items": len(real),
        "groups": len({p.group for p in real}),
        "per_fold": per_fold,
        **{k: _spread([f[k] for f in per_fold]) for k in keys},
        "pooled": figures(pooled_items, pooled_preds),
        "params": {
            "c_rel": params.c_rel,
            "c_type": params.c_type,
            "real_weight": params.real_weight,
            "folds": params.folds,
            "seed": params.seed,
        },
    }
