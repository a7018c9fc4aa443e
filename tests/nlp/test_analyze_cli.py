"""The per-item pipeline, the .txt/.jsonl readers, bad input, the CLI and the evaluation."""

from __future__ import annotations

import io
import json
from pathlib import Path

from waspada.nlp.analyze import OUTPUT_KEYS, analyze_item, read_items
from waspada.nlp.cli import run_analyze, run_evaluate
from waspada.nlp.gazetteer import Gazetteer


def test_output_keys_and_language(gaz: Gazetteer) -> None:
    res = analyze_item({"id": 7, "text": "Warga Kota Batu yang tidak puas berkumpul di depan kantor KPU."}, gaz,
                       source="api")
    assert tuple(res) == OUTPUT_KEYS
    assert res["source"] == "api" and res["id"] == 7 and res["language"] == "id"
    assert res["main_location"]["code"] == "35.79"


def test_bad_items_give_a_result_or_an_error(gaz: Gazetteer) -> None:
    empty = analyze_item({"id": "e", "text": ""}, gaz)
    assert empty["main_location"] is None and empty["locations"] == [] and empty["language"] == "und"
    wrong_type = analyze_item({"id": "n", "text": 42}, gaz)
    assert "error" in wrong_type and "text" in wrong_type["error"]
    huge = analyze_item({"id": "h", "text": "Kota Batu " * 1_100_000}, gaz)
    assert huge["error"].startswith("text too long")
    html = analyze_item({"id": "x", "text": "<html><body><p>Kericuhan di <b>Kota Batu</b>.</p>"
                                             "<script>var s = 'Kota Bandung';</script></body></html>"}, gaz)
    assert html["main_location"]["code"] == "35.79"
    assert [loc["code"] for loc in html["locations"]] == ["35.79"]
    english = analyze_item({"id": "en", "text": "The election commission said the count in most provinces "
                                                 "was finished and that it was satisfied with it."}, gaz)
    assert english["language"] == "en" and english["main_location"] is None
    binaryish = analyze_item({"id": "b", "text": "\x00\x01\x02 Kota Batu \x7f"}, gaz)
    assert binaryish["main_location"]["code"] == "35.79"


def test_txt_reader_title_rule(tmp_path: Path) -> None:
    with_title = tmp_path / "a.txt"
    with_title.write_text("Judul Berita\n\nIsi berita di Kota Batu.\n", encoding="utf-8")
    no_title = tmp_path / "b.txt"
    no_title.write_text("Baris pertama\nbaris kedua.\n", encoding="utf-8")
    items = list(read_items([with_title, no_title], published="2024-02-14"))
    assert items[0]["title"] == "Judul Berita" and items[0]["text"].startswith("Isi berita")
    assert items[0]["id"] == "a" and items[0]["published_at"] == "2024-02-14"
    assert items[1]["title"] == "" and items[1]["text"].startswith("Baris pertama")


def test_readers_report_bad_files_and_lines(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Kota Batu caf\xe9".encode("latin-1"))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF")
    lines = tmp_path / "items.jsonl"
    lines.write_bytes(
        b'{"id": "ok", "title": "T", "text": "Di Kota Batu."}\n'
        b"not json\n"
        b"\n"
        b"[1, 2]\n"
        b'{"id": "nt"}\n'
        b'{"id": "bad-utf8", "text": "\xff"}\n'
        + b'{"id": "long", "text": "' + b"b" * 3000 + b'"}\n'
        + b'{"id": "last", "text": "Kabupaten Pati"}\n'
    )
    items = list(read_items([latin, binary, big, other, lines, tmp_path / "missing.txt"], max_bytes=1000))
    errors = [i.get("error", "") for i in items]
    assert "UTF-8" in errors[0] and "binary" in errors[1] and "too large" in errors[2]
    assert "unsupported" in errors[3]
    ids = [i["id"] for i in items[4:]]
    assert ids == ["ok", "items.jsonl:2", "items.jsonl:4", "nt", "items.jsonl:6", "items.jsonl:7", "last",
                   "missing"]
    assert errors[4] == "" and "invalid JSON" in errors[5] and "object" in errors[6]
    assert "missing field" in errors[7] and "UTF-8" in errors[8] and "too long" in errors[9]
    assert errors[10] == "" and "cannot read" in errors[11]


def test_run_analyze_writes_one_line_per_item_in_order(gaz: Gazetteer, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Judul\n\nMALANG, KOMPAS.com - Warga Kecamatan Lowokwaru berkumpul.",
                                    encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "1", "title": "", "text": "Kabupaten Pati"}) + "\n{broken\n"
        + json.dumps({"id": "3", "text": "Tidak ada tempat di sini."}) + "\n", encoding="utf-8")
    out = io.StringIO()
    code = run_analyze(["--json", str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")], out, gazetteer=gaz)
    assert code == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "1", "b.jsonl:2", "3"]
    assert rows[0]["main_location"]["code"] == "35.73.05"
    assert rows[1]["main_location"]["code"] == "33.18"
    assert set(rows[2]) == {"source", "id", "error"}
    assert rows[3]["main_location"] is None


def test_run_analyze_bad_usage_exits_2(gaz: Gazetteer, tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_analyze([], out, gazetteer=gaz) == 2
    assert run_analyze(["--published", "14-02-2024", "x.txt"], out, gazetteer=gaz) == 2
    assert run_analyze(["--data-dir", str(tmp_path / "nowhere"), "x.txt"], out) == 2
    assert out.getvalue() == ""


def test_run_evaluate_on_a_small_sample(gaz: Gazetteer, data_dir: Path) -> None:
    out = io.StringIO()
    code = run_evaluate(["--json", "--limit", "40", "--data-dir", str(data_dir)], out, gazetteer=gaz)
    assert code == 0
    report = json.loads(out.getvalue())
    nerp, lab = report["nerp_valid"], report["labelled"]
    assert nerp["sentences"] == 40 and 0 <= nerp["precision"] <= 1 and 0 <= nerp["recall_region"] <= 1
    assert {"recall_overall", "f1_region", "false_places_per_1000_sentences"} <= set(nerp)
    assert lab["texts"] == 40 and 0 <= lab["main_kabkota_accuracy"] <= 1
    assert run_evaluate(["--nerp", "/nonexistent"], io.StringIO(), gazetteer=gaz) == 2


def test_labelled_set_is_large_and_varied() -> None:
    from waspada.nlp.evaluate import read_labelled

    items = read_labelled()
    assert len(items) >= 80
    provinces = {i["expected"][:2] for i in items if i["expected"]}
    assert len(provinces) >= 25
    assert sum(1 for i in items if i["expected"] is None) >= 10
