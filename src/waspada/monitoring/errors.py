"""Refusals of the monitoring services: each names the question, region or field at fault; nothing is written."""

from __future__ import annotations

from waspada.core.errors import DomainError


class MonitoringError(DomainError):
    status = 422


class Invalid(MonitoringError):
    status = 422


class Denied(MonitoringError):
    """The role or scope may not do this (HTTP 403)."""

    status = 403


class Conflict(MonitoringError):
    """Not in this state: a published version, a closed round, an assignment already submitted (HTTP 409)."""

    status = 409
