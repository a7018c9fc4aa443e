"""Shared fixtures: a small signed reference dataset, an imported copy of it, and signed-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from tests import full_reference
from tests.personas import create_foreign_regions, create_personas
from tests.regions.dataset import write_dataset
from waspada.accounts.backends import forget_user
from waspada.accounts.tokens import forget_tokens
from waspada.regions.selectors import forget_import_version
from waspada.regions.services import import_regions


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Argon2 still, at test-run cost (tests/hashers.py); production keeps settings.PASSWORD_HASHERS.
    settings.PASSWORD_HASHERS = ["tests.hashers.CheapArgon2PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the last test of the "fulldata" group (and its module fixtures), delete the shared full import."""
    yield
    if full_reference.in_group(item) and not full_reference.in_group(nextitem):
        full_reference.drop()


@pytest.fixture(scope="module")
def full_regions(django_db_setup: None, django_db_blocker: Any) -> Any:
    """The complete official regions, boundaries and layers (tests/full_reference.py); mark the module
    `xdist_group("fulldata")` so that its tests share the one import."""
    return full_reference.imported(django_db_blocker)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A page asked for in English leaves English active in the thread (the language middleware activates the
    request's language); every test starts and ends in the default language instead of its neighbour's."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_region_version() -> None:
    """A rolled-back import sends no signal: never let one test's memorised region version reach the next."""
    forget_import_version()
    forget_user()  # ids are reused after a rollback: never serve one test's cached user to the next
    forget_tokens()
    cache.clear()  # request-rate counters (and cached pages) keyed by ids that a rollback reuses


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, Path]:
    """(data_dir, domain_dir) of the small test dataset."""
    return write_dataset(tmp_path)


@pytest.fixture
def small_regions(db: None, dataset: tuple[Path, Path]) -> tuple[Path, Path]:
    import_regions(*dataset)
    return dataset


@pytest.fixture
def make_user(db: None) -> Callable[..., object]:
    def make(username: str = "petugas", password: str = "rahasia-sekali-123", **extra: object) -> object:
        return get_user_model().objects.create_user(username=username, password=password, **extra)

    return make


@pytest.fixture
def user_client(make_user: Callable[..., object]) -> Client:
    client = Client()
    client.force_login(make_user())
    return client


# --- Personas: one user per role (tests/personas.py) -----------------------------------------------------


@pytest.fixture
def foreign_regions(small_regions: tuple[Path, Path]) -> None:
    """Jawa Timur (35) and Kota Surabaya (35.78) next to the small dataset: outside every persona's scope."""
    create_foreign_regions()


@pytest.fixture
def personas(foreign_regions: None) -> dict[str, Any]:
    """national_admin, national_analyst, province_officer (32), kabkota_officer and field_monitor (32.73),
    viewer (32)."""
    return create_personas()


@pytest.fixture
def national_admin(personas: dict[str, Any]) -> Any:
    return personas["national_admin"]


@pytest.fixture
def province_officer(personas: dict[str, Any]) -> Any:
    return personas["province_officer"]


@pytest.fixture
def kabkota_officer(personas: dict[str, Any]) -> Any:
    return personas["kabkota_officer"]


@pytest.fixture
def field_monitor(personas: dict[str, Any]) -> Any:
    return personas["field_monitor"]


@pytest.fixture
def viewer(personas: dict[str, Any]) -> Any:
    return personas["viewer"]
