"""Login security: Argon2, CSP without inline script, security headers, a clean deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client

TEMPLATES = Path(settings.PACKAGE_DIR)


def test_passwords_are_hashed_with_argon2() -> None:
    assert make_password("rahasia-sekali-123").startswith("argon2$")
    # The deployed setting, not the cheaper test-run hasher tests/conftest.py puts in front of it.
    import waspada.settings as deployed

    assert deployed.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_csp_and_security_headers(db: None) -> None:
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="htmx-config"' in response.content.decode()  # htmx injects no inline <style>


def test_no_inline_script_or_style_in_any_template() -> None:
    offenders = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path}: {tag}")
        if re.search(r"\sstyle=|<style\b|\son[a-z]+=", text):
            offenders.append(f"{path}: inline style or event handler")
    assert not offenders


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    # The browser tests allow async-unsafe DB access in this process; a deployment never does.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, "WASPADA_PRODUCTION": "1", "WASPADA_DEBUG": "0", "WASPADA_VAR_DIR": str(tmp_path),
           "WASPADA_SECRET_KEY": "x" * 60 + "production-test-key",
           "DJANGO_SETTINGS_MODULE": "waspada.settings"}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "waspada.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings(tmp_path: Path) -> None:
    code = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.WASPADA_REQUIRE_2FA)")  # fmt: skip
    # The browser tests allow async-unsafe DB access in this process; a deployment never does.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, "WASPADA_PRODUCTION": "1", "WASPADA_DEBUG": "0", "WASPADA_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "waspada.settings"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "31536000", "True", "True"]


def test_tests_run_without_https_and_without_2fa() -> None:
    assert not settings.SECURE_SSL_REDIRECT and not settings.WASPADA_REQUIRE_2FA and not settings.DEBUG


def test_passwords_need_twelve_characters() -> None:
    """ASVS 2.1.1: at least 12 characters; 11 is refused with the validator's message, 12 passes."""
    import pytest
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kpu-bawas-1")  # 11 characters
    validate_password("kpu-bawas-12")
