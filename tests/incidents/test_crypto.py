"""The embedded install's field key: made once, never overwritten, read once per process."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from waspada.incidents import crypto

make_or_read = crypto._read_or_make_key_file.__wrapped__  # the uncached function: every call touches the file


def test_concurrent_first_use_agrees_on_one_key(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "field_keys"
    start = threading.Barrier(8)
    seen: list[list[str]] = []

    def first_use() -> None:
        start.wait()
        seen.append(make_or_read(key_file))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(keys == seen[0] for keys in seen)
    assert key_file.read_text() == seen[0][0]
    assert sorted(path.name for path in key_file.parent.iterdir()) == ["field_keys"]  # no temporary left behind
    assert key_file.stat().st_mode & 0o077 == 0  # private to the service's user


def test_an_existing_key_is_never_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "field_keys"
    first = make_or_read(key_file)
    assert make_or_read(key_file) == first


def test_an_emptied_key_file_is_refused_not_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "field_keys"
    key_file.write_text("")
    with pytest.raises(ImproperlyConfigured, match="holds no key"):
        make_or_read(key_file)
    assert key_file.read_text() == ""


def test_without_hard_links_the_key_is_created_exclusively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(crypto.os, "link", no_links)
    key_file = tmp_path / "field_keys"
    first = make_or_read(key_file)
    assert make_or_read(key_file) == first and key_file.stat().st_mode & 0o077 == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["field_keys"]
