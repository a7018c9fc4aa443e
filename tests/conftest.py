"""Shared fixtures: a small signed reference dataset, an imported copy of it, and signed-in clients."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.regions.dataset import write_dataset
from waspada.regions.services import import_regions


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
