"""Per-user request rates for expensive API routes (ninja's throttling, the rate read from settings).

The counts live in Django's cache: per process with the default LocMemCache, so with N gunicorn workers a user
gets up to N times the rate; a shared cache (Redis) makes it exact."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import UserRateThrottle


class SettingRateThrottle(UserRateThrottle):
    """A UserRateThrottle whose rate ("30/m") is the named setting, read on every request."""

    def __init__(self, setting: str, scope: str) -> None:
        self.setting = setting
        self.scope = scope
        super().__init__(getattr(settings, setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
