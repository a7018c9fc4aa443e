"""The fast paths give exactly what the straightforward code gives: one split of a field for words,
name flags and spans; language from the shared tokens; counters for the model's features; the
lead read piece by piece for dates; capitalised gazetteer hits; idioms; case counts."""

from __future__ import annotations

import random
import re
from datetime import date

import numpy as np
import pytest

from waspada.nlp import cues, dates
from waspada.nlp import model as mdl
from waspada.nlp.events import EventClassifier, eval_path, read_jsonl, training_path
from waspada.nlp.gazetteer import Gazetteer
from waspada.nlp.language import detect_language, detect_language_tokens
from waspada.nlp.normalize import _fast_words_loop, field_words, stemmer, token_lists
from waspada.nlp.text import _TOKEN, case_counts, fold, tokenize


def _texts(n_random: int = 3000, seed: int = 7) -> list[str]:
    items = read_jsonl(training_path())[:80] + read_jsonl(eval_path())[:40]
    texts = [i["text"] for i in items] + [i["title"] for i in items]
    texts += ["", " ", "A", "Yg TPS di Kab. Bandung", "ΑΣ.Α", "İstanbul yg", "x. Yg Bentrok", "a\u2019b Jum'at",
              "Café “Serang” — paslon", "covid19 di2 a²b 5/2 10.30 1.500.000 luka-luka", "SEMUA HURUF BESAR"]
    rnd = random.Random(seed)
    alphabet = list("aBZ.-,'\u2019\n\t_\u00a0İß1:!?\"(\u201c\u2018\u2013Σé²") + [
        " ", " ", "yg", "Yg", "TPS", "tps", "Paslon", "5/2", "10.30", "luka-luka", ". ", "Serang", "SERANG"]
    for _ in range(n_random):
        texts.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))))
    return texts


def test_field_words_equal_the_token_loop_and_token_lists() -> None:
    with_spans = 0
    for t in _texts():
        fw = field_words(t)
        assert (fw.words, fw.flags) == _fast_words_loop(t), t
        spans = fw.spans()
        if spans is not None:
            with_spans += 1
            assert token_lists(t, fold(t)) == (fw.words, spans[0], spans[1]), t
    assert with_spans > 1000


def test_tokenize_ascii_and_unicode_paths_agree() -> None:
    for t in _texts(1000):
        toks = tokenize(t)
        f = fold(t)
        spans = [m.span() for m in _TOKEN.finditer(f)]
        assert list(zip(toks.starts, toks.ends, strict=True)) == spans, t
        assert toks.words == [f[s:e] for s, e in spans]


def test_language_from_tokens_equals_detect_language() -> None:
    extra = ["The commission said that the vote was held in an orderly way and it will report.",
             "Kerajaan negeri berkata bahawa pihak berkuasa boleh bertindak kerana ia ialah isu.", "12345 !!!"]
    for t in _texts(2000) + extra:
        if len(t.lower()) == len(t):
            assert detect_language_tokens(tokenize(t).words) == detect_language(t), t


def test_vectorize_stems_equals_vectorize_features(clf: EventClassifier) -> None:
    st = stemmer()
    for t in _texts(300):
        stems = st.stems(field_words(t).words)
        a_idx, a_val = clf.model.vectorize(mdl.features(stems))
        b_idx, b_val = clf.model.vectorize_stems(stems)
        assert np.array_equal(a_idx, b_idx) and np.array_equal(a_val, b_val)
    # a stem holding a space (Sastrawi on some non-ASCII words) takes the feature-string path
    a = clf.model.vectorize(mdl.features(["pemilu", "a b", "kpu"]))
    b = clf.model.vectorize_stems(["pemilu", "a b", "kpu"])
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def _find_dates_whole(text: str, folded: str, pub: date | None) -> list[tuple[int, int, date, bool]]:
    """Reference: every pattern over the whole lead at once."""
    folded = folded[:dates.SEARCH_CHARS]
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, int, date, bool]] = []
    for kind, rx in dates._PATTERNS:
        for m in rx.finditer(folded):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            d = dates._resolve(kind, m, pub, text)
            if d is None:
                continue
            taken.append((s, e))
            out.append((s, e, d, bool(dates._SPEECH.search(folded[max(0, s - 90):s]))))
    return sorted(out)


def test_dates_read_piece_by_piece_equal_a_whole_scan() -> None:
    rnd = random.Random(3)
    words = ["Rabu", "(14/2/2024)", "(5/2)", "Senin,", "5", "Feb.", "Februari", "2024", "2024-02-14", "14/2/2024",
             "kemarin", "hari", "ini", "dua", "lalu", "pekan", "Minggu", "minggu", "kata", ".", ",", "\n", "“", "des.",
             "Jum'at", "tadi", "malam", "desa.", "10.30", "(", ")", "dikonfirmasi", "-", "/", "  "]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 300))) for _ in range(1500)]
    texts += [i["text"] for i in read_jsonl(training_path())]
    for t in texts:
        f = fold(t)
        for pub in (date(2024, 2, 15), None):
            assert dates.find_dates(t, f, pub) == _find_dates_whole(t, f, pub), t


def test_find_capitalised_equals_filtered_find(gaz: Gazetteer) -> None:
    for item in read_jsonl(training_path())[:60]:
        t = item["title"] + "\n\n" + item["text"]
        toks = tokenize(t)
        assert gaz.find_capitalised(toks, t) == [h for h in gaz.find(toks) if t[h.start].isupper()]
        assert gaz.find_capitalised(toks, None) == gaz.find(t)


def _find_by_regex(gaz: Gazetteer, text: str) -> list[tuple[int, int, str]]:
    """The straightforward reading of a key: its words joined by single spaces in a string of the
    text's tokens, where punctuation between two tokens is " | " (so no key crosses it)."""
    toks = tokenize(text)
    norm, at = "", []
    for i, w in enumerate(toks.words):
        norm += (" | " if toks.hard_before[i] and i else " ")
        at.append(len(norm))
        norm += w
    norm += " "
    first_of = {p: i for i, p in enumerate(at)}
    found = []
    longest = max(len(k.split(" ")) for k in gaz.keys)
    for i, p in enumerate(at):
        for m in range(longest, 0, -1):
            if i + m > len(at):
                continue
            end = at[i + m - 1] + len(toks.words[i + m - 1])
            key = norm[p:end]
            if norm[end] == " " and key in gaz.key_ids:
                found.append((first_of[p], i + m - 1, key))
    return found


def test_find_equals_a_search_of_every_token_run(gaz: Gazetteer) -> None:
    texts = _texts(400) + ["Kab. Bandung Barat, Kota Bandung; Tojo Una-Una | KUALA LUMPUR kuala lumpur."]
    hits = 0
    for t in texts:
        got = [(h.first_token, h.last_token, h.key) for h in gaz.find(t)]
        assert got == _find_by_regex(gaz, t), t
        hits += len(got)
    assert hits > 500


@pytest.mark.parametrize("text", ["dari sabang sampai merauke", "sabangsabang sampai merauke, miangas hingga rote",
                                  "xsabang ke merauke sabang  ke\nmerauke", "tidak ada"])
def test_idiom_spans(text: str) -> None:
    assert cues.idiom_spans(text) == [m.span() for m in cues._IDIOM.finditer(text)]


def test_case_counts() -> None:
    for t in _texts(1000) + [re.sub("a", "Ä", t) for t in _texts(200, seed=9)]:
        assert case_counts(t) == (sum(map(str.isupper, t)), sum(map(str.islower, t)))
