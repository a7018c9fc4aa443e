"""A cheap Argon2 for the test run: the same algorithm and hash format, with minimal cost parameters.

The production parameters (Django's defaults: 100 MiB, two passes) cost about a third of a second per hash on
these machines; every signed-in test client and every user made with a password pays it. The production
setting is checked on its own in tests/core/test_security_settings.py.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1
