"""Relevance and event type (rules + model), the analyze output contract, training and evaluation."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from waspada.nlp import model as mdl
from waspada.nlp.analyze import OUTPUT_KEYS, analyze_item
from waspada.nlp.cli import run_evaluate, run_train
from waspada.nlp.domain import find_domain_dir, load_taxonomy
from waspada.nlp.evaluate import score_events
from waspada.nlp.events import RELEVANCE_THRESHOLD, EventClassifier, eval_path, read_jsonl, training_path
from waspada.nlp.gazetteer import Gazetteer
from waspada.nlp.lexicon import Lexicon
from waspada.nlp.normalize import fast_words, stemmer


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(load_taxonomy(find_domain_dir()), stemmer())


def _rules(lx: Lexicon, text: str) -> dict[str, float]:
    words, names = fast_words(text)
    return lx.match(stemmer().stems(words), proper=names).scores


def test_rules_fire_in_election_context(lexicon: Lexicon) -> None:
    s = _rules(lexicon, "Dua kubu pendukung paslon terlibat bentrok dan saling lempar batu di depan TPS.")
    assert s["violence_clash"] > 0.5 and max(s, key=lambda k: s[k]) == "violence_clash"
    s = _rules(lexicon, "Bawaslu menangkap tangan pembagian amplop berisi uang, dugaan politik uang jelang pilkada.")
    assert max(s, key=lambda k: s[k]) == "money_politics"


def test_rules_negation_and_prevention(lexicon: Lexicon) -> None:
    assert _rules(lexicon, "Polisi memastikan tidak ada bentrokan di TPS selama pemilu.")["violence_clash"] == 0.0
    neg = _rules(lexicon, "Bawaslu mengimbau warga mencegah politik uang selama pilkada.")["money_politics"]
    pos = _rules(lexicon, "Bawaslu menemukan politik uang selama pilkada.")["money_politics"]
    assert neg < pos


def test_rules_need_an_election_and_not_a_pilkades(lexicon: Lexicon) -> None:
    election = _rules(lexicon, "Dua kelompok bentrok usai penghitungan suara pilkada, tiga orang luka-luka.")
    pilkades = _rules(lexicon, "Dua kelompok bentrok usai penghitungan suara pilkades, tiga orang luka-luka.")
    no_election = _rules(lexicon, "Dua kelompok pemuda bentrok di pasar, tiga orang luka-luka.")
    assert election["violence_clash"] > 2 * pilkades["violence_clash"]
    assert election["violence_clash"] > 2 * no_election["violence_clash"]


def test_place_names_are_not_keywords(lexicon: Lexicon) -> None:
    # "Serang" (Kota Serang) is not "serang" (attack)
    text = "Pengurus Partai Buruh mendaftarkan bakal calon ke kantor KPU Kota Serang untuk pilkada pada pagi hari ini."
    assert _rules(lexicon, text)["violence_clash"] == 0.0


ARTICLE = {
    "id": "a1",
    "title": "Bentrok antarpendukung paslon di Kabupaten Bima, dua orang tewas",
    "text": ("BIMA, KOMPAS.com - Massa pendukung pasangan calon nomor urut 1 dan nomor urut 2 terlibat bentrok "
             "di Kecamatan Parado, Kabupaten Bima, Rabu (14/2/2024) malam, usai penghitungan suara di TPS. "
             "Dua orang tewas dan lima warga luka-luka. Kotak suara di dua TPS dibakar massa.\n\n"
             "\"Kami sudah mengamankan sejumlah orang,\" kata Kapolres Bima AKBP Andi Saputra, Jumat (16/2/2024). "
             "Bawaslu Kabupaten Bima mencatat kejadian itu sebagai gangguan pemungutan suara."),
    "published_at": "2024-02-16T09:00:00+08:00",
}


def test_analyze_output_contract(gaz: Gazetteer, clf: EventClassifier) -> None:
    res = analyze_item(ARTICLE, gaz, classifier=clf, source="api")
    assert tuple(res) == OUTPUT_KEYS
    assert res["relevant"] is True and isinstance(res["relevance"], float) and 0 <= res["relevance"] <= 1
    codes = load_taxonomy(find_domain_dir()).codes
    assert res["event_types"][0]["code"] == "violence_clash"
    scores = [t["score"] for t in res["event_types"]]
    assert scores == sorted(scores, reverse=True) and all(t["code"] in codes for t in res["event_types"])
    ev = res["event_types"][0]["evidence"]
    assert ev and all(ARTICLE[e["field"]][e["start"]:e["end"]] == e["text"] for e in ev)
    types = {a["type"] for a in res["actors"]}
    assert {"supporters", "candidate_pair", "polri", "bawaslu_adhoc"} <= types
    assert set(types) <= set(load_taxonomy(find_domain_dir()).actor_types)
    assert res["casualties"] == {"dead": 2, "injured": 5}
    assert res["event_date"] == "2024-02-14"
    assert res["severity_hint"] == 4  # one or two deaths
    assert res["model_version"].startswith("evt-")
    assert res["main_location"]["code"].startswith("52.06")  # Kecamatan Parado, Kabupaten Bima


def test_irrelevant_items(gaz: Gazetteer, clf: EventClassifier) -> None:
    for text in ["Seorang pemuda tewas ditikam dalam perkelahian di warung, Kota Batu. Pelaku ditangkap polisi.",
                 "Bentrok dua kubu pendukung calon kepala desa terjadi usai pilkades di Desa Sukamaju.",
                 "Tidak ada kejadian apa pun."]:
        res = analyze_item({"id": 1, "text": text}, gaz, classifier=clf)
        assert res["relevant"] is False and res["event_types"] == [] and res["severity_hint"] == 1
        assert res["relevance"] < RELEVANCE_THRESHOLD
    empty = analyze_item({"id": "e", "text": ""}, gaz, classifier=clf)
    assert empty["casualties"] == {"dead": None, "injured": None} and empty["event_date"] is None


def test_fast_prediction_equals_sklearn(clf: EventClassifier) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    items = read_jsonl(training_path())[:120]
    st = stemmer()
    docs = [mdl.item_features(i, st) for i in items]
    m = mdl.fit(items, st, clf.taxonomy.codes, "t")
    vec = TfidfVectorizer(analyzer=mdl._identity, sublinear_tf=True, min_df=2, norm="l2")
    x = vec.fit_transform(docs)
    rel = LogisticRegression(C=8.0, max_iter=5000, class_weight="balanced").fit(x, [int(i["relevant"]) for i in items])
    want = rel.predict_proba(x)[:, 1]
    got = np.array([m.relevance(*m.vectorize(d)) for d in docs])
    assert np.allclose(got, want, atol=1e-6)


def test_score_events_counts() -> None:
    items: list[dict[str, Any]] = [
        {"relevant": True, "event_type": "violence_clash", "actors": [{"type": "polri", "name": "Polri"}],
         "casualties": {"dead": 1, "injured": None}, "event_date": "2024-02-14"},
        {"relevant": False, "event_type": None, "actors": [], "casualties": {"dead": None, "injured": None},
         "event_date": None},
    ]
    preds: list[dict[str, Any]] = [
        {"relevant": True, "event_types": [{"code": "violence_clash"}], "actors": [{"type": "polri", "name": "Polri"}],
         "casualties": {"dead": 1, "injured": None}, "event_date": "2024-02-14"},
        {"relevant": True, "event_types": [{"code": "money_politics"}], "actors": [],
         "casualties": {"dead": None, "injured": None}, "event_date": None},
    ]
    r = score_events(items, preds)
    assert r["relevance"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}
    assert r["event_type"]["per_type_f1"] == {"violence_clash": 1.0}
    assert r["actors"]["exact_set_accuracy"] == 1.0 and r["casualties"]["accuracy"] == 1.0
    assert r["confusion"]["not_relevant"] == {"money_politics": 1}


def test_train_cli_on_a_tiny_file(tmp_path: Path) -> None:
    items = read_jsonl(training_path())
    tiny = [i for i in items if i["relevant"]][:16] + [i for i in items if not i["relevant"]][:10]
    f = tmp_path / "tiny.jsonl"
    f.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in tiny), encoding="utf-8")
    out = io.StringIO()
    assert run_train(["--input", str(f), "--output", str(tmp_path / "m"), "--json"], out) == 0
    meta = json.loads(out.getvalue())
    assert meta["model_version"].startswith("evt-") and meta["training_set"]["items"] == 26
    assert (tmp_path / "m" / "model.pkl").is_file()
    assert json.loads((tmp_path / "m" / "model.json").read_text())["training_sha256"] == meta["training_sha256"]
    assert "relevance" in meta["evaluation"]
    # same bytes, same version
    out2 = io.StringIO()
    assert run_train(["--input", str(f), "--output", str(tmp_path / "m2"), "--json"], out2) == 0
    assert json.loads(out2.getvalue())["model_version"] == meta["model_version"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "relevant": true, "event_type": "nope"}\n', encoding="utf-8")
    assert run_train(["--input", str(bad)], io.StringIO()) == 2
    assert run_train(["--input", str(tmp_path / "missing.jsonl")], io.StringIO()) == 2


def test_evaluate_cli_reports_event_figures(gaz: Gazetteer, data_dir: Path) -> None:
    out = io.StringIO()
    assert run_evaluate(["--json", "--limit", "25", "--data-dir", str(data_dir)], out, gazetteer=gaz) == 0
    ev = json.loads(out.getvalue())["events"]
    assert ev["items"] == 25
    for key in ("relevance", "event_type", "actors", "casualties", "event_date", "confusion"):
        assert key in ev
    assert 0 <= ev["relevance"]["f1"] <= 1 and 0 <= ev["event_type"]["macro_f1"] <= 1


def test_labelled_sets_are_split_by_scenario() -> None:
    train, test = read_jsonl(training_path()), read_jsonl(eval_path())
    assert len(train) >= 400 and len(test) >= 150
    assert not {i["scenario"] for i in train} & {i["scenario"] for i in test}
    assert not {i["text"] for i in train} & {i["text"] for i in test}
    assert not {i["expected"] for i in train} & {i["expected"] for i in test}  # eval regions unseen
    codes = set(load_taxonomy(find_domain_dir()).codes)
    assert {i["event_type"] for i in test if i["relevant"]} == codes
