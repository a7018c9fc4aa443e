"""Demo accounts: one per role, in real regions, each write recorded in the audit trail.

`waspada demo` runs `demo_step` first (registered in AccountsConfig.ready(), see waspada.core.demo_steps)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from waspada.core.demo_steps import DemoError
from waspada.core.scope import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    description: str
    role: str
    region: str | None = None
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "waspada-admin-demo", "national admin (also Django admin)", Role.NATIONAL_ADMIN,
             is_superuser=True),
    DemoUser("analis", "waspada-analis-demo", "national desk analyst", Role.NATIONAL_ANALYST),
    DemoUser("jabar", "waspada-jabar-demo", "province officer, Kesbangpol Provinsi Jawa Barat (32)",
             Role.PROVINCE_OFFICER, "32"),
    DemoUser("bandung", "waspada-bandung-demo", "kab/kota officer, Kesbangpol Kota Bandung (32.73)",
             Role.KABKOTA_OFFICER, "32.73"),
    DemoUser("kabbandung", "waspada-kabbandung-demo", "kab/kota officer, Kesbangpol Kabupaten Bandung (32.04)",
             Role.KABKOTA_OFFICER, "32.04"),
    DemoUser("jayawijaya", "waspada-jayawijaya-demo", "field monitor, Kabupaten Jayawijaya (95.01)",
             Role.FIELD_MONITOR, "95.01"),
    DemoUser("pengamat", "waspada-pengamat-demo", "viewer, Jawa Barat (32)", Role.VIEWER, "32"),
)  # fmt: skip


@transaction.atomic
def create_demo_users() -> None:
    """Idempotent: re-running resets the demo roles, scopes and passwords (each change audited)."""
    from waspada.accounts.services import set_password, snapshot
    from waspada.core.audit import record
    from waspada.regions.models import Region

    codes = {demo.region for demo in DEMO_USERS if demo.region}
    regions = Region.objects.in_bulk(codes)
    missing = sorted(codes - regions.keys())
    if missing:
        raise DemoError(f"Regions {', '.join(missing)} are not in the database; run `waspada regions import` first.")
    users = get_user_model()
    for demo in DEMO_USERS:
        user = users.objects.filter(username=demo.username).first()
        before = snapshot(user) if user else None
        user = user or users(username=demo.username)
        user.role, user.scope_region = demo.role, regions.get(demo.region) if demo.region else None
        user.is_staff = user.is_superuser = demo.is_superuser
        user.is_active = True
        user.full_clean(exclude=["password"])
        user.save()
        if snapshot(user) != before:
            record(None, "accounts.user.update" if before else "accounts.user.create", user, before, snapshot(user))
        set_password(None, user, demo.password)


def demo_step(stdout: Any, stderr: Any) -> None:
    """The demo accounts, then their credentials; DemoError when the regions are not imported yet."""
    create_demo_users()
    stdout.write("Demo accounts (username / password):")
    for user in DEMO_USERS:
        stdout.write(f"  {user.username:<18} {user.password:<26} {user.description}")
