"""Browser fixtures: the full reference data behind a live server, one signed-in Chromium page per test.

The full import takes about 40 s, so the "fulldata" group shares one (tests/full_reference.py): it commits and is
deleted after the group's last test. The tests
do not use pytest-django's ``live_server``: that pulls in ``transactional_db``, which flushes every table after each
test and would wipe the imported data (and rows that data migrations create). Instead the tests are plain
``django_db`` tests (each wrapped in a transaction that is rolled back) and a module-scoped ``LiveServer``
(pytest-django's helper class) serves the committed data. On in-memory SQLite the server thread shares the test
thread's connection, so what it writes (sessions) is rolled back with the test; on PostgreSQL or a file database it
has its own connection and commits, and the module's clean-up deletes those sessions.

The ``django_db`` mark also matters for safety: pytest-django only creates a test database when some collected test
asks for one, so without it these fixtures would write to the development database.
``require_test_database`` (tests/full_reference.py) refuses to go on if that ever happens.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.audit_cleanup import audit_head, cut_audit_back_to

# Playwright's sync API keeps an asyncio loop in the test thread; Django would refuse ORM calls under it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
USERNAME = "peta-nasional"
PASSWORD = "peta-rahasia-2024-uji"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class FullData:
    url: str
    username: str
    password: str
    counts: dict[str, Any]
    server: Any


@pytest.fixture(scope="module")
def fulldata_module(full_regions: Any, django_db_blocker: Any) -> Iterator[FullData]:
    """The group's shared full import (tests/full_reference.py), a user, and a live server that sees them."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        mark = audit_head()
        user = get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    server = LiveServer("localhost")
    try:
        yield FullData(server.url, USERNAME, PASSWORD, full_regions.counts, server)
    finally:
        _wait_for_request_threads()
        server.stop()
        with django_db_blocker.unblock():
            Session.objects.all().delete()
            user.delete()
            cut_audit_back_to(mark)  # what the module added; the shared import's events go with the import


@pytest.fixture
def fulldata_server(fulldata_module: FullData) -> Iterator[FullData]:
    """The module's live server, handed this test's connection when the database is in-memory SQLite.

    The test runs inside a transaction on its own connection object (not always the one the module fixture saw:
    Django keeps connections in context-local storage), and a second connection to the same shared in-memory
    database would wait on that transaction's lock ("database table is locked"). So the server threads use the
    test's connection, as ``live_server`` arranges for Django's LiveServerTestCase.
    """
    with sharing_test_connection(fulldata_module.server):
        yield fulldata_module


@contextlib.contextmanager
def sharing_test_connection(server: Any) -> Iterator[None]:
    """On in-memory SQLite the server threads must use the test's connection (a second one would wait on its lock)."""
    from django.db import connections

    override = server.thread.connections_override
    previous = dict(override)
    for alias in previous:
        if connections[alias] is not previous[alias]:
            connections[alias].inc_thread_sharing()
            override[alias] = connections[alias]
    try:
        yield
    finally:
        _wait_for_request_threads()
        for alias, connection in previous.items():
            if override[alias] is not connection:
                override[alias].dec_thread_sharing()
                override[alias] = connection


def _wait_for_request_threads(timeout: float = 10.0) -> None:
    """Let the live server's request threads finish (they close their connection on the way out)."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings: Any) -> None:
    """The live server speaks plain HTTP: Secure cookies (the default without DEBUG) would never come back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(scope="module")
def browser(fulldata_module: FullData) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; never a downloaded browser.

    It depends on the server so that it closes first: the server's request threads (each holding a database
    connection) end when the browser's keep-alive sockets close, before PostgreSQL's test database is dropped.
    """
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def chromium(server: Any) -> Iterator[Any]:
    """Chromium for a module serving the small regions set under the fixture name `server`; it depends on the
    server so that it closes first. Modules whose server has another name define their own."""
    with launched_chromium() as browser:
        yield browser


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright's sync API; Django's loop-context connections closed at the end."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium not installed (make chromium, or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            _close_loop_connections()
            browser.close()


def _close_loop_connections() -> None:
    """Close the connections Django opened for this thread while Playwright's event loop was current.

    Django keeps connections in thread-local storage, but in a thread with a running asyncio loop (Playwright's sync
    API sets one after each call) it uses separate, context-local storage: the tests' transactions run on those
    connections, and nothing else closes them, so PostgreSQL would refuse to drop the test database.
    """
    from django.db import connections

    connections.close_all()


@pytest.fixture
def new_page(browser: Any, fulldata_server: FullData) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (empty cache and cookies); closed after the test."""
    contexts: list[Any] = []

    def open_page(**context_options: Any) -> Any:
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=fulldata_server.url, locale="id-ID", **context_options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page: Any, server: FullData) -> None:
    """Sign in through the login form; Django then redirects to the national map."""
    sign_in_as(page, server.username, server.password)


def sign_in_as(page: Any, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form:has(#id_password) button[type=submit]")


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
