"""Refusals of the education services: each names the field (or spreadsheet row and column); nothing is written."""

from __future__ import annotations

from waspada.core.errors import DomainError


class Invalid(DomainError):
    status = 422


class Denied(DomainError):
    """The role or the scope may not do this (HTTP 403)."""

    status = 403
