"""Command-line entry points, called by the Django management commands as thin wrappers.

`run_analyze(argv, stdout)` backs `waspada analyze`, `run_evaluate(argv, stdout)` backs
`waspada nlp evaluate`, `run_train(argv, stdout)` backs `waspada nlp train`. All return an exit
code: 0 when the run completes (items that fail are reported in the output), 1 when the work itself
fails, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from waspada import datafiles
from waspada.datafiles import CHECKOUT_DATA_DIR
from waspada.nlp.analyze import MAX_BYTES, analyze_paths
from waspada.nlp.gazetteer import Gazetteer


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so callers get an exit code back."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


def _iso_date(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=os.environ.get("WASPADA_DATA_DIR") or str(CHECKOUT_DATA_DIR),
                        help="reference data folder with regions/ (default: $WASPADA_DATA_DIR, else the "
                             "repository's data/)")
    parser.add_argument("--cache-dir", default=os.environ.get("WASPADA_CACHE_DIR"),
                        help="where the compiled gazetteer is cached (default: $WASPADA_CACHE_DIR, "
                             "else ~/.cache/waspada)")


def _gazetteer(args: argparse.Namespace) -> Gazetteer:
    if not args.data_dir:
        raise _UsageError("no region data: pass --data-dir or set WASPADA_DATA_DIR")
    if not Path(args.data_dir).is_dir():
        raise _UsageError(f"--data-dir {args.data_dir!r} is not a folder")
    cache = args.cache_dir or str(Path.home() / ".cache" / "waspada")
    return Gazetteer.from_data_dir(args.data_dir, cache_dir=cache)


def _events_opts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--domain-dir", default=os.environ.get("WASPADA_DOMAIN_DIR"),
                        help="folder with taxonomy.yaml and parties_2024.yaml (default: $WASPADA_DOMAIN_DIR, "
                             "else the repository's data/domain)")
    parser.add_argument("--model-dir", default=os.environ.get("WASPADA_NLP_MODEL_DIR"),
                        help="a model written by `waspada nlp train` (default: the packaged training set's model)")


def _classifier(args: argparse.Namespace, candidates: str | None = None) -> Any:
    from waspada.nlp.actors import load_candidates
    from waspada.nlp.domain import DomainDataError
    from waspada.nlp.events import EventClassifier, get_classifier

    try:
        clf = get_classifier(domain_dir=args.domain_dir, data_dir=args.data_dir, cache_dir=args.cache_dir,
                             model_dir=args.model_dir)
    except DomainDataError as exc:
        raise _UsageError(str(exc)) from None
    except (OSError, ValueError) as exc:
        raise _UsageError(f"cannot load the event model: {exc}") from None
    if candidates:
        try:
            cands = load_candidates(candidates)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise _UsageError(f"--candidates {candidates}: {exc}") from None
        clf = EventClassifier(clf.taxonomy, clf.model, stem=clf.stemmer, domain_dir=clf.domain_dir,
                              candidates=cands)
    return clf


def _parse(parser: argparse.ArgumentParser, argv: list[str], stdout: TextIO) -> argparse.Namespace | int:
    try:
        return parser.parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)


def run_analyze(argv: list[str], stdout: TextIO, gazetteer: Gazetteer | None = None) -> int:
    parser = _Parser(prog="waspada analyze",
                     description="Find where news items happen: one JSON object per item, per line.")
    parser.add_argument("files", nargs="+", metavar="FILE", help=".txt (one item) or .jsonl files")
    parser.add_argument("--json", action="store_true",
                        help="JSON lines output (the default; kept for scripts that pass it)")
    parser.add_argument("--published", type=_iso_date, metavar="YYYY-MM-DD",
                        help="publication date for plain-text items")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES,
                        help=f"refuse items larger than this (default {MAX_BYTES})")
    _common(parser)
    _events_opts(parser)
    parser.add_argument("--candidates", metavar="FILE",
                        help="candidate lists per contest (YAML/JSON: [{name, aliases, contest}] or {contests: [...]})")
    args = _parse(parser, argv, stdout)
    if isinstance(args, int):
        return args
    try:
        gaz = gazetteer or _gazetteer(args)
        clf = _classifier(args, candidates=args.candidates)
    except _UsageError as exc:
        print(f"waspada analyze: error: {exc}", file=sys.stderr)
        return 2
    for result in analyze_paths(args.files, gaz, published=args.published, max_bytes=args.max_bytes,
                                classifier=clf):
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def run_evaluate(argv: list[str], stdout: TextIO, gazetteer: Gazetteer | None = None) -> int:
    from waspada.nlp import evaluate as ev  # evaluation code is only needed here

    parser = _Parser(prog="waspada nlp evaluate",
                     description="Place-mention precision/recall on NERP and main kab/kota accuracy.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--nerp", help="NERP file, plain or .gz (default: DATA_DIR/nlp/nerp/valid_preprocess.txt[.gz])")
    parser.add_argument("--labelled", help="labelled .jsonl (default: the packaged set)")
    parser.add_argument("--limit", type=int, help="use only the first N NERP sentences and texts")
    parser.add_argument("--speed", action="store_true", help="also measure articles per second")
    parser.add_argument("--events", metavar="FILE",
                        help="labelled news .jsonl for relevance/type/actor/casualty figures "
                             "(default: the packaged evaluation set)")
    parser.add_argument("--realnews-devset", metavar="FILE",
                        help="real-news labels (default: DATA_DIR/nlp/realnews/devset.jsonl)")
    parser.add_argument("--no-cv", action="store_true",
                        help="skip the cross-validation on the real set (about a minute of CPU)")
    parser.add_argument("--realnews-cache", metavar="DIR",
                        help="real-news text cache (default: $WASPADA_REALNEWS_CACHE, else var/realnews-cache; "
                             "filled by `python -m tools.realnews build-cache`)")
    _common(parser)
    _events_opts(parser)
    args = _parse(parser, argv, stdout)
    if isinstance(args, int):
        return args
    try:
        t0 = time.perf_counter()
        gaz = gazetteer or _gazetteer(args)
        load_s = time.perf_counter() - t0
        nerp_path = datafiles.locate(args.nerp or Path(args.data_dir or ".") / "nlp" / "nerp" / "valid_preprocess.txt")
        if not nerp_path.exists():
            raise _UsageError(f"NERP file not found: {nerp_path}")
        if args.labelled and not Path(args.labelled).exists():
            raise _UsageError(f"labelled file not found: {args.labelled}")
        if args.events and not Path(args.events).exists():
            raise _UsageError(f"labelled news file not found: {args.events}")
        clf = _classifier(args)
    except _UsageError as exc:
        print(f"waspada nlp evaluate: error: {exc}", file=sys.stderr)
        return 2
    sentences = ev.read_nerp(nerp_path, limit=args.limit)
    labelled = ev.read_labelled(args.labelled)[: args.limit] if args.limit else ev.read_labelled(args.labelled)
    from waspada.nlp.events import eval_path, read_jsonl

    news = read_jsonl(args.events or eval_path())
    if args.limit:
        news = news[: args.limit]
    report: dict[str, Any] = {
        "gazetteer_load_seconds": round(load_s, 2),
        "nerp_valid": ev.evaluate_nerp(gaz, sentences),
        "labelled": ev.evaluate_labelled(gaz, labelled),
        "events": ev.evaluate_events(gaz, news, classifier=clf, data_dir=args.data_dir),
        "realnews": _realnews_report(args, gaz, clf),
    }
    if args.speed:
        report["speed"] = ev.measure_throughput(gaz, labelled)
        report["speed_news"] = ev.news_throughput(gaz, classifier=clf)
    if args.json:
        stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        n, lab = report["nerp_valid"], report["labelled"]
        stdout.write(
            f"NERP valid: precision {n['precision']:.3f}, recall (regions) {n['recall_region']:.3f}, "
            f"recall (all PLC) {n['recall_overall']:.3f}, F1 {n['f1_region']:.3f}, "
            f"false places per 1000 sentences {n['false_places_per_1000_sentences']}\n"
            f"Main kab/kota accuracy: {lab['main_kabkota_accuracy']:.3f} on {lab['texts']} texts\n")
        e = report["events"]
        stdout.write(
            f"News ({e['items']} items, model {e['model_version']}): relevance P {e['relevance']['precision']:.3f} "
            f"R {e['relevance']['recall']:.3f} F1 {e['relevance']['f1']:.3f}; event-type macro-F1 "
            f"{e['event_type']['macro_f1']:.3f}; actors exact {e['actors']['exact_set_accuracy']:.3f} "
            f"(F1 {e['actors']['f1']:.3f}); casualties {e['casualties']['accuracy']:.3f}; "
            f"event date {e['event_date']['accuracy']:.3f}\n")
        r = report["realnews"]
        if r["available"]:
            k, rel, typ = r["main_kabkota"], r["relevance"], r["event_type"]
            stdout.write(
                f"Real news ({r['items_with_text']}/{r['items']} texts): main kab/kota {k['accuracy']:.3f} "
                f"(baseline most-mentioned {k['baseline_most_mentioned_name']:.3f}); relevance F1 {rel['f1']:.3f} "
                f"(two-regex {rel['baseline_two_regex']['f1']:.3f}); event-type macro-F1 {typ['macro_f1']:.3f} "
                f"(most frequent type {typ['baseline_most_frequent_type']['macro_f1']:.3f})\n")
            u = r.get("not_trained_on") or {}
            if u.get("available"):
                uk, ur = u["main_kabkota"], u["relevance"]
                stdout.write(
                    f"  of which new to the model ({u['items_with_text']}): main kab/kota {uk['accuracy']:.3f} "
                    f"(baseline {uk['baseline_most_mentioned_name']:.3f}); relevance F1 {ur['f1']:.3f} "
                    f"(two-regex {ur['baseline_two_regex']['f1']:.3f}); "
                    f"event-type macro-F1 {u['event_type']['macro_f1']:.3f}\n")
        else:
            stdout.write(f"Real news: not measured ({r['reason']})\n")
        if args.speed:
            stdout.write(f"Full analysis: {report['speed_news']['analyze_articles_per_s_core']} articles/s "
                         "(3 KB, one core)\n")
    return 0


def _realnews_report(args: argparse.Namespace, gaz: Gazetteer, clf: Any) -> dict[str, Any]:
    """The real-news section: figures when the labels and the text cache are present, else why not."""
    from waspada.nlp import realnews

    devset = Path(args.realnews_devset or Path(args.data_dir) / "nlp" / "realnews" / "devset.jsonl")
    cache_dir = Path(args.realnews_cache) if args.realnews_cache else realnews.default_cache_dir()
    if not devset.exists():
        return {"available": False, "reason": f"no real-news labels at {devset}"}
    try:
        items = realnews.read_devset(devset)
    except realnews.RealNewsError as exc:
        return {"available": False, "reason": str(exc)}
    if args.limit:
        items = items[: args.limit]
    texts = realnews.read_cache(cache_dir)
    if not texts:
        return {"available": False, "items": len(items),
                "reason": f"no text cache at {cache_dir}; see docs/nlp.md (python -m tools.realnews build-cache)"}
    report = realnews.evaluate_realnews(gaz, items, texts, args.data_dir, classifier=clf)
    report.update(_learned_report(args, items, texts, clf))
    report["not_trained_on"] = _unseen_report(gaz, items, texts, args.data_dir, clf)
    return report


def _trained_ids(clf: Any) -> set[str]:
    """Ids of the real items the committed model was fitted on (its training description, model.json)."""
    return set(((clf.model.meta.get("data") or {}).get("realnews") or {}).get("ids") or [])


def _unseen_report(gaz: Gazetteer, items: list[dict[str, Any]], texts: dict[str, str], data_dir: str,
                   clf: Any) -> dict[str, Any]:
    """The same figures on the items with text that the committed model was not trained on: the only
    real items that are new to it (the rest score in-sample), each beside its baseline."""
    from waspada.nlp import realnews

    trained = _trained_ids(clf)
    unseen = {k: v for k, v in texts.items() if k not in trained}
    if not unseen:
        return {"available": False, "reason": "every item with text was in the model's training set"}
    sub = realnews.evaluate_realnews(gaz, items, unseen, data_dir, classifier=clf)
    keep = ("items_with_text", "main_kabkota", "relevance", "event_type")
    return dict({k: sub[k] for k in keep}, available=True, ids=sorted(unseen))


def _learned_report(args: argparse.Namespace, items: list[dict[str, Any]], texts: dict[str, str],
                    clf: Any) -> dict[str, Any]:
    """How honest the real-set figures are: the real items the model was trained on, the generated-set-only
    model on the same items, and the pipeline cross-validated on the real items (grouped by scenario)."""
    from waspada.nlp import learn
    from waspada.nlp.events import build_model, default_cache_dir, read_jsonl, training_path

    present = [dict(i, text=texts[i["id"]], title="") for i in items if i["id"] in texts]
    real = learn.prepare(present, clf, real=True)
    codes = clf.taxonomy.codes
    trained_ids = _trained_ids(clf)
    gen_model = build_model(training_path(), clf.taxonomy, default_cache_dir(args.cache_dir), clf.stemmer)
    out: dict[str, Any] = {
        "items_the_model_was_trained_on": sum(p.id in trained_ids for p in real),
        "generated_only_model": dict(learn.figures(real, [learn.predict(gen_model, p, codes) for p in real]),
                                     model_version=gen_model.version),
    }
    if args.no_cv:
        out["cross_validated"] = {"available": False, "reason": "--no-cv"}
    elif len(real) < 20:
        out["cross_validated"] = {"available": False, "reason": f"only {len(real)} real items with text"}
    else:
        generated = learn.prepare(read_jsonl(training_path()), clf, real=False)
        params = learn.Params(**{k: v for k, v in (clf.model.meta.get("hyper_parameters") or {}).items()
                                 if k in ("c_rel", "c_type", "real_weight", "folds", "seed")})
        out["cross_validated"] = dict(learn.cross_validate(real, generated, codes, params), available=True)
    return out


def run_train(argv: list[str], stdout: TextIO) -> int:
    """`waspada nlp train --input FILE.jsonl [--output DIR] [--eval FILE] [--json]`."""
    from waspada.nlp import training

    parser = _Parser(prog="waspada nlp train",
                     description="Train the event model (relevance and type) from labelled .jsonl items "
                                 "(docs/labelling-guide.md) and write it with its metadata.")
    parser.add_argument("--input", required=True, metavar="FILE", help="labelled items, one JSON object per line")
    parser.add_argument("--output", metavar="DIR",
                        help="where to write model.pkl and model.json (default: CACHE_DIR/nlp-models/VERSION)")
    parser.add_argument("--eval", metavar="FILE",
                        help="labelled items to evaluate on (default: a deterministic 20%% held-out split)")
    parser.add_argument("--json", action="store_true", help="print the metadata as one JSON object")
    _common(parser)
    parser.add_argument("--domain-dir", default=os.environ.get("WASPADA_DOMAIN_DIR"),
                        help="folder with taxonomy.yaml (default: $WASPADA_DOMAIN_DIR, else the "
                             "repository's data/domain)")
    args = _parse(parser, argv, stdout)
    if isinstance(args, int):
        return args
    try:
        meta = training.train(args.input, output=args.output, eval_file=args.eval, domain_dir=args.domain_dir,
                              data_dir=args.data_dir, cache_dir=args.cache_dir)
    except training.TrainingInputError as exc:
        print(f"waspada nlp train: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"waspada nlp train: failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        stdout.write(json.dumps(meta, ensure_ascii=False) + "\n")
    else:
        ev = meta["evaluation"]
        stdout.write(f"model {meta['model_version']} written to {meta['output']}\n"
                     f"trained on {meta['training_set']['items']} items; evaluated on {ev['items']} "
                     f"({ev['on']}): relevance F1 {ev['relevance']['f1']:.3f}, "
                     f"event-type macro-F1 {ev['event_type']['macro_f1']:.3f}\n")
    return 0
