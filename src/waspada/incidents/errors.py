"""Service errors carry the fields to fix; the API and the pages turn them into their own shapes."""

from __future__ import annotations


class IncidentError(Exception):
    status = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class Invalid(IncidentError):
    status = 422


class Denied(IncidentError):
    """The role or scope may not do this (HTTP 403)."""

    status = 403


class Conflict(IncidentError):
    status = 409


class Missing(IncidentError):
    status = 404
