"""Settings from the environment, healthchecks-style: typed helpers with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_tile_url(name: str) -> str:
    """A map tile URL template ("https://tile.example.org/{z}/{x}/{y}.png"), "" when unset; refused otherwise."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    if not value.startswith(("https://", "http://")) or not all(part in value for part in ("{z}", "{x}", "{y}")):
        raise ValueError(f"{name} must be an http(s) URL template with {{z}}, {{x}} and {{y}}, got {value!r}")
    return value


def url_origin(template: str) -> str:
    """The origin a tile template loads from, for the Content-Security-Policy: "{s}." subdomains become "*."."""
    scheme, _, rest = template.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}"
