"""tools/realnews.py: the working file becomes labels without text, page copies rebuild the texts."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tools import realnews as tool
from waspada.datafiles import CHECKOUT_DATA_DIR
from waspada.nlp import realnews as rn

# Invented texts (the repository holds no article text).
TEXTS = [
    "Dua kelompok pendukung calon bupati saling lempar batu di depan kantor KPU Kabupaten Bogor pada Kamis sore, "
    "tiga orang luka ringan dan polisi berjaga hingga malam.",
    "KPU Kota Bogor menggelar rapat pleno terbuka rekapitulasi suara tingkat kota di sebuah hotel, "
    "acara berjalan dengan tertib dan lancar hingga malam.",
]


def _work(tmp_path: Path, **override: object) -> Path:
    rows = [
        {
            "id": "rn-0001",
            "url": "https://contoh.id/a",
            "published": "2024-11-28",
            "text": TEXTS[0],
            "relevant": True,
            "event_type": "violence_clash",
            "negative_kind": None,
            "expected": "32.01",
            "province": "32",
            "places": ["32.01"],
            "scenario": "rn-ev-a",
        },
        {
            "id": "rn-0002",
            "url": "https://contoh.id/b",
            "published": "2024-12-05",
            "text": TEXTS[1],
            "relevant": False,
            "event_type": None,
            "negative_kind": "election_routine",
            "expected": "32.71",
            "province": "32",
            "places": ["32.71"],
            "scenario": "rn-ev-b",
        },
    ]
    rows[0].update(override)
    path = tmp_path / "work.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = tool.main([*argv, "--data-dir", str(CHECKOUT_DATA_DIR)], out)
    return code, out.getvalue()


def test_ingest_then_build_cache_round_trip(tmp_path: Path) -> None:
    devset, pages, cache = tmp_path / "devset.jsonl", tmp_path / "pages.jsonl", tmp_path / "cache"
    code, _ = _run("ingest", "--work", str(_work(tmp_path)), "--devset", str(devset), "--pages-out", str(pages))
    assert code == 0
    stored = devset.read_text(encoding="utf-8")
    assert "kantor KPU Kabupaten Bogor" not in stored and "tingkat kota" not in stored  # no text in the labels
    items = rn.read_devset(devset)
    assert [i["expected"] for i in items] == ["32.01", "32.71"] and "text" not in items[0]
    code, report = _run(
        "build-cache", "--devset", str(devset), "--pages", str(pages), "--cache-dir", str(cache), "--json"
    )
    assert code == 0 and json.loads(report)["recovered"] == 2
    assert rn.read_cache(cache) == {"rn-0001": TEXTS[0], "rn-0002": TEXTS[1]}


def test_ingest_rejects_unknown_codes_and_writes_nothing(tmp_path: Path) -> None:
    devset = tmp_path / "devset.jsonl"
    code, _ = _run(
        "ingest", "--work", str(_work(tmp_path, expected="32.99", event_type="brawl")), "--devset", str(devset)
    )
    assert code == 1 and not devset.exists()


def test_blind_sheet_has_texts_but_no_labels(tmp_path: Path) -> None:
    devset, pages, cache = tmp_path / "devset.jsonl", tmp_path / "pages.jsonl", tmp_path / "cache"
    _run("ingest", "--work", str(_work(tmp_path)), "--devset", str(devset), "--pages-out", str(pages))
    _run("build-cache", "--devset", str(devset), "--pages", str(pages), "--cache-dir", str(cache))
    code, sheet = _run("blind", "--devset", str(devset), "--cache-dir", str(cache), "--fraction", "1")
    rows = [json.loads(line) for line in sheet.splitlines()]
    assert code == 0 and {r["id"] for r in rows} == {"rn-0001", "rn-0002"}
    assert all(set(r) == {"id", "url", "text"} for r in rows)
    code, listed = _run("queries", "--devset", str(devset), "--cache-dir", str(tmp_path / "empty"))
    assert code == 0 and [json.loads(x)["query"] for x in listed.splitlines()] == [
        " ".join(t.split()[:6]) for t in TEXTS
    ]
    assert _run("queries", "--devset", str(devset), "--cache-dir", str(cache)) == (0, "")
    assert tool.blind_sample([{"id": str(n)} for n in range(100)], 0.2, 20) == tool.blind_sample(
        [{"id": str(n)} for n in range(100)], 0.2, 20
    )


def test_committed_devset_is_valid_and_text_free() -> None:
    data = CHECKOUT_DATA_DIR
    items = rn.read_devset(data / "nlp" / "realnews" / "devset.jsonl")
    kabkota, provinces = tool._codes(data)
    types = tool._taxonomy_codes(data)
    assert len(items) >= 400
    assert all(not tool.check_labels(i, kabkota, provinces, types) for i in items)
    assert all("text" not in i and len(i["anchor"]["start"].split()) <= rn.ANCHOR_WORDS for i in items)
    second = rn.read_jsonl(data / "nlp" / "realnews" / "second_pass.jsonl")
    assert len(second) * 5 >= len(items)
    stored = json.loads((data / "nlp" / "realnews" / "agreement.json").read_text(encoding="utf-8"))
    assert stored == rn.agreement(items, second)
