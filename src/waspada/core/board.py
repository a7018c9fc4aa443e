"""The blocks of the situation board (each user's home page): every app with something to show registers one.

A block is a function `block(user, scope) -> Block | None` named by dotted path, imported only when a board is
drawn, so core imports no domain app (as waspada.core.demo_steps does for the demo). `scope` is the user's
UserScope (core.scope); the block reads through its app's scoped selectors and returns its template and
context, or None when the user's role has nothing to see there (a viewer and the monitoring rounds). A block
with nothing yet returns its template with an empty state: the board says so rather than hiding it.

Apps register in their AppConfig.ready(); `order` places blocks on the page (lower first, then by name). Later
apps (alerts, news, grants) add theirs the same way and the board shows them without a change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

from waspada.core.scope import UserScope, scope_of


@dataclass
class Block:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    wide: bool = False  # spans the board's full width (the map)
    name: str = ""  # filled in by blocks_for: the registered name, the block's HTML id


BlockFunction = Callable[[Any, UserScope], Block | None]


@dataclass(frozen=True)
class _Entry:
    name: str
    path: str
    order: int


_registry: dict[str, _Entry] = {}


def register(name: str, path: str, order: int = 100) -> None:
    """Register (or replace) the block `name`: `path` is the dotted path of its function."""
    _registry[name] = _Entry(name, path, order)


def registered() -> list[tuple[str, str, int]]:
    """(name, path, order) of every block, in board order."""
    return [(e.name, e.path, e.order) for e in sorted(_registry.values(), key=lambda e: (e.order, e.name))]


def blocks_for(user: Any) -> list[Block]:
    """The blocks the user's board shows, in order."""
    scope = scope_of(user)
    shown: list[Block] = []
    for name, path, _order in registered():
        function: BlockFunction = import_string(path)
        block = function(user, scope)
        if block is not None:
            block.name = name
            shown.append(block)
    return shown
