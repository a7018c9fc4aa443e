"""Helpers every app's API module uses: the error shape, pagination and throttling.

They import no domain app; the API that mounts every app's routes is `waspada.api_v1` (docs/architecture.md).
"""
