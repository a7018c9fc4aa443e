"""What happened and how serious: relevance, event types with evidence, actors, event date,
casualties and a severity hint, for one news item.

Relevance and type scores blend the model and the rules, both visible in the output:
    relevance   = 0.6 * p_model(relevant) + 0.4 * max over types of rule score
    type score  = 0.6 * p_model(type | relevant) + 0.4 * rule score of the type
An item is relevant when relevance >= RELEVANCE_THRESHOLD (0.5). Relevant items list every type
scoring at least TYPE_MIN_SCORE (and always the best one); non-relevant items list none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from waspada.nlp import learn
from waspada.nlp import model as mdl
from waspada.nlp.actors import ActorMatcher, Candidate, actor_list
from waspada.nlp.casualties import casualties as find_casualties
from waspada.nlp.dates import event_date
from waspada.nlp.domain import Party, Taxonomy, Ticket, find_domain_dir, load_parties, load_taxonomy
from waspada.nlp.lexicon import Hit, Lexicon
from waspada.nlp.normalize import Stemmer, field_words, stemmer, token_lists
from waspada.nlp.text import fold

log = logging.getLogger(__name__)

RELEVANCE_THRESHOLD = 0.5
TYPE_MIN_SCORE = 0.3
MODEL_WEIGHT = 0.6
MAX_EVIDENCE = 5
EVENT_KEYS = ("relevant", "relevance", "event_types", "actors", "casualties", "event_date", "severity_hint",
              "model_version")


def training_path() -> Path:
    return Path(__file__).resolve().parent / "eval_data" / "news_train.jsonl"


def eval_path() -> Path:
    return Path(__file__).resolve().parent / "eval_data" / "news_eval.jsonl"


def read_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass(slots=True)
class _Doc:
    n_title: int
    starts: list[int]  # token spans, title tokens first, then text tokens (each in its own field)
    ends: list[int]
    stems: list[str]

    def positions(self, stem: str) -> Iterator[int]:
        """Token positions of `stem`, ascending (list.index: the scan runs in C)."""
        stems = self.stems
        i = -1
        while True:
            try:
                i = stems.index(stem, i + 1)
            except ValueError:
                return
            yield i


class EventClassifier:
    def __init__(self, taxonomy: Taxonomy, text_model: mdl.TextModel, *, stem: Stemmer | None = None,
                 domain_dir: Path | None = None, candidates: list[Candidate] | None = None) -> None:
        self.taxonomy = taxonomy
        self.domain_dir = domain_dir
        self.model = text_model
        self.stemmer = stem or stemmer()
        self.lexicon = Lexicon(taxonomy, self.stemmer)
        parties: tuple[Party, ...] = ()
        tickets: tuple[Ticket, ...] = ()
        if domain_dir is not None:
            parties, tickets, _digest = load_parties(domain_dir)
        self.actors = ActorMatcher(parties, tickets, candidates or [])
        names = [a for p in parties for a in p.aliases if len(a) > 4] + [a for t in tickets for a in t.aliases]
        self.lexicon.add_terms(names + [a for c in (candidates or []) for a in c.aliases])
        self.version = text_model.version

    # -- one item ------------------------------------------------------------------------------

    def classify(self, title: str, text: str, published: date | None) -> dict[str, Any]:
        folded_title, folded_text = fold(title), fold(text)
        tfield, bfield = field_words(title), field_words(text)
        tw, bw = tfield.words, bfield.words
        stems = self.stemmer.stems(tw + bw)
        rules = self.lexicon.match(stems, title_tokens=len(tw), proper=tfield.flags + bfield.flags)
        idx, val = self.model.vectorize_stems(stems)
        rule_rel = max(rules.scores.values(), default=0.0)
        # A calibrated stack of the model and the rules when the model was trained on real text
        # (waspada.nlp.learn), else the fixed blend. By definition a relevant story concerns an election
        # (pemilu/pilkada): with no election term at all, or only village-head-election terms, relevance
        # is capped below the threshold.
        relevance, relevant = learn.relevance_score(self.model, self.model.relevance_logit(idx, val), rule_rel,
                                                    rules.election_terms, rules.pilkades_only)

        event_types: list[dict[str, Any]] = []
        if relevant:
            probs = dict(zip(self.model.type_codes, self.model.type_probs(idx, val).tolist(), strict=True))
            scored = learn.type_scores(learn.type_weight(self.model), probs, rules.scores, self.taxonomy.codes)
            tspans, bspans = tfield.spans(), bfield.spans()
            if tspans is not None and bspans is not None:
                # The words' own spans: token_lists would give these very words again.
                doc = _Doc(len(tw), tspans[0] + bspans[0], tspans[1] + bspans[1], stems)
            else:
                doc = self._doc(title, text, folded_title, folded_text)
            for n, (score, code) in enumerate(scored):
                if n > 0 and score < TYPE_MIN_SCORE:
                    break
                event_types.append({"code": code, "score": round(score, 3),
                                    "evidence": self._evidence(doc, title, text, rules.hits.get(code, []), code,
                                                               idx, val)})

        cas = find_casualties(folded_title + "\n\n" + folded_text)
        ev, _span = event_date(text, folded_text, published)
        if ev is None and title:
            ev, _span = event_date(title, folded_title, published)
        mentions = self.actors.find(tw, title) + self.actors.find(bw, text)
        severity = self.severity(event_types, cas, stems, relevant)
        return {
            "relevant": relevant,
            "relevance": round(relevance, 3),
            "event_types": event_types,
            "actors": actor_list(mentions),
            "casualties": cas,
            "event_date": ev.isoformat() if ev else None,
            "severity_hint": severity,
            "model_version": self.version,
        }

    def _doc(self, title: str, text: str, folded_title: str, folded_text: str) -> _Doc:
        """Token spans, computed only when evidence is reported (relevant items)."""
        tw, ts, te = token_lists(title, folded_title)
        bw, bs, be = token_lists(text, folded_text)
        return _Doc(len(tw), ts + bs, te + be, self.stemmer.stems(tw + bw))

    def _evidence(self, doc: _Doc, title: str, text: str, hits: list[Hit], code: str, idx: Any,
                  val: Any) -> list[dict[str, Any]]:
        nt = doc.n_title

        def span(first: int, last: int, source: str, phrase: str) -> dict[str, Any]:
            if first < nt:
                last = min(last, nt - 1)
                field, src = "title", title
            else:
                field, src = "text", text
            s, e = doc.starts[first], doc.ends[last]
            return {"field": field, "start": s, "end": e, "text": src[s:e], "source": source, "phrase": phrase}

        good = sorted((h for h in hits if not h.negated and h.weight > 0), key=lambda h: (-h.weight, h.first))
        out: list[dict[str, Any]] = []
        seen: set[tuple[int, int]] = set()
        for h in good:
            if (h.first, h.last) in seen:
                continue
            seen.add((h.first, h.last))
            out.append(span(h.first, h.last, "rule", h.phrase))
            if len(out) >= MAX_EVIDENCE:
                return out
        # The model's strongest features present in the text, located at their first occurrence.
        for feat in self.model.top_features(idx, val, code, k=3):
            parts = feat.split(" ")
            for i in doc.positions(parts[0]):
                if doc.stems[i:i + len(parts)] == parts and (i, i + len(parts) - 1) not in seen:
                    seen.add((i, i + len(parts) - 1))
                    out.append(span(i, i + len(parts) - 1, "model", feat))
                    break
            if len(out) >= MAX_EVIDENCE:
                break
        return out

    # -- severity ------------------------------------------------------------------------------

    def severity(self, event_types: list[dict[str, Any]], cas: dict[str, int | None], stems: list[str],
                 relevant: bool) -> int:
        """1-5 from the taxonomy rubric: the top type's default, raised by casualties and by what
        was hit (an election office burnt, a TPS re-vote, an abduction, displacement)."""
        if not relevant or not event_types:
            return 1
        top = self.taxonomy.by_code.get(event_types[0]["code"])
        level = top.default_severity if top else 1
        dead, injured = cas.get("dead") or 0, cas.get("injured") or 0
        if dead >= 3:
            level = max(level, 5)
        elif dead >= 1 or injured >= 10:
            level = max(level, 4)
        elif injured >= 1:
            level = max(level, 3)
        joined = " " + " ".join(stems) + " "
        for phrase, lvl in _severity_phrases(self.stemmer):
            if phrase in joined:
                level = max(level, lvl)
        return min(level, 5)


_SEV_CACHE: dict[int, list[tuple[str, int]]] = {}

# Rubric cues: (surface phrase, level). Matched on stems, with spaces around.
SEVERITY_CUES: list[tuple[str, int]] = [
    ("kantor kpu dibakar", 4), ("membakar kantor kpu", 4), ("pembakaran kantor kpu", 4),
    ("kantor bawaslu dibakar", 4), ("kantor ppk dibakar", 4), ("kantor panwaslu dibakar", 4),
    ("kotak suara dibakar", 3), ("membakar kotak suara", 3), ("surat suara dibakar", 3),
    ("kantor kpu dirusak", 3), ("kantor ppk dirusak", 3), ("kantor bawaslu dirusak", 3),
    ("diculik", 3), ("penculikan", 3), ("disekap", 3), ("disandera", 3),
    ("pemungutan suara ulang", 3), ("penghitungan suara ulang", 3), ("pemungutan suara ditunda", 3),
    ("pemungutan suara susulan", 3), ("mengungsi", 4), ("pengungsi", 4), ("bantuan personel", 4),
    ("pasukan tambahan", 4), ("status keadaan konflik", 5), ("keadaan darurat", 5),
]


def _severity_phrases(st: Stemmer) -> list[tuple[str, int]]:
    key = id(st)
    got = _SEV_CACHE.get(key)
    if got is None:
        from waspada.nlp.normalize import normalise

        got = [(" " + " ".join(st.stems(normalise(p).split())) + " ", lvl) for p, lvl in SEVERITY_CUES]
        _SEV_CACHE[key] = got
    return got


# -- the default classifier --------------------------------------------------------------------


def default_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    return Path(cache_dir or os.environ.get("WASPADA_CACHE_DIR") or Path.home() / ".cache" / "waspada")


def rules_fingerprint() -> bytes:
    """The rule tables and blend constants: part of model_version, so a rule change shows."""
    from waspada.nlp import lexicon as lx

    tables = [lx.EXTRA, sorted(lx.WEAK), sorted(lx.NEUTRAL), lx.ELECTION_TERMS, lx.GENERIC_TERMS, lx.PILKADES_TERMS,
              [lx.WINDOW, lx.NEG_SPAN, lx.TITLE_BOOST, lx.SCALE], SEVERITY_CUES,
              [RELEVANCE_THRESHOLD, TYPE_MIN_SCORE, MODEL_WEIGHT]]
    return json.dumps(tables, sort_keys=True).encode()


def model_version(training_bytes: bytes, taxonomy: Taxonomy) -> str:
    digest = mdl.data_hash(training_bytes, mdl.CODE_VERSION.encode(), taxonomy.sha256.encode(), rules_fingerprint())
    return f"evt-{mdl.CODE_VERSION}-{digest[:8]}"


def build_model(train_file: Path, taxonomy: Taxonomy, cache_dir: Path, st: Stemmer) -> mdl.TextModel:
    """Train from `train_file` or load the cached model trained from the same bytes."""
    raw = train_file.read_bytes()
    version = model_version(raw, taxonomy)
    target = cache_dir / "nlp-models" / version
    if (target / mdl.MODEL_FILE).is_file():
        try:
            return mdl.load(target)
        except Exception as exc:  # a corrupt cache is rebuilt
            log.warning("rebuilding the event model cache %s: %s", target, exc)
    items = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    model = mdl.fit(items, st, taxonomy.codes, version)
    meta = {"model_version": version, "trained_at": mdl.now_iso(), "training_file": str(train_file),
            "training_sha256": hashlib.sha256(raw).hexdigest(), "code_version": mdl.CODE_VERSION,
            "taxonomy_sha256": taxonomy.sha256, "training_set": mdl.describe(items)}
    try:
        mdl.save(model, target, meta)
    except OSError:
        model.meta = meta  # read-only cache: keep the model in memory only
    return model


def packaged_model_dir() -> Path:
    """The committed model trained on the generated set and the real-news development set's labels
    (`python -m tools.realnews train`; its training description is model.json beside it)."""
    return Path(__file__).resolve().parent / "models" / "default"


def load_packaged(taxonomy: Taxonomy, model_dir: Path | None = None) -> mdl.TextModel:
    """The committed model; its version hashes the model file with the taxonomy and the rule tables
    (the rules feed the calibrated score, so a rule change is a new version)."""
    d = model_dir or packaged_model_dir()
    model = mdl.load(d)
    digest = mdl.data_hash((d / mdl.MODEL_FILE).read_bytes(), mdl.CODE_VERSION.encode(), taxonomy.sha256.encode(),
                           rules_fingerprint())
    model.version = f"evt-{mdl.CODE_VERSION}-{digest[:8]}"
    return model


_LOCK = threading.Lock()
_DEFAULT: dict[tuple[str, str, str], EventClassifier] = {}


def get_classifier(*, domain_dir: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None,
                   cache_dir: str | os.PathLike[str] | None = None,
                   model_dir: str | os.PathLike[str] | None = None) -> EventClassifier:
    """The process-wide classifier: the model in `model_dir` (or $WASPADA_NLP_MODEL_DIR) if given, else
    the committed model (models/default), else one trained from the packaged training file (cached)."""
    dd = find_domain_dir(domain_dir, data_dir)
    md = model_dir or os.environ.get("WASPADA_NLP_MODEL_DIR") or ""
    key = (str(dd), str(default_cache_dir(cache_dir)), str(md))
    with _LOCK:
        clf = _DEFAULT.get(key)
        if clf is None:
            tax = load_taxonomy(dd)
            st = stemmer()
            if md:
                text_model = mdl.load(md)
            elif (packaged_model_dir() / mdl.MODEL_FILE).is_file():
                text_model = load_packaged(tax)
            else:
                text_model = build_model(training_path(), tax, default_cache_dir(cache_dir), st)
            clf = EventClassifier(tax, text_model, stem=st, domain_dir=dd)
            _DEFAULT[key] = clf
        return clf


def parse_published(value: Any) -> date | None:
    """The date part of an ISO date or datetime; None when absent or unreadable."""
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
