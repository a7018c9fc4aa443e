"""The real-news development set: labels and anchors in the repository, article texts in a local cache.

The repository may not hold other people's sentences, so `data/nlp/realnews/devset.jsonl` keeps for every
article only its address, its labels (docs/labelling-guide.md) and an anchor: the first and last words of
the labelled span, its length in words and a SHA-256 of the span with whitespace collapsed. Whoever holds
copies of the pages (a JSONL file of {"url", "text"}) rebuilds the texts with `build_cache`; a span is
accepted only when its hash matches, so a changed or different page is reported, never silently used.

Also here: Cohen's kappa and the agreement report between two labelling passes, the baselines the
evaluation reports beside the analysis (most-mentioned kab/kota name, the two-regex relevance rule, the
most frequent type) and `evaluate_realnews`. Framework-free, like the rest of waspada.nlp.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waspada import datafiles
from waspada.datafiles import CHECKOUT_DATA_DIR

ANCHOR_WORDS = 6
CACHE_FILE = "devset_texts.jsonl"
NOT_RELEVANT = "not_relevant"


def default_devset() -> Path:
    return CHECKOUT_DATA_DIR / "nlp" / "realnews" / "devset.jsonl"


def default_cache_dir() -> Path:
    """$WASPADA_REALNEWS_CACHE, else var/realnews-cache in the checkout (git-ignored)."""
    env = os.environ.get("WASPADA_REALNEWS_CACHE")
    return Path(env) if env else CHECKOUT_DATA_DIR.parent / "var" / "realnews-cache"


# -- anchors -------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def span_hash(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def make_anchor(text: str, n: int = ANCHOR_WORDS) -> dict[str, Any]:
    """The anchor of a labelled span: a few words at each end, the word count and the hash."""
    words = _words(text)
    if not words:
        raise ValueError("empty text has no anchor")
    return {"start": " ".join(words[:n]), "end": " ".join(words[-n:]), "words": len(words), "sha256": span_hash(words)}


def find_span(page_text: str, anchor: dict[str, Any]) -> str | None:
    """The labelled span inside a page copy, whitespace collapsed, or None when it is not there.

    Pages are compared by words so that line breaks and repeated spaces in another copy of the page do
    not matter; every place the start words occur is tried, and the hash decides.
    """
    words = _words(page_text)
    start = anchor["start"].split()
    count = int(anchor["words"])
    if not start or count < len(start):
        return None
    first = start[0]
    for i, w in enumerate(words):
        if w != first or words[i : i + len(start)] != start:
            continue
        span = words[i : i + count]
        if len(span) == count and span_hash(span) == anchor["sha256"]:
            return " ".join(span)
    return None


# A loose span may be up to three times (and at least 30 words) longer than the labelled one: the copies the
# search corpus holds in 2026-12 carry photo captions and "read also" teasers inside the lead that the labelled
# copies did not (48 of 239 copies ran 1.5-3x longer between the two anchors; measured 2026-12-07).
LOOSE_SLACK = 2.0


def find_span_loose(page_text: str, anchor: dict[str, Any]) -> str | None:
    """From the start words to the end words, when the exact span is not there but both ends are.

    Another copy of a page may put a photo caption, a "read also" line or a share counter inside the
    lead that the labelled copy did not have. The labels still apply, so the text between the two
    anchors is accepted if it is no shorter than the labelled span and not much longer; the caller
    reports such items as approximate.
    """
    words = _words(page_text)
    start, end = anchor["start"].split(), anchor["end"].split()
    count = int(anchor["words"])
    if not start or not end:
        return None
    longest = count + max(30, int(count * LOOSE_SLACK))
    for i in range(len(words)):
        if words[i : i + len(start)] != start:
            continue
        for j in range(i + count, min(len(words), i + longest) + 1):
            if words[j - len(end) : j] == end:
                return " ".join(words[i:j])
    return None


def normalize_url(url: str) -> str:
    """Scheme, 'www.', default ports and a trailing slash do not distinguish two copies of a page."""
    u = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    u = re.sub(r"^www\.", "", u, flags=re.IGNORECASE)
    u = re.sub(r":(80|443)(?=/|$)", "", u)
    return u.rstrip("/")


# -- files ---------------------------------------------------------------------------------------


class RealNewsError(ValueError):
    """A file of the real-news set that cannot be read; the message names the file and line."""


def read_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with datafiles.open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RealNewsError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise RealNewsError(f"{path}:{n}: expected a JSON object")
            out.append(obj)
    return out


DEVSET_FIELDS = ("id", "url", "relevant", "anchor")


def read_devset(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    items = read_jsonl(path or default_devset())
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        missing = [f for f in DEVSET_FIELDS if f not in item]
        if missing:
            raise RealNewsError(f"{path}: item {n}: missing {', '.join(missing)}")
        if item["id"] in seen:
            raise RealNewsError(f"{path}: item {n}: duplicate id {item['id']}")
        seen.add(item["id"])
    return items


def iter_pages(path: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """(url, text) of a page-copy file: JSONL of {"url", "text"}."""
    with datafiles.open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RealNewsError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("url"), str) or not isinstance(obj.get("text"), str):
                raise RealNewsError(f'{path}:{n}: expected {{"url": string, "text": string}}')
            yield obj["url"], obj["text"]


@dataclass(slots=True)
class CacheResult:
    texts: dict[str, str] = field(default_factory=dict)  # item id -> span
    no_page: list[str] = field(default_factory=list)  # no copy of the item's address
    no_match: list[str] = field(default_factory=list)  # a copy, but the span is not in it
    approximate: list[str] = field(default_factory=list)  # in texts, found by its two ends only


def recover_texts(items: list[dict[str, Any]], pages: Iterable[tuple[str, str]]) -> CacheResult:
    by_url: dict[str, list[str]] = {}
    for url, text in pages:
        by_url.setdefault(normalize_url(url), []).append(text)
    res = CacheResult()
    for item in items:
        copies = by_url.get(normalize_url(item["url"]))
        if not copies:
            res.no_page.append(item["id"])
            continue
        for text in copies:
            span = find_span(text, item["anchor"])
            if span is not None:
                res.texts[item["id"]] = span
                break
        else:
            loose = next((x for x in (find_span_loose(t, item["anchor"]) for t in copies) if x), None)
            if loose is None:
                res.no_match.append(item["id"])
            else:
                res.texts[item["id"]] = loose
                res.approximate.append(item["id"])
    return res


def write_cache(cache_dir: str | os.PathLike[str], texts: dict[str, str]) -> Path:
    out = Path(cache_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / CACHE_FILE
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for item_id in sorted(texts):
            fh.write(json.dumps({"id": item_id, "text": texts[item_id]}, ensure_ascii=False) + "\n")
    tmp.replace(path)  # all or nothing: a half-written cache is never read
    return path


def read_cache(cache_dir: str | os.PathLike[str]) -> dict[str, str] | None:
    """id -> text, or None when the cache has not been built."""
    path = Path(cache_dir) / CACHE_FILE
    if not path.exists():
        return None
    return {str(o["id"]): str(o["text"]) for o in read_jsonl(path)}


# -- agreement -----------------------------------------------------------------------------------


def cohen_kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two label sequences over the same items (1.0 when both are constant and equal)."""
    if len(a) != len(b):
        raise ValueError("the two passes label different numbers of items")
    n = len(a)
    if not n:
        return 0.0
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def _type_label(item: dict[str, Any]) -> str:
    return str(item.get("event_type") or NOT_RELEVANT) if item.get("relevant") else NOT_RELEVANT


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """Agreement of a second labelling pass with the first, on the items the second pass labelled.

    relevance and type: observed agreement and Cohen's kappa (type uses 'not_relevant' for items
    labelled not relevant, so it also counts relevance disagreements; `type_where_both_relevant` does
    not). main kab/kota: exact agreement of `expected`, null included. When some second-pass items say
    `whole_text_shown: false`, the figures are repeated without them under `where_whole_text_shown`.
    """
    by_id = {i["id"]: i for i in first}
    partial = [s for s in second if s.get("whole_text_shown") is False]
    unknown = [s["id"] for s in second if s["id"] not in by_id]
    if unknown:
        raise RealNewsError(f"second pass has ids not in the first: {', '.join(map(str, unknown[:5]))}")
    pairs = [(by_id[s["id"]], s) for s in second]
    rel_a = [str(bool(f.get("relevant"))) for f, _ in pairs]
    rel_b = [str(bool(s.get("relevant"))) for _, s in pairs]
    typ_a = [_type_label(f) for f, _ in pairs]
    typ_b = [_type_label(s) for _, s in pairs]
    both = [(f, s) for f, s in pairs if f.get("relevant") and s.get("relevant")]
    bt_a = [_type_label(f) for f, _ in both]
    bt_b = [_type_label(s) for _, s in both]
    main_ok = sum(f.get("expected") == s.get("expected") for f, s in pairs)
    placed = [(f, s) for f, s in pairs if f.get("expected") or s.get("expected")]
    n = len(pairs)

    def obs(x: list[str], y: list[str]) -> float:
        return round(sum(p == q for p, q in zip(x, y, strict=True)) / len(x), 4) if x else 0.0

    report: dict[str, Any] = {
        "items": n,
        "relevance": {"agreement": obs(rel_a, rel_b), "kappa": round(cohen_kappa(rel_a, rel_b), 4)},
        "type": {"agreement": obs(typ_a, typ_b), "kappa": round(cohen_kappa(typ_a, typ_b), 4)},
        "type_where_both_relevant": {
            "items": len(both),
            "agreement": obs(bt_a, bt_b),
            "kappa": round(cohen_kappa(bt_a, bt_b), 4),
        },
        "main_kabkota": {
            "exact_agreement": round(main_ok / n, 4) if n else 0.0,
            "exact_agreement_where_either_placed": round(
                sum(f.get("expected") == s.get("expected") for f, s in placed) / len(placed), 4
            )
            if placed
            else 0.0,
            "items_either_placed": len(placed),
        },
        "disagreements": [
            {
                "id": f["id"],
                "first": {"relevant": f.get("relevant"), "type": _type_label(f), "expected": f.get("expected")},
                "second": {"relevant": s.get("relevant"), "type": _type_label(s), "expected": s.get("expected")},
            }
            for f, s in pairs
            if (_type_label(f), f.get("expected")) != (_type_label(s), s.get("expected"))
        ],
    }
    if partial:
        # Items the second labeller saw only part of (`whole_text_shown: false`): the same figures without them.
        whole = agreement(first, [s for s in second if s.get("whole_text_shown") is not False])
        whole.pop("disagreements")
        report["items_partial_text"] = len(partial)
        report["where_whole_text_shown"] = whole
    return report


# -- baselines -----------------------------------------------------------------------------------

# "An election word AND a conflict word": the rule the issue measured the classifier against.
ELECTION_RE = re.compile(
    r"\b(pemilu|pemilihan umum|pilkada|pemilukada|pileg|pilpres|pilgub|pilbup|pilwalkot|pilwako|"
    r"pemilihan (gubernur|bupati|wali ?kota|kepala daerah|presiden|legislatif)|kpu|kpud|kip|bawaslu|"
    r"panwas\w*|tps|caleg|capres|cawapres|cagub|cabup|cawalkot|paslon|pasangan calon|kampanye|"
    r"surat suara|kotak suara|dkpp|psu|rekapitulasi)\b",
    re.IGNORECASE,
)
CONFLICT_RE = re.compile(
    r"\b(bentrok\w*|ricuh|kericuhan|rusuh|kerusuhan|amuk|dibakar|membakar|pembakaran|terbakar|dirusak|"
    r"merusak|perusakan|pengrusakan|ancam\w*|intimidasi|teror|politik uang|serangan fajar|money politic\w*|"
    r"mahar|hoaks|hoax|fitnah|ujaran kebencian|sara|provokasi|provokatif|demo|demonstrasi|unjuk rasa|"
    r"protes|curang|kecurangan|penggelembungan|manipulasi|tidak netral|netralitas|pelanggaran|sengketa|"
    r"gugatan|rawan|kerawanan|tewas|luka|dianiaya|penganiayaan|pengeroyokan|tembak\w*|panah|granat|"
    r"molotov|pemungutan suara ulang)\b",
    re.IGNORECASE,
)


def two_regex_relevant(text: str) -> bool:
    return bool(ELECTION_RE.search(text)) and bool(CONFLICT_RE.search(text))


@dataclass(slots=True)
class KabKotaNames:
    """Bare kab/kota names ('Bogor') to codes; a name both a Kabupaten and a Kota has uses both."""

    by_name: dict[str, dict[str, str]]  # bare name -> {"kabupaten": code, "kota": code}
    pattern: re.Pattern[str]

    @classmethod
    def from_data_dir(cls, data_dir: str | os.PathLike[str]) -> KabKotaNames:
        path = datafiles.locate(Path(data_dir) / "regions" / "regencies.csv")
        by_name: dict[str, dict[str, str]] = {}
        with datafiles.open_text(path, newline="") as fh:
            for row in csv.DictReader(fh):
                name = row["name"]
                kind = "kota" if name.startswith("Kota ") else "kabupaten"
                bare = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name)
                by_name.setdefault(bare, {})[kind] = row["code"]
        names = sorted(by_name, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w])(?:(Kabupaten|Kab\.?|Kota)\s+)?(" + "|".join(re.escape(n) for n in names) + r")(?![\w])"
        )
        return cls(by_name, pattern)

    def most_mentioned(self, text: str) -> str | None:
        """The kab/kota whose name occurs most often (first mention breaks ties); a bare name shared
        by a Kabupaten and a Kota counts for the Kabupaten unless 'Kota' stands before it."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in self.pattern.finditer(text):
            codes = self.by_name[m.group(2)]
            kind = "kota" if (m.group(1) or "").startswith("Kota") else "kabupaten"
            code = codes.get(kind) or next(iter(codes.values()))
            counts[code] += 1
            first.setdefault(code, m.start())
        if not counts:
            return None
        return max(counts, key=lambda c: (counts[c], -first[c]))


# -- evaluation ----------------------------------------------------------------------------------


def _published(value: Any) -> str | None:
    return value if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def _is_kabkota(gaz: Any, pred: dict[str, Any]) -> bool:
    from waspada.nlp.evaluate import kabkota_of

    main = pred.get("main_location")
    return main is not None and "." in kabkota_of(gaz, main["code"])


def evaluate_realnews(
    gaz: Any,
    items: list[dict[str, Any]],
    texts: dict[str, str],
    data_dir: str | os.PathLike[str],
    classifier: Any = None,
) -> dict[str, Any]:
    """Every figure on the items whose text is in the cache, each beside its baseline on the same items."""
    from waspada.nlp.analyze import analyze_item
    from waspada.nlp.evaluate import kabkota_of, score_events

    present = [i for i in items if i["id"] in texts]
    missing = [i["id"] for i in items if i["id"] not in texts]
    docs = [
        {"id": i["id"], "title": "", "text": texts[i["id"]], "published_at": _published(i.get("published"))}
        for i in present
    ]
    preds = [analyze_item(d, gaz, classifier=classifier) for d in docs]
    errors = [p for p in preds if "error" in p]
    if errors:
        raise RuntimeError(f"{len(errors)} items failed, first: {errors[0]['error']}")
    names = KabKotaNames.from_data_dir(data_dir)

    placed = [(i, p, d) for i, p, d in zip(present, preds, docs, strict=True) if i.get("expected")]
    got = [kabkota_of(gaz, p["main_location"]["code"]) if p["main_location"] else None for _, p, _ in placed]
    sys_ok = sum(g == i["expected"] for (i, _, _), g in zip(placed, got, strict=True))
    # A province-level answer is not a kab/kota answer: coverage counts kab/kota codes only.
    answered = sum(g is not None and "." in g for g in got)
    prov_ok = sum(
        g is not None and g.split(".")[0] == i["expected"].split(".")[0]
        for (i, _, _), g in zip(placed, got, strict=True)
    )
    base = [names.most_mentioned(d["text"]) for _, _, d in placed]
    base_ok = sum(b == i["expected"] for (i, _, _), b in zip(placed, base, strict=True))
    unplaced = [p for i, p in zip(present, preds, strict=True) if not i.get("expected")]

    report = score_events([dict(i, event_type=i.get("event_type")) for i in present], preds)
    rules = [two_regex_relevant(d["text"]) for d in docs]
    gold_types = Counter(str(i["event_type"]) for i in present if i.get("relevant") and i.get("event_type"))
    majority = gold_types.most_common(1)[0][0] if gold_types else NOT_RELEVANT
    base_preds = [{"relevant": r, "event_types": [{"code": majority}] if r else []} for r in rules]
    base_report = score_events(present, base_preds)
    n_placed = len(placed)
    wrong_places = [
        {"id": i["id"], "expected": i["expected"], "got": g}
        for (i, _, _), g in zip(placed, got, strict=True)
        if g != i["expected"]
    ]
    return {
        "available": True,
        "items": len(items),
        "items_with_text": len(present),
        "items_missing_text": len(missing),
        "model_version": preds[0]["model_version"] if preds else None,
        "main_kabkota": {
            "items": n_placed,
            "accuracy": round(sys_ok / n_placed, 4) if n_placed else 0.0,
            "coverage": round(answered / n_placed, 4) if n_placed else 0.0,
            "accuracy_where_answered": round(sys_ok / answered, 4) if answered else 0.0,
            "baseline_most_mentioned_name": round(base_ok / n_placed, 4) if n_placed else 0.0,
            "province_accuracy": round(prov_ok / n_placed, 4) if n_placed else 0.0,
            # items whose gold has no main kab/kota: share where the analysis names no kab/kota either
            "no_kabkota_where_gold_none": round(sum(not _is_kabkota(gaz, p) for p in unplaced) / len(unplaced), 4)
            if unplaced
            else 0.0,
            "wrong": wrong_places,
        },
        "relevance": dict(report["relevance"], baseline_two_regex=base_report["relevance"]),
        "event_type": {
            "macro_f1": report["event_type"]["macro_f1"],
            "per_type_f1": report["event_type"]["per_type_f1"],
            "baseline_most_frequent_type": {"type": majority, "macro_f1": base_report["event_type"]["macro_f1"]},
        },
        "confusion": report["confusion"],
    }


# -- error analysis ------------------------------------------------------------------------------

# Provinces formed in 2022 and the province each was split from: a region under its pre-2022 name.
PAPUA_SPLITS = {"93": "91", "94": "91", "95": "91", "96": "92"}


def _bare(name: str) -> str:
    return re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name)


def place_error_class(gaz: Any, item: dict[str, Any], pred: dict[str, Any], got: str | None) -> str | None:
    """The class of a main kab/kota miss (None when right). Classes, checked in this order:
    answered_where_gold_none, no_answer, province_only, old_papua_province (the answer is in the province the
    gold's 2022 province was split from), kota_kabupaten_pair (same name, other kind), dateline_place (the
    answer is the dateline's place), jakarta_national_desk (the answer is in Jakarta, the event elsewhere),
    same_province_other_kabkota, other_province."""
    from waspada.nlp.dateline import find_dateline

    exp = item.get("expected")
    if got == exp or (not exp and (got is None or "." not in got)):
        return None
    if not exp:
        return "answered_where_gold_none"
    if got is None:
        return "no_answer"
    if "." not in got:
        return "province_only" if got == exp.split(".")[0] else "other_province"
    gp, ep = got.split(".")[0], exp.split(".")[0]
    if PAPUA_SPLITS.get(ep) == gp:
        return "old_papua_province"
    g, e = gaz.place(got), gaz.place(exp)
    if g is not None and e is not None and _bare(g.name) == _bare(e.name):
        return "kota_kabupaten_pair"
    dl = find_dateline(str(pred.get("_text") or ""))
    if dl is not None:
        from waspada.nlp.evaluate import kabkota_of

        for loc in pred.get("locations") or []:
            if kabkota_of(gaz, loc["code"]) == got and any(
                m["field"] == "text" and m["start"] >= dl[0] and m["end"] <= dl[1] for m in loc["mentions"]
            ):
                return "dateline_place"
    if gp == "31" and ep != "31":
        return "jakarta_national_desk"
    return "same_province_other_kabkota" if gp == ep else "other_province"


def relevance_error_class(item: dict[str, Any], pred: dict[str, Any]) -> str | None:
    """fp:<negative kind> for a false positive, fn:<type> for a miss (None when right)."""
    gold, got = bool(item.get("relevant")), bool(pred.get("relevant"))
    if gold == got:
        return None
    if got:
        return f"fp:{item.get('negative_kind') or 'unspecified'}"
    return f"fn:{item.get('event_type') or 'unspecified'}"


def type_error_class(item: dict[str, Any], pred: dict[str, Any]) -> str | None:
    """'<gold> -> <predicted>' for a relevant item found relevant with another top type."""
    if not (item.get("relevant") and pred.get("relevant") and pred.get("event_types")):
        return None
    top = pred["event_types"][0]["code"]
    return None if top == item.get("event_type") else f"{item.get('event_type')} -> {top}"


def error_analysis(
    gaz: Any, items: list[dict[str, Any]], texts: dict[str, str], classifier: Any = None
) -> dict[str, Any]:
    """Every miss on the items with text, by class: {"place"|"relevance"|"type": {class: [ids]}}."""
    from waspada.nlp.analyze import analyze_item
    from waspada.nlp.evaluate import kabkota_of

    out: dict[str, dict[str, list[str]]] = {"place": {}, "relevance": {}, "type": {}}
    n = 0
    for item in items:
        text = texts.get(item["id"])
        if text is None:
            continue
        n += 1
        pred = analyze_item(
            {"id": item["id"], "title": "", "text": text, "published_at": _published(item.get("published"))},
            gaz,
            classifier=classifier,
        )
        if "error" in pred:
            raise RuntimeError(f"{item['id']}: {pred['error']}")
        got = kabkota_of(gaz, pred["main_location"]["code"]) if pred["main_location"] else None
        pred["_text"] = text
        for kind, cls in (
            ("place", place_error_class(gaz, item, pred, got)),
            ("relevance", relevance_error_class(item, pred)),
            ("type", type_error_class(item, pred)),
        ):
            if cls:
                out[kind].setdefault(cls, []).append(item["id"])
    return {
        "items_with_text": n,
        **{kind: dict(sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0]))) for kind, classes in out.items()},
    }
