"""A refused action, as every app's services report it: a status and one message per field to fix.

Services raise a subclass (incidents.errors: Invalid, Denied, Conflict, Missing); nothing is written. The API
turns every one into its error shape in a single handler (waspada.core.api.errors), the pages into form errors or
messages, so no caller translates errors route by route."""

from __future__ import annotations


class DomainError(Exception):
    status = 422  # HTTP-style: 422 bad input, 403 not allowed, 404 not found, 409 conflict, 429 too many

    def __init__(self, errors: dict[str, str], *, detail: str = "") -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
        self.detail = detail  # the API's one sentence, when the usual one for the status does not fit
