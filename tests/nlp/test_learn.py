"""Relevance and type learned from real text (waspada.nlp.learn): grouped folds, calibration, threshold,
the score the analysis computes, cross-validation; and the real-news error classes. Made-up sentences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from waspada.nlp import learn
from waspada.nlp import model as mdl
from waspada.nlp import realnews as rn
from waspada.nlp.events import EventClassifier
from waspada.nlp.gazetteer import Gazetteer

CODES = ("violence_clash", "money_politics", "protest_demonstration")

RELEVANT = {
    "violence_clash": [
        "Pendukung dua pasangan calon bupati bentrok di depan kantor KPU, tiga orang luka.",
        "Massa pendukung caleg saling serang usai rekapitulasi suara pemilu, polisi turun tangan.",
        "Bentrokan antarpendukung pasangan calon pilkada pecah di lapangan kampanye.",
        "Dua kelompok simpatisan partai bentrok saat kampanye pemilu, satu orang dirawat.",
    ],
    "money_politics": [
        "Bawaslu menangkap tim sukses caleg yang membagikan amplop berisi uang kepada pemilih.",
        "Serangan fajar jelang pemungutan suara pilkada dilaporkan warga ke panitia pengawas pemilu.",
        "Panwaslu menemukan politik uang berupa sembako dari tim kampanye pasangan calon.",
        "Warga melaporkan pembagian uang oleh tim pemenangan calon bupati ke Bawaslu.",
    ],
    "protest_demonstration": [
        "Ratusan orang berunjuk rasa di kantor KPU menolak hasil rekapitulasi suara pemilu.",
        "Massa pendukung pasangan calon berdemonstrasi menuntut pemungutan suara ulang pilkada.",
        "Mahasiswa menggelar aksi demo di depan kantor Bawaslu soal dugaan kecurangan pemilu.",
        "Pendukung caleg berunjuk rasa di kantor KPU kabupaten menuntut hitung ulang.",
    ],
}
CALM = [
    "KPU menggelar sosialisasi tahapan pemilu kepada pemilih pemula di sekolah.",
    "Bawaslu melantik panitia pengawas kecamatan untuk pilkada tahun depan.",
    "KPU menetapkan daftar pemilih tetap pemilu di kabupaten dengan rapat pleno yang lancar.",
    "Partai politik mendaftarkan bakal caleg ke KPU sesuai jadwal tahapan pemilu.",
    "Petani memanen padi lebih awal karena musim hujan datang terlambat.",
    "Pasar tradisional ramai pembeli menjelang hari raya.",
]


def _items() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for code, texts in RELEVANT.items():
        for n, t in enumerate(texts):
            # two articles per event: a scenario holds both
            out.append(
                {
                    "id": f"{code}-{n}",
                    "text": t,
                    "relevant": True,
                    "event_type": code,
                    "scenario": f"ev-{code}-{n // 2}",
                }
            )
    for n, t in enumerate(CALM):
        out.append(
            {"id": f"calm-{n}", "text": t, "relevant": False, "event_type": None, "scenario": f"ev-calm-{n // 2}"}
        )
    return out


@pytest.fixture(scope="module")
def prepared(clf: EventClassifier) -> list[learn.Prepared]:
    return learn.prepare(_items(), clf, real=True)


def test_grouped_folds_never_split_a_scenario(prepared: list[learn.Prepared]) -> None:
    folds = learn.grouped_folds(prepared, 3, seed=1)
    assert sorted(i for f in folds for i in f) == list(range(len(prepared)))
    where = {}
    for k, fold in enumerate(folds):
        for i in fold:
            where.setdefault(prepared[i].group, set()).add(k)
    assert all(len(v) == 1 for v in where.values())


def _model(**kw: object) -> mdl.TextModel:
    m = mdl.TextModel({}, np.zeros(0), np.zeros(0), 0.0, [], np.zeros((0, 0)), np.zeros(0), "t")
    for k, v in kw.items():
        setattr(m, k, v)
    return m


def test_legacy_score_is_the_part_2_blend_and_the_cap_holds() -> None:
    legacy = _model()
    rel, ok = learn.relevance_score(legacy, 0.0, 1.0, 3, False)
    assert rel == pytest.approx(0.6 * 0.5 + 0.4 * 1.0) and ok
    capped, ok = learn.relevance_score(legacy, 5.0, 1.0, 0, False)  # no election term
    assert capped < 0.5 and not ok
    # a calibrated model with a low threshold still never calls a story without an election term relevant
    calibrated = _model(rel_calib=[1.0, 2.0, 0.0, 0.0, 0.0], threshold=0.3)
    rel, ok = learn.relevance_score(calibrated, 3.0, 1.0, 2, False)
    assert rel == pytest.approx(1 / (1 + math.exp(-5.0))) and ok
    rel, ok = learn.relevance_score(calibrated, 3.0, 1.0, 0, False)
    assert rel < 0.3 and not ok
    rel, ok = learn.relevance_score(calibrated, 3.0, 1.0, 2, True)  # village-head election only
    assert not ok


def test_type_score_weighs_model_and_rules() -> None:
    ranked = learn.type_scores(0.5, {"a": 0.8, "b": 0.2}, {"a": 0.0, "b": 1.0}, ["a", "b"])
    assert ranked[0] == (pytest.approx(0.6), "b")
    assert learn.type_scores(1.0, {"a": 0.8, "b": 0.2}, {"a": 0.0, "b": 1.0}, ["a", "b"])[0][1] == "a"


def test_pipeline_calibrates_chooses_threshold_and_predicts(prepared: list[learn.Prepared]) -> None:
    params = learn.Params(folds=3, seed=3)
    model, report = learn.train_pipeline(prepared, CODES, params, "t")
    assert model.rel_calib is not None and len(model.rel_calib) == 5
    assert learn.THRESHOLDS[0] <= model.threshold <= learn.THRESHOLDS[-1]
    assert model.type_weight in learn.TYPE_WEIGHTS and report["validation_items"] == len(prepared)
    preds = [learn.predict(model, p, CODES) for p in prepared]
    fig = learn.figures(prepared, preds)
    # trained on these very items: it must separate them
    assert fig["relevance_f1"] >= 0.9 and fig["type_macro_f1"] >= 0.7
    assert all(0.0 <= r <= 1.0 for r, _ok, _t in preds)


def test_cross_validation_reports_folds_mean_and_spread(prepared: list[learn.Prepared]) -> None:
    cv = learn.cross_validate(prepared, [], CODES, learn.Params(folds=3, seed=5))
    assert cv["folds"] == 3 == len(cv["per_fold"]) and cv["grouped_by"] == "scenario"
    assert sum(f["items"] for f in cv["per_fold"]) == len(prepared)
    for key in ("relevance_f1", "type_macro_f1"):
        s = cv[key]
        assert s["min"] <= s["mean"] <= s["max"] and s["std"] >= 0.0
    assert set(cv["pooled"]) == {"relevance_precision", "relevance_recall", "relevance_f1", "type_macro_f1"}


def test_macro_f1_ignores_not_relevant_as_a_type() -> None:
    assert learn.macro_f1(["a", "b", "not_relevant"], ["a", "b", "a"]) == pytest.approx((2 / 3 + 1.0) / 2)


def test_error_classes(gaz: Gazetteer) -> None:
    pred: dict[str, object] = {"locations": [], "_text": ""}
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, "32.73") is None
    assert rn.place_error_class(gaz, {"expected": None}, pred, None) is None
    assert rn.place_error_class(gaz, {"expected": None}, pred, "32.73") == "answered_where_gold_none"
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, None) == "no_answer"
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, "32") == "province_only"
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, "32.04") == "kota_kabupaten_pair"
    assert rn.place_error_class(gaz, {"expected": "95.01"}, pred, "91.71") == "old_papua_province"
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, "31.71") == "jakarta_national_desk"
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, "32.01") == "same_province_other_kabkota"
    assert rn.place_error_class(gaz, {"expected": "32.73"}, pred, "33.74") == "other_province"
    dl_pred = {
        "_text": "Manado, Kabar - Pilkada Kabupaten Kepulauan Sangihe.",
        "locations": [{"code": "71.71", "mentions": [{"field": "text", "start": 0, "end": 6}]}],
    }
    assert rn.place_error_class(gaz, {"expected": "71.03"}, dl_pred, "71.71") == "dateline_place"
    assert (
        rn.relevance_error_class({"relevant": False, "negative_kind": "pilkades"}, {"relevant": True}) == "fp:pilkades"
    )
    assert (
        rn.relevance_error_class({"relevant": True, "event_type": "money_politics"}, {"relevant": False})
        == "fn:money_politics"
    )
    assert (
        rn.type_error_class({"relevant": True, "event_type": "a"}, {"relevant": True, "event_types": [{"code": "b"}]})
        == "a -> b"
    )
