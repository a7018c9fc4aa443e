"""Who writes: worked out once where a request (or a command, or a gateway delivery) comes in, then passed down
to every action and check, so no helper looks the user's scope up again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from waspada.core.scope import UserScope, scope_of


@dataclass(frozen=True)
class Writer:
    user: Any  # the audit actor; None for a gateway (the audit says "system")
    scope: UserScope  # the user's role and region: what it may write where
    request: HttpRequest | None = None  # for the audit event (request id, address)

    @classmethod
    def of(cls, user: Any, request: HttpRequest | None = None) -> Writer:
        return cls(user, scope_of(user), request)

    @property
    def creator(self) -> Any:
        """The user to name on the rows it writes (created_by, transition actor), or None."""
        return self.user if getattr(self.user, "is_authenticated", False) else None
