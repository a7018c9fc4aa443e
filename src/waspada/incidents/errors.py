"""Service errors carry the fields to fix; the API (one handler) and the pages turn them into their own shapes."""

from __future__ import annotations

from waspada.core.errors import DomainError


class IncidentError(DomainError):
    status = 422


class Invalid(IncidentError):
    status = 422


class Denied(IncidentError):
    """The role or scope may not do this (HTTP 403)."""

    status = 403


class Conflict(IncidentError):
    status = 409


class Missing(IncidentError):
    status = 404
