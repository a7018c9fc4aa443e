"""One user per role (docs/architecture.md, tests), in the small dataset's regions plus a foreign province.

Inside scope: Jawa Barat (32) and Kota Bandung (32.73). Outside: Jawa Timur (35) and Kota Surabaya (35.78),
created here because the small dataset holds only 31 and 32.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.test import Client

from waspada.accounts.models import User
from waspada.core.scope import Role
from waspada.regions.models import Level, Region

PASSWORD = "persona-rahasia-123"


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    region: str | None
    is_staff: bool = False


PERSONAS = (
    Persona("national_admin", Role.NATIONAL_ADMIN, None, is_staff=True),
    Persona("national_analyst", Role.NATIONAL_ANALYST, None),
    Persona("province_officer", Role.PROVINCE_OFFICER, "32"),  # Kesbangpol Jawa Barat
    Persona("kabkota_officer", Role.KABKOTA_OFFICER, "32.73"),  # Kesbangpol Kota Bandung
    Persona("field_monitor", Role.FIELD_MONITOR, "32.73"),
    Persona("viewer", Role.VIEWER, "32"),
)
PERSONA_NAMES = ("anonymous", *(p.name for p in PERSONAS))


@lru_cache(maxsize=1)
def password_hash() -> str:
    """Argon2 once per test run, not once per user."""
    return make_password(PASSWORD)


def create_foreign_regions() -> None:
    """Jawa Timur and Kota Surabaya: real codes outside every persona's scope."""
    province, _ = Region.objects.get_or_create(
        code="35", defaults={"name": "Jawa Timur", "level": Level.PROVINCE, "province_code": "35",
                             "decree": "test", "timezone": "Asia/Jakarta", "search_name": "jawa timur"})  # fmt: skip
    Region.objects.get_or_create(
        code="35.78", defaults={"name": "Kota Surabaya", "level": Level.KOTA, "parent": province,
                                "province_code": "35", "kabkota_code": "35.78", "decree": "test",
                                "timezone": "Asia/Jakarta", "search_name": "kota surabaya"})  # fmt: skip


def make_account(username: str, role: str, region: str | None, **extra: object) -> User:
    user = User(username=username, role=role, scope_region_id=region, password=password_hash(), **extra)
    user.save()
    return user


def create_personas() -> dict[str, User]:
    return {
        p.name: make_account(p.name, p.role, p.region, is_staff=p.is_staff, is_superuser=p.is_staff,
                             email=f"{p.name}@example.go.id")  # fmt: skip
        for p in PERSONAS
    }


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
