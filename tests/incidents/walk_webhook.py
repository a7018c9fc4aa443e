"""Permission-walk expectations for this area's routes (merged into tests/permission_expectations.py)."""

from __future__ import annotations

from tests.permission_expectations import Expect

WEB: dict[str, Expect] = {}
API: dict[str, Expect] = {}
