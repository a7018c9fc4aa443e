"""Refusals of the grant services: each names the field at fault (HTTP-style status); nothing is written."""

from __future__ import annotations

from waspada.core.errors import DomainError


class GrantError(DomainError):
    status = 422


class Invalid(GrantError):
    status = 422


class Denied(GrantError):
    """The role may not do this (HTTP 403)."""

    status = 403


class Conflict(GrantError):
    """Not in this state: tranches of an unsigned agreement, an agreement already recorded (HTTP 409)."""

    status = 409
