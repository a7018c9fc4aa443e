"""Maintain the real-news development set (data/nlp/realnews/): ingest labels, rebuild the text cache,
draw the blind second-pass sample, measure agreement, count the set for its README.

The repository keeps addresses, labels and anchors only (see waspada.nlp.realnews); texts stay in
var/realnews-cache/, rebuilt from a local JSONL of page copies ({"url", "text"} per line).

  python -m tools.realnews ingest --work LABELLED.jsonl --devset data/nlp/realnews/devset.jsonl \
      --pages-out /path/outside/the/repo/pages.jsonl
  python -m tools.realnews build-cache --pages /path/to/pages.jsonl [--cache-dir var/realnews-cache]
  python -m tools.realnews blind [--fraction 0.2 --seed 20]      # texts only, shuffled: the relabelling sheet
  python -m tools.realnews agreement --second data/nlp/realnews/second_pass.jsonl [--out FILE]
  python -m tools.realnews summary                                # the README's count tables
  python -m tools.realnews queries                                # items not in the cache + a search query
  python -m tools.realnews errors [--json]                        # the analysis' misses by class (ids only)
  python -m tools.realnews train [--cv] [--out DIR]               # the committed relevance/type model

A labeller's working file has, per line: id, url, published (YYYY[-MM[-DD]]), text, relevant,
event_type (relevant items) or negative_kind (others), expected (kab/kota code or null), province
(code or null), places (codes), scenario (one id per real-world event). Exit codes: 0 done, 1 the
work failed (a file that does not parse, a code that does not exist), 2 bad usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from waspada import datafiles
from waspada.datafiles import CHECKOUT_DATA_DIR
from waspada.nlp import realnews as rn

LABEL_FIELDS = (
    "id",
    "url",
    "published",
    "relevant",
    "event_type",
    "negative_kind",
    "expected",
    "province",
    "places",
    "scenario",
)
NEGATIVE_KINDS = {
    "election_routine",
    "pilkades",
    "labour_unrest",
    "land_conflict",
    "crime",
    "hoax_other",
    "other_unrest",
    "disaster",
}


def _codes(data_dir: Path) -> tuple[set[str], set[str]]:
    regions = data_dir / "regions"
    with datafiles.open_text(regions / "regencies.csv", newline="") as fh:
        kabkota = {row["code"] for row in csv.DictReader(fh)}
    with datafiles.open_text(regions / "provinces.csv", newline="") as fh:
        provinces = {row["code"] for row in csv.DictReader(fh)}
    return kabkota, provinces


def check_labels(item: dict[str, Any], kabkota: set[str], provinces: set[str], types: set[str]) -> list[str]:
    """What is wrong with one labelled item (empty when nothing)."""
    problems: list[str] = []
    if item.get("relevant"):
        if item.get("event_type") not in types:
            problems.append(f"event_type {item.get('event_type')!r} is not a taxonomy code")
    elif item.get("negative_kind") not in NEGATIVE_KINDS:
        problems.append(f"negative_kind {item.get('negative_kind')!r} is not one of {sorted(NEGATIVE_KINDS)}")
    exp = item.get("expected")
    if exp is not None and exp not in kabkota:
        problems.append(f"expected {exp!r} is not a kab/kota code")
    for code in item.get("places") or []:
        if code not in kabkota:
            problems.append(f"place {code!r} is not a kab/kota code")
    prov = item.get("province")
    if prov is not None and prov not in provinces:
        problems.append(f"province {prov!r} is not a province code")
    if exp and prov and not exp.startswith(prov + "."):
        problems.append(f"expected {exp} is not in province {prov}")
    return problems


def _taxonomy_codes(data_dir: Path) -> set[str]:
    from waspada.nlp.domain import load_taxonomy

    return {t.code for t in load_taxonomy(data_dir / "domain").event_types}


def cmd_ingest(args: argparse.Namespace, out: TextIO) -> int:
    data_dir = Path(args.data_dir)
    kabkota, provinces = _codes(data_dir)
    types = _taxonomy_codes(data_dir)
    work = rn.read_jsonl(args.work)
    problems: list[str] = []
    lines: list[str] = []
    pages: list[str] = []
    seen: set[str] = set()
    for item in work:
        where = f"{args.work}: {item.get('id')}"
        if item.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(str(item.get("id")))
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: no text")
            continue
        problems += [f"{where}: {p}" for p in check_labels(item, kabkota, provinces, types)]
        record = {k: item.get(k) for k in LABEL_FIELDS}
        record["anchor"] = rn.make_anchor(text)
        lines.append(json.dumps(record, ensure_ascii=False))
        pages.append(json.dumps({"url": item["url"], "text": text}, ensure_ascii=False))
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"ingest: {len(problems)} problems, nothing written", file=sys.stderr)
        return 1
    Path(args.devset).parent.mkdir(parents=True, exist_ok=True)
    Path(args.devset).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.pages_out:
        Path(args.pages_out).write_text("\n".join(pages) + "\n", encoding="utf-8")
    out.write(
        f"ingest: {len(lines)} items -> {args.devset}"
        + (f"; page copies -> {args.pages_out}\n" if args.pages_out else "\n")
    )
    return 0


def cmd_build_cache(args: argparse.Namespace, out: TextIO) -> int:
    items = rn.read_devset(args.devset)
    res = rn.recover_texts(items, rn.iter_pages(args.pages))
    path = rn.write_cache(args.cache_dir, res.texts)
    report = {
        "items": len(items),
        "recovered": len(res.texts),
        "no_page": res.no_page,
        "no_match": res.no_match,
        "approximate": res.approximate,
        "cache": str(path),
    }
    if args.json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        out.write(
            f"build-cache: {len(res.texts)}/{len(items)} texts -> {path}; "
            f"found by both ends only (text differs slightly): {len(res.approximate)}; "
            f"no copy of the page: {len(res.no_page)}; copy differs: {len(res.no_match)}\n"
        )
    return 0 if res.texts or not items else 1


def blind_sample(items: list[dict[str, Any]], fraction: float, seed: int) -> list[str]:
    """Ids of a seeded random fraction of the set, in shuffled order (not the set's order)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample, not security
    k = max(1, round(len(items) * fraction))
    ids = [i["id"] for i in items]
    chosen = rng.sample(ids, k)
    rng.shuffle(chosen)
    return chosen


def cmd_blind(args: argparse.Namespace, out: TextIO) -> int:
    items = rn.read_devset(args.devset)
    texts = rn.read_cache(args.cache_dir)
    if texts is None:
        print(f"blind: no cache in {args.cache_dir}; run build-cache first", file=sys.stderr)
        return 1
    urls = {i["id"]: i["url"] for i in items}
    for item_id in blind_sample(items, args.fraction, args.seed):
        # Texts and addresses only: the first pass's labels stay out of sight.
        out.write(
            json.dumps({"id": item_id, "url": urls[item_id], "text": texts.get(item_id)}, ensure_ascii=False) + "\n"
        )
    return 0


def cmd_agreement(args: argparse.Namespace, out: TextIO) -> int:
    report = rn.agreement(rn.read_devset(args.devset), rn.read_jsonl(args.second))
    text = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    if args.json:
        out.write(text)
    else:
        out.write(
            f"agreement on {report['items']} items: relevance {report['relevance']['agreement']} "
            f"(kappa {report['relevance']['kappa']}), type {report['type']['agreement']} "
            f"(kappa {report['type']['kappa']}), main kab/kota {report['main_kabkota']['exact_agreement']}\n"
        )
    return 0


def cmd_queries(args: argparse.Namespace, out: TextIO) -> int:
    """Items whose text is not in the cache, each with a search query for a page store (its start words)."""
    items = rn.read_devset(args.devset)
    texts = rn.read_cache(args.cache_dir) or {}
    for item in items:
        if item["id"] not in texts:
            out.write(
                json.dumps({"id": item["id"], "url": item["url"], "query": item["anchor"]["start"]}, ensure_ascii=False)
                + "\n"
            )
    return 0


def _table(title: str, counts: Counter[str], out: TextIO) -> None:
    out.write(f"\n| {title} | items |\n|---|---|\n")
    for key, n in sorted(counts.items()):
        out.write(f"| {key} | {n} |\n")


def cmd_summary(args: argparse.Namespace, out: TextIO) -> int:
    items = rn.read_devset(args.devset)
    with datafiles.open_text(Path(args.data_dir) / "regions" / "provinces.csv", newline="") as fh:
        pnames = {row["code"]: row["name"] for row in csv.DictReader(fh)}

    def prov(i: dict[str, Any]) -> str:
        code = (i.get("expected") or "").split(".")[0] or i.get("province")
        return f"{code} {pnames[code]}" if code else "(none: national, several, or not named)"

    out.write(
        f"{len(items)} articles, {len({i.get('scenario') for i in items})} events (scenarios), "
        f"{sum(bool(i['relevant']) for i in items)} relevant, "
        f"{sum(bool(i.get('expected')) for i in items)} with a main kab/kota\n"
    )
    _table("relevance", Counter("relevant" if i["relevant"] else "not relevant" for i in items), out)
    _table(
        "type / negative kind",
        Counter(
            str(i.get("event_type") if i["relevant"] else f"(not relevant) {i.get('negative_kind')}") for i in items
        ),
        out,
    )
    _table("province", Counter(prov(i) for i in items), out)
    _table("year published", Counter(str(i.get("published") or "?")[:4] for i in items), out)
    return 0


def _rules_classifier(data_dir: Path) -> Any:
    """An EventClassifier for its stemmer and rules only (its text model is never asked)."""
    import numpy as np

    from waspada.nlp import model as mdl
    from waspada.nlp.domain import find_domain_dir, load_taxonomy
    from waspada.nlp.events import EventClassifier

    dd = find_domain_dir(None, data_dir)
    empty = mdl.TextModel({}, np.zeros(0), np.zeros(0), 0.0, [], np.zeros((0, 0)), np.zeros(0), "rules-only")
    return EventClassifier(load_taxonomy(dd), empty, domain_dir=dd)


def _sets(args: argparse.Namespace) -> tuple[Any, list[Any], list[Any], list[dict[str, Any]]]:
    from waspada.nlp import learn
    from waspada.nlp.events import read_jsonl, training_path

    items = rn.read_devset(args.devset)
    texts = rn.read_cache(args.cache_dir)
    if not texts:
        raise rn.RealNewsError(f"no text cache in {args.cache_dir}; run build-cache first")
    present = [dict(i, text=texts[i["id"]], title="") for i in items if i["id"] in texts]
    clf = _rules_classifier(Path(args.data_dir))
    real = learn.prepare(present, clf, real=True)
    generated = learn.prepare(read_jsonl(training_path()), clf, real=False)
    return clf, real, generated, present


def cmd_errors(args: argparse.Namespace, out: TextIO) -> int:
    """Every miss of the analysis on the cached real texts, by class, with ids (never text)."""
    from waspada.nlp.events import get_classifier
    from waspada.nlp.gazetteer import Gazetteer

    items = rn.read_devset(args.devset)
    texts = rn.read_cache(args.cache_dir)
    if not texts:
        raise rn.RealNewsError(f"no text cache in {args.cache_dir}; run build-cache first")
    gaz = Gazetteer.from_data_dir(args.data_dir, cache_dir=str(Path.home() / ".cache" / "waspada"))
    clf = get_classifier(data_dir=args.data_dir)
    if args.generated_model:
        # the model trained on the generated set only: the relevance/type misses before learning from real text
        from waspada.nlp.events import EventClassifier, build_model, default_cache_dir, training_path

        gen = build_model(training_path(), clf.taxonomy, default_cache_dir(None), clf.stemmer)
        clf = EventClassifier(clf.taxonomy, gen, stem=clf.stemmer, domain_dir=clf.domain_dir)
    report = rn.error_analysis(gaz, items, texts, classifier=clf)
    report["model_version"] = clf.version
    if args.json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
        return 0
    out.write(f"errors on {report['items_with_text']}/{len(items)} items with text (model {clf.version})\n")
    for kind in ("place", "relevance", "type"):
        classes = report[kind]
        out.write(f"\n{kind}: {sum(len(v) for v in classes.values())} misses\n")
        for cls, ids in classes.items():
            out.write(f"  {len(ids):4d}  {cls}: {' '.join(ids)}\n")
    return 0


def cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    """Fit the committed model on the generated training set and the real items in the cache."""
    import hashlib
    from datetime import UTC, datetime

    from waspada.nlp import learn
    from waspada.nlp import model as mdl
    from waspada.nlp.events import training_path

    clf, real, generated, present = _sets(args)
    codes = clf.taxonomy.codes
    params = learn.Params(
        c_rel=args.c_rel,
        c_type=args.c_type,
        real_weight=args.real_weight,
        folds=args.folds,
        seed=args.seed,
    )

    def progress(msg: str) -> None:
        print(f"train: {msg}", file=sys.stderr)

    cv = learn.cross_validate(real, generated, codes, params, progress=progress) if args.cv else None
    model, report = learn.train_pipeline(generated + real, codes, params, "packaged", progress=progress)
    devset_bytes = Path(args.devset).read_bytes()
    meta = {
        "what": "relevance and event-type model: TF-IDF logistic regressions stacked with the taxonomy rules "
        "(waspada.nlp.learn); texts are not in the repository, only these labels' ids",
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "code_version": mdl.CODE_VERSION,
        "command": "python -m tools.realnews train" + (" --cv" if args.cv else ""),
        "data": {
            "generated": {
                "file": str(training_path().name),
                "sha256": hashlib.sha256(training_path().read_bytes()).hexdigest(),
                **mdl.describe([{"relevant": p.relevant, "event_type": p.event_type} for p in generated]),
            },
            "realnews": {
                "devset_sha256": hashlib.sha256(devset_bytes).hexdigest(),
                "items_with_text": len(real),
                "items_in_devset": len(rn.read_devset(args.devset)),
                "scenarios": len({p.group for p in real}),
                **mdl.describe([{"relevant": p.relevant, "event_type": p.event_type} for p in real]),
                "ids": sorted(p.id for p in real),
            },
        },
        "features": "stemmed unigrams and bigrams without stopwords, TF-IDF (sublinear tf, min_df 2, l2); "
        "calibration over [model logit, strongest rule score, no election term, pilkades only]",
        "hyper_parameters": {
            "c_rel": params.c_rel,
            "c_type": params.c_type,
            "real_weight": params.real_weight,
            "class_weight_relevance": "balanced",
            "folds": params.folds,
            "seed": params.seed,
            "split": "StratifiedGroupKFold grouped by scenario (generated items: one group each)",
            "thresholds_tried": [learn.THRESHOLDS[0], learn.THRESHOLDS[-1], 0.01],
            "type_weights_tried": learn.TYPE_WEIGHTS,
        },
        "chosen": report,
        "cross_validated_on_real": cv,
    }
    del present
    target = Path(args.out)
    mdl.save(model, target, meta)
    out.write(
        f"train: model -> {target} ({len(generated)} generated + {len(real)} real items); threshold "
        f"{report['threshold']}, type weight {report['type_weight']}\n"
    )
    if cv:
        out.write(
            f"cross-validated on real ({cv['folds']} folds by scenario): relevance F1 "
            f"{cv['relevance_f1']['mean']} +/- {cv['relevance_f1']['std']}, type macro-F1 "
            f"{cv['type_macro_f1']['mean']} +/- {cv['type_macro_f1']['std']}; pooled {cv['pooled']}\n"
        )
    return 0


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=str(CHECKOUT_DATA_DIR))
    common.add_argument("--devset", default=str(rn.default_devset()))
    common.add_argument("--cache-dir", default=str(rn.default_cache_dir()))
    parser = argparse.ArgumentParser(prog="python -m tools.realnews", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, parents=[common])

    p = add("ingest", "labeller's working file -> devset (no text) and page copies")
    p.add_argument("--work", required=True)
    p.add_argument("--pages-out", help="write the texts here (keep it outside the repository)")
    p = add("build-cache", "recover the texts from page copies into the cache")
    p.add_argument("--pages", required=True)
    p.add_argument("--json", action="store_true")
    p = add("blind", "shuffled texts of a random fraction, without labels")
    p.add_argument("--fraction", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=20)
    p = add("agreement", "agreement of a second pass with the set")
    p.add_argument("--second", required=True)
    p.add_argument("--out")
    p.add_argument("--json", action="store_true")
    add("summary", "count tables for the README")
    add("queries", "items missing from the cache, with a search query each (to export their pages)")
    p = add("errors", "the analysis' misses on the cached texts, by class, with ids (no text)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--generated-model",
        action="store_true",
        help="classify with the generated-set-only model (the committed one has seen these items)",
    )
    p = add("train", "fit the committed relevance/type model on the generated set and the cached real texts")
    p.add_argument(
        "--out", default=str(Path(__file__).resolve().parent.parent / "src" / "waspada" / "nlp" / "models" / "default")
    )
    p.add_argument("--cv", action="store_true", help="also cross-validate on the real items (grouped by scenario)")
    p.add_argument("--c-rel", type=float, default=8.0)
    p.add_argument("--c-type", type=float, default=8.0)
    p.add_argument("--real-weight", type=float, default=2.0)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=20)
    args = parser.parse_args(argv)
    commands = {
        "ingest": cmd_ingest,
        "build-cache": cmd_build_cache,
        "blind": cmd_blind,
        "agreement": cmd_agreement,
        "summary": cmd_summary,
        "queries": cmd_queries,
        "train": cmd_train,
        "errors": cmd_errors,
    }
    try:
        return commands[args.cmd](args, out)
    except (rn.RealNewsError, OSError) as exc:
        print(f"tools.realnews {args.cmd}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
