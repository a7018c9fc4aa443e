"""Normalisation keeps offsets; the language detector separates Indonesian from English."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from waspada.nlp.language import detect_language
from waspada.nlp.text import clean_text, fold, norm_key, strip_html, tokenize


@given(st.text())
def test_fold_and_clean_keep_length(text: str) -> None:
    assert len(fold(text)) == len(text)
    assert len(clean_text(text)) == len(text)


def test_strip_html_blanks_tags_and_scripts_keeping_offsets() -> None:
    html = "<p>Warga <b>Kota Batu</b> &amp; KPU</p><script>var a='Bandung';</script>"
    out = strip_html(html)
    assert len(out) == len(html)
    assert "Bandung" not in out and "<" not in out
    assert out[html.index("Kota Batu"):].startswith("Kota Batu")
    assert "&" in out


def test_tokenize_marks_punctuation_as_hard_break() -> None:
    toks = tokenize("Jawa. Barat, Tojo Una-Una")
    assert toks.words == ["jawa", "barat", "tojo", "una", "una"]
    assert toks.hard_before == [True, True, True, False, False]
    assert toks.linked == [False, True, False, True, True]


def test_norm_key() -> None:
    assert norm_key("Kabupaten Toli-Toli") == "kabupaten toli toli"
    assert norm_key("  Ma'u ") == "ma u"


def test_detect_language() -> None:
    assert detect_language("Warga yang tinggal di desa itu tidak bisa memilih karena namanya belum ada.") == "id"
    assert detect_language("The commission said that the vote was held in an orderly way and it will report.") == "en"
    assert detect_language("Kerajaan negeri berkata bahawa pihak berkuasa boleh bertindak kerana ia ialah isu.") == "ms"
    assert detect_language("") == "und"
    assert detect_language("12345 !!!") == "und"
