"""The per-item pipeline and the readers for .txt and .jsonl input.

One bad item (undecodable, too long, malformed) yields an error object for that item only; the
batch always goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from waspada.nlp.dateline import find_dateline
from waspada.nlp.domain import DomainDataError
from waspada.nlp.events import EVENT_KEYS, EventClassifier, get_classifier, parse_published
from waspada.nlp.gazetteer import Gazetteer
from waspada.nlp.language import detect_language, detect_language_tokens
from waspada.nlp.places import ResolvedPlace, resolve
from waspada.nlp.text import clean_text, tokenize

# 1 MB of text is ~150 long articles; larger items are refused rather than risk memory.
MAX_CHARS = 1_000_000
MAX_BYTES = 4 * MAX_CHARS  # UTF-8 is at most 4 bytes a character
LANGUAGE_CHARS = 20000  # detect_language reads this many characters
OUTPUT_KEYS = ("source", "id", "language", "main_location", "locations") + EVENT_KEYS


class ItemError(ValueError):
    """A problem with one input item, reported in its output line."""


def _error(source: str, item_id: Any, message: str) -> dict[str, Any]:
    return {"source": source, "id": item_id, "error": message}


def _field_text(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ItemError(f"field '{name}' must be a string, got {type(value).__name__}")
    return value


def analyze_item(
    item: dict[str, Any],
    gazetteer: Gazetteer,
    *,
    source: str | None = None,
    max_chars: int = MAX_CHARS,
    classifier: EventClassifier | None = None,
    places_only: bool = False,
) -> dict[str, Any]:
    """Analyse one item {"id","title","text","url","published_at"}; never raises on bad input.

    Returns {"source","id","language","main_location","locations","relevant","relevance",
    "event_types","actors","casualties","event_date","severity_hint","model_version"} or
    {"source","id","error"}. Offsets in `mentions` and `evidence` are into the item's `title` or
    `text` field as given (`field` says which). `classifier` defaults to the process-wide one
    (events.get_classifier: taxonomy from the domain folder, data/domain; default model). `places_only`
    stops after the places (part 1's output keys), for measuring that stage alone.
    """
    src = source if source is not None else str(item.get("source") or "")
    item_id = item.get("id")
    if "error" in item and "text" not in item:
        return _error(src, item_id, str(item["error"]))
    try:
        title = _field_text(item, "title")
        text = _field_text(item, "text")
        if len(title) + len(text) > max_chars:
            raise ItemError(
                f"text too long: {len(title) + len(text)} characters (limit {max_chars}); "
                "split the document or raise the limit"
            )
        clf = None if places_only else classifier or get_classifier()
        return _analyze(src, item_id, title, text, gazetteer, clf, parse_published(item.get("published_at")))
    except (ItemError, DomainDataError) as exc:
        return _error(src, item_id, str(exc))
    except Exception as exc:  # a bug must not stop the batch; the message says which item
        return _error(src, item_id, f"internal error: {type(exc).__name__}: {exc}")


def _analyze(source: str, item_id: Any, title: str, text: str, gaz: Gazetteer, clf: EventClassifier | None,
             published: date | None) -> dict[str, Any]:
    title_c = clean_text(title).replace("\n", " ")
    text_c = clean_text(text)
    # Title and body are read as one document; "\n\n" keeps names from running across.
    body_start = len(title_c) + 2 if title_c else 0
    doc = f"{title_c}\n\n{text_c}" if title_c else text_c
    # One tokenisation of the document serves language detection and the gazetteer.
    lower = doc.lower()
    toks = tokenize(doc, lower if len(lower) == len(doc) else None)
    if len(doc) <= LANGUAGE_CHARS and len(lower) == len(doc):
        language = detect_language_tokens(toks.words)
    else:
        language = detect_language(doc, LANGUAGE_CHARS)
    dl = find_dateline(text_c)
    if dl is not None:
        dl = (dl[0] + body_start, dl[1] + body_start)
    res = resolve(gaz, doc, title_end=len(title_c), body_start=body_start, dateline=dl, language=language,
                  tokens=toks)

    def where(start: int, end: int) -> dict[str, Any]:
        if start < len(title_c):
            return {"field": "title", "start": start, "end": end, "text": title[start:end]}
        s, e = start - body_start, end - body_start
        return {"field": "text", "start": s, "end": e, "text": text[s:e]}

    def place_json(rp: ResolvedPlace, confidence: float) -> dict[str, Any]:
        p = rp.place
        return {"code": p.code, "name": p.name, "level": p.level, "confidence": confidence}

    main = None
    if res.main is not None:
        main = place_json(res.main, res.main_confidence)
    locations = []
    for rp in res.places:
        loc = place_json(rp, rp.confidence)
        loc["is_main"] = rp.is_main
        loc["mentions"] = [where(s, e) for s, e in rp.mentions]
        locations.append(loc)
    out: dict[str, Any] = {
        "source": source,
        "id": item_id,
        "language": language,
        "main_location": main,
        "locations": locations,
    }
    if clf is None:
        return out
    # Classification reads the cleaned fields: same length as the originals, so offsets hold.
    out.update(clf.classify(title_c, text_c, published))
    for et in out["event_types"]:
        for ev in et["evidence"]:
            ev["text"] = (title if ev["field"] == "title" else text)[ev["start"]:ev["end"]]
    return out


# -- readers ----------------------------------------------------------------------------------


def _check_published(value: str | None) -> str | None:
    if value is None:
        return None
    date.fromisoformat(value)  # ValueError on a bad date: the CLI turns it into exit 2
    return value


def read_txt(path: Path, *, published: str | None = None, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """One item from a UTF-8 text file; the first line is the title when a blank line follows."""
    source, item_id = str(path), path.stem
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _error(source, item_id, f"file too large: {size} bytes (limit {max_bytes})")
        raw = path.read_bytes()
    except OSError as exc:
        return _error(source, item_id, f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in raw[:8192]:
        return _error(source, item_id, "binary file, not text")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _error(source, item_id, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")
    title, text = "", content
    first, sep, rest = content.partition("\n")
    if sep and rest.lstrip(" \t\r").startswith("\n") and first.strip():
        title, text = first.strip(), rest.lstrip(" \t\r\n")
    return {
        "source": source,
        "id": item_id,
        "title": title,
        "text": text,
        "url": None,
        "published_at": published,
    }


def read_jsonl(path: Path, *, published: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[dict[str, Any]]:
    """Items from a JSON-lines file; a bad line becomes an error item and reading goes on."""
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _error(source, None, f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        lineno = 0
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                break
            lineno += 1
            fallback_id = f"{path.name}:{lineno}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of an over-long line in bounded chunks.
                while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
                    pass
                yield _error(source, fallback_id, f"line {lineno} too long (limit {max_bytes} bytes)")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                yield _error(source, fallback_id, f"line {lineno}: not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield _error(source, fallback_id, f"line {lineno}: invalid JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                yield _error(source, fallback_id, f"line {lineno}: expected a JSON object")
                continue
            item_id = obj.get("id", fallback_id)
            if "text" not in obj and "title" not in obj:
                yield _error(source, item_id, f"line {lineno}: missing field 'text'")
                continue
            item = dict(obj)
            item["source"] = source
            item["id"] = item_id
            item.setdefault("published_at", published)
            yield item


def read_items(
    paths: list[str | os.PathLike[str]], *, published: str | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[dict[str, Any]]:
    """Items of every file in order: .txt is one item, .jsonl one per line."""
    _check_published(published)
    for p in paths:
        path = Path(p)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from read_jsonl(path, published=published, max_bytes=max_bytes)
        elif suffix == ".txt":
            yield read_txt(path, published=published, max_bytes=max_bytes)
        else:
            yield _error(str(path), path.stem, "unsupported file type: use .txt or .jsonl")


def analyze_paths(
    paths: list[str | os.PathLike[str]],
    gazetteer: Gazetteer,
    *,
    published: str | None = None,
    max_bytes: int = MAX_BYTES,
    classifier: EventClassifier | None = None,
) -> Iterator[dict[str, Any]]:
    for item in read_items(paths, published=published, max_bytes=max_bytes):
        yield analyze_item(
            item,
            gazetteer,
            source=str(item.get("source", "")),
            max_chars=max_bytes // 4 if max_bytes < MAX_BYTES else MAX_CHARS,
            classifier=classifier,
        )
