"""The import rules of docs/architecture.md ("Who may import whom"), checked on the source.

Every module under src/waspada is parsed (nothing is imported); every import statement counts, at module level
or inside a function, relative or absolute. `from waspada.x import y` names the module waspada.x.y when that
module exists, else waspada.x. A failure lists each offending import as `path:line: rule (imported module)`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

DOMAIN_APPS = frozenset(
    {"accounts", "regions", "elections", "news", "incidents", "web", "monitoring", "risk", "alerts", "education",
     "grants"}  # fmt: skip
)
URL_LEVEL = frozenset({"waspada.urls", "waspada.api_v1"})  # the URLconf and the API mount beside it
FRAMEWORKS = ("django", "ninja")  # and every django_* package
DEV_ONLY = frozenset({"bench", "tools"})  # folders beside src/, never shipped
FOUNDATION = frozenset({"waspada.datafiles"})  # framework-free helpers at the package root that every layer uses


@dataclass(frozen=True)
class Import:
    path: str  # relative to the checkout
    line: int
    importer: str  # dotted module name of the file
    target: str  # dotted module name it imports


def app_of(module: str) -> str | None:
    """`incidents` for waspada.incidents.exports.jobs; `urls` for waspada.urls; None outside waspada."""
    parts = module.split(".")
    return parts[1] if parts[0] == "waspada" and len(parts) > 1 else None


def is_entry_point(module: str) -> bool:
    """A views, api, api_* or urls module: what the URL level mounts, never a library for another app."""
    last = module.rsplit(".", 1)[-1]
    return last in {"views", "api", "urls"} or last.startswith("api_")


def is_framework(module: str) -> bool:
    top = module.split(".")[0]
    return top in FRAMEWORKS or top.startswith("django_")


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


# One row per rule of docs/architecture.md: (the rule as written there, is this import a violation?).
RULES: list[tuple[str, Callable[[Import], bool]]] = [
    ("nlp is framework-free: no django, no waspada module outside waspada.nlp but the foundation (waspada.datafiles)",
     lambda i: within(i.importer, "waspada.nlp")
     and (is_framework(i.target) or (within(i.target, "waspada") and not within(i.target, "waspada.nlp")
                                     and i.target not in FOUNDATION))),
    ("the foundation (waspada.datafiles) imports no django and no other waspada module",
     lambda i: i.importer in FOUNDATION and (is_framework(i.target) or (within(i.target, "waspada")
                                                                      and i.target not in FOUNDATION))),
    ("core reaches no domain app",
     lambda i: within(i.importer, "waspada.core") and app_of(i.target) in DOMAIN_APPS),
    ("no app imports another app's views, api, api_* or urls module",
     lambda i: i.importer not in URL_LEVEL and app_of(i.target) is not None
     and app_of(i.importer) != app_of(i.target) and is_entry_point(i.target)),
    ("only the URL level (waspada.urls, waspada.api_v1) imports the URL level",
     lambda i: i.target in URL_LEVEL and i.importer not in URL_LEVEL),
    ("nothing in src imports bench or tools",
     lambda i: i.target.split(".")[0] in DEV_ONLY),
    ("analytics is framework-free: no django, no waspada module outside waspada.analytics but the foundation",
     lambda i: within(i.importer, "waspada.analytics")
     and (is_framework(i.target) or (within(i.target, "waspada") and not within(i.target, "waspada.analytics")
                                     and i.target not in FOUNDATION))),
]  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    base = SRC.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_in(source: str, importer: str, path: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import in one module's source, module level or nested, as the modules it names."""
    package = importer if is_package else importer.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, importer, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            named = [f"{module}.{alias.name}" for alias in node.names if _is_module(f"{module}.{alias.name}")]
            for target in named or [module]:
                yield Import(path, node.lineno, importer, target)


def all_imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted((SRC / "waspada").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found += imports_in(path.read_text(encoding="utf-8"), module_name(path), str(path.relative_to(ROOT)),
                            is_package=path.name == "__init__.py")  # fmt: skip
    return found


def violations(found: list[Import]) -> list[str]:
    return [f"{i.path}:{i.line}: {rule} ({i.target})" for i in found for rule, broken in RULES if broken(i)]


def test_the_import_rules_hold() -> None:
    found = all_imports()
    assert len(found) > 1000, "the walk found too few imports to prove anything"
    broken = violations(found)
    assert not broken, "imports breaking docs/architecture.md:\n" + "\n".join(broken)


def test_every_rule_catches_its_break() -> None:
    """Each rule fires on a made-up module that breaks it, with its path and line (imports inside functions,
    relative imports and `from package import module` included)."""
    cases = {
        "waspada.nlp.fake": "def f():\n    from django.conf import settings\n",
        "waspada.nlp.fake2": "from waspada.core import scope\n",
        "waspada.analytics.fake": "from waspada.alerts import models\n",
        "waspada.core.fake": "def f():\n    from ..regions.selectors import zone_of\n",
        "waspada.incidents.fake": "from waspada.regions import views\n",
        "waspada.web.fake": "import waspada.accounts.api_auth\n",
        "waspada.core.audit.fake": "from waspada.api_v1 import api\n",
        "waspada.news.fake": "\n\nfrom bench._harness import Instance\n",
        "waspada.datafiles": "from django.conf import settings\n",
    }
    expected = {
        "waspada.nlp.fake": (2, RULES[0][0]), "waspada.nlp.fake2": (1, RULES[0][0]),
        "waspada.core.fake": (2, RULES[2][0]), "waspada.incidents.fake": (1, RULES[3][0]),
        "waspada.web.fake": (1, RULES[3][0]), "waspada.core.audit.fake": (1, RULES[4][0]),
        "waspada.news.fake": (3, RULES[5][0]), "waspada.datafiles": (1, RULES[1][0]),
        "waspada.analytics.fake": (1, RULES[6][0]),
    }  # fmt: skip
    for module, source in cases.items():
        path = "src/" + module.replace(".", "/") + ".py"
        broken = violations(list(imports_in(source, module, path)))
        line, rule = expected[module]
        assert f"{path}:{line}: {rule}" in "\n".join(broken), (module, broken)


def test_allowed_imports_pass() -> None:
    """An app's own views, another app's selectors, and the URL level importing every router are fine."""
    cases = {
        "waspada.incidents.views": "from waspada.incidents import api\nfrom waspada.regions.selectors import zone_of\n",
        "waspada.api_v1": "from waspada.incidents.api import router\nfrom waspada.core.audit.api import router\n",
        "waspada.urls": "from waspada.api_v1 import api\n",
        "waspada.nlp.fake": "from waspada.nlp import text\nimport json\nfrom waspada import datafiles\n",
        "waspada.core.fake": "from waspada.core.api.errors import ApiError\n",
    }
    for module, source in cases.items():
        assert not violations(list(imports_in(source, module, module))), module
