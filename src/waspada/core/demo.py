"""Demo accounts. Roles and scopes arrive with the accounts issue; until then these are plain users."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    description: str
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "waspada-admin-demo", "national admin (also Django admin)", is_superuser=True),
    DemoUser("analis", "waspada-analis-demo", "national desk analyst"),
    DemoUser("jabar", "waspada-jabar-demo", "Kesbangpol Provinsi Jawa Barat"),
    DemoUser("bandung", "waspada-bandung-demo", "Kesbangpol Kota Bandung"),
)


@transaction.atomic
def create_demo_users() -> None:
    """Idempotent: re-running resets the demo passwords."""
    users = get_user_model()
    for demo in DEMO_USERS:
        user, _ = users.objects.get_or_create(username=demo.username)
        user.is_staff = user.is_superuser = demo.is_superuser
        user.set_password(demo.password)
        user.save()
