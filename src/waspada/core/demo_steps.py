"""The steps of `waspada demo`: each app with demo data registers one in its AppConfig.ready().

A step is a function `step(stdout, stderr)` named by dotted path and imported only when `waspada demo` runs.
Steps run in registration order, which is INSTALLED_APPS order (accounts' demo users before incidents' demo
incidents). A step that cannot run raises DemoError: the command stops there with exit 1 and the message. A
step that can only skip its part says why on stderr and returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string


class DemoError(Exception):
    """The demo cannot be set up (for example, regions are not imported yet)."""


DemoStep = Callable[[Any, Any], object]
_steps: dict[str, str] = {}


def register(name: str, path: str) -> None:
    _steps[name] = path


def steps() -> dict[str, str]:
    """Step name -> dotted path of its function, in the order they run."""
    return dict(_steps)


def run_steps(stdout: Any, stderr: Any) -> None:
    for path in _steps.values():
        step: DemoStep = import_string(path)
        step(stdout, stderr)
