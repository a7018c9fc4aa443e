"""One look (issue 14): the shared classes live once, in web/static/web/waspada.css; no app stylesheet redefines
them and no template styles itself inline (the Content-Security-Policy allows no inline style anyway)."""

from __future__ import annotations

import re
from pathlib import Path

import waspada

SRC = Path(waspada.__file__).resolve().parent
SHARED = SRC / "web" / "static" / "web" / "waspada.css"
CLASSES = ("toolbar", "filters", "table", "pager", "badge", "sev", "messages", "notice", "primary", "help")


def _rule(name: str) -> re.Pattern[str]:
    """A rule for the bare class (".table {" or ".table, ..."), not a page's refinement (".table.numbers")."""
    return re.compile(rf"(^|[,}}]\s*)\.{name}\s*[{{,]", re.M)


def test_the_shared_classes_are_defined_in_the_shared_stylesheet() -> None:
    css = SHARED.read_text(encoding="utf-8")
    assert [name for name in CLASSES if not _rule(name).search(css)] == []


def test_no_app_stylesheet_redefines_a_shared_class() -> None:
    again = [f"{path.relative_to(SRC)}: .{name}" for path in SRC.rglob("*.css") if path != SHARED
             and "vendor" not in path.parts and "leaflet" not in path.parts
             for name in CLASSES if _rule(name).search(path.read_text(encoding="utf-8"))]  # fmt: skip
    assert again == []


def test_no_template_has_inline_styles() -> None:
    inline = [str(path.relative_to(SRC)) for path in SRC.rglob("templates/**/*.html")
              if re.search(r"<style|\sstyle=", path.read_text(encoding="utf-8"))]  # fmt: skip
    assert inline == []
