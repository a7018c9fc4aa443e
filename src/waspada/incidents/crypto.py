"""Field-level encryption of informant identities (Fernet, rotatable).

Keys come from `settings.WASPADA_FIELD_KEYS` (env `WASPADA_FIELD_KEYS`, comma-separated Fernet keys, the
first one current). To rotate: put a new key first, keep the old ones after it, run
`waspada incidents rotate-keys`, then drop the old keys. An embedded install without the variable gets a
random key in VAR_DIR/field_keys (like the secret key); production refuses to start without the variable.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _local_keys() -> list[str]:
    return _read_or_make_key_file(Path(settings.VAR_DIR) / "field_keys")


@functools.lru_cache(maxsize=4)
def _read_or_make_key_file(key_file: Path) -> list[str]:
    """The embedded install's keys, read once per process. Made once, race-free: processes starting together
    (gunicorn workers) must never each write their own key, or informants encrypted under the loser's key
    could never be read again. The key is written to a private temporary file and linked into place, which
    fails if another process got there first; then everyone reads the winner's file."""
    if not key_file.exists():
        _make_key_file(key_file)
    keys = [line.strip() for line in key_file.read_text(encoding="ascii").replace(",", "\n").split() if line.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{key_file} holds no key: restore it from a backup or set WASPADA_FIELD_KEYS.")
    return keys


def _make_key_file(key_file: Path) -> None:
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    descriptor, temporary = tempfile.mkstemp(dir=key_file.parent, prefix=".field_keys.")  # mode 0600
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before it has a name: a power cut must not leave an empty file
        try:
            os.link(temporary, key_file)
        except FileExistsError:
            return  # another process made it first: use theirs
        except OSError:  # a file system without hard links: exclusive creation is the same race-free test
            _create_exclusively(key_file, key)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    _sync_directory(key_file.parent)


def _create_exclusively(key_file: Path, key: bytes) -> None:
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def configured_keys() -> list[str]:
    keys = [key.strip() for key in getattr(settings, "WASPADA_FIELD_KEYS", []) if key.strip()]
    if keys:
        return keys
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("Set WASPADA_FIELD_KEYS (Fernet keys, comma-separated) to store informants.")
    return _local_keys()


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("WASPADA_FIELD_KEYS holds a key that is not a Fernet key.") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(configured_keys()))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii") if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("An informant field cannot be decrypted with WASPADA_FIELD_KEYS.") from exc


def rotate(token: str) -> str:
    """The same secret under the current (first) key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii") if token else ""
