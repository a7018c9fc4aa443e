"""A live server over the small regions dataset (no 40-second full import), for browser tests of one feature.

Module fixtures build on three pieces:
- `small_world_server(...)`: imports the small regions, the taxonomy and the elections calendar, runs the module's
  own set-up (accounts, rows), commits, serves, and at the end removes everything it added, including the audit
  events the server committed (PostgreSQL), so the tests that run next start from a clean, valid chain;
- `launched_chromium()`: Debian's Chromium through Playwright, started before each test's transaction;
- `sharing_test_connection(server)`: on in-memory SQLite the server threads use the test's own connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tests.audit_cleanup import audit_head as _audit_head
from tests.audit_cleanup import cut_audit_back_to as _cut_audit_back_to
from tests.browser.conftest import (  # noqa: F401 - launched_chromium is re-exported for the modules
    _wait_for_request_threads,
    launched_chromium,
    sharing_test_connection,
    sign_in_as,
)
from tests.full_reference import delete_reference_data, require_test_database
from tests.regions.dataset import write_dataset


def _delete_domain_data() -> None:
    from waspada.elections.models import Contest, Election, ElectionImport, Stage, StageTag
    from waspada.incidents.actions import stages
    from waspada.incidents.models import ActorType, EventSubType, EventType, SeverityLevel, TaxonomyImport

    for model in (EventSubType, EventType, ActorType, SeverityLevel, TaxonomyImport, Contest, Stage, Election,
                  StageTag, ElectionImport):  # fmt: skip
        model.objects.all().delete()
    stages.forget_calendar()


@contextlib.contextmanager
def small_world_server(django_db_blocker: Any, tmp_path_factory: Any, setup: Callable[[], None]) -> Iterator[Any]:
    """`setup()` creates the module's accounts and rows (committed); every account and incident is removed after."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from pytest_django.live_server_helper import LiveServer

    from waspada.elections.services import import_elections
    from waspada.incidents.actions import stages
    from waspada.incidents.models import Incident
    from waspada.incidents.taxonomy import import_taxonomy
    from waspada.regions.services import import_regions

    with django_db_blocker.unblock():
        require_test_database()
        mark = _audit_head()
        users_before = set(get_user_model().objects.values_list("pk", flat=True))
        import_regions(*write_dataset(tmp_path_factory.mktemp("small-world")))
        import_taxonomy(Path(settings.DOMAIN_DIR))
        import_elections(Path(settings.DOMAIN_DIR))  # stage tags: every incident carries at least one
        stages.forget_calendar()
        setup()
    server = LiveServer("localhost")
    try:
        yield server
    finally:
        _wait_for_request_threads()
        server.stop()
        with django_db_blocker.unblock():
            Incident.objects.all().delete()
            _cut_audit_back_to(mark)  # the server's committed events name the module's accounts
            Session.objects.all().delete()
            get_user_model().objects.exclude(pk__in=users_before).delete()
            _delete_domain_data()
            delete_reference_data()


def signed_in_page(context: Any, username: str, password: str) -> Any:
    page = context.new_page()
    sign_in_as(page, username, password)
    return page
