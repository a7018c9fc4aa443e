"""The permission walk: every URL pattern and API operation, as every role, inside and outside its scope.

Routes come from Django's URL resolver and from the OpenAPI document, so a new route cannot be forgotten:
one without an entry in tests/permission_expectations.py fails `test_every_route_has_an_expectation`.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_expectations import (
    ADMIN,
    ADMIN_LOGIN,
    ADMIN_SPECIAL,
    API,
    LOGIN,
    SERVED,
    WEB,
    Expect,
    Status,
)
from tests.personas import PERSONA_NAMES, client_for, make_account
from waspada.accounts.models import User
from waspada.accounts.services import create_token
from waspada.api_v1 import api
from waspada.core.api.auth import BearerToken, Session
from waspada.core.scope import Role
from waspada.incidents.intake.webhook_auth import GatewaySignature


@dataclass(frozen=True)
class Route:
    key: str  # the route's name (namespaced), or its pattern when unnamed
    pattern: str  # full pattern, e.g. "accounts/users/<int:pk>/"
    name: str | None
    params: tuple[str, ...]
    callback: Any


def _params(pattern: Any) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters is not None and hasattr(pattern, "_route"):
        return tuple(converters)
    return tuple(pattern.regex.groupindex)


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None,
          params: tuple[str, ...] = ()) -> list[Route]:  # fmt: skip
    routes: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace and (f"{namespace}:{entry.namespace}" if namespace else entry.namespace) or namespace
            routes += _walk(entry.url_patterns, prefix + str(entry.pattern), ns, params + _params(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            full = prefix + str(entry.pattern)
            routes.append(Route(name or full, full, name, params + _params(entry.pattern), entry.callback))
    return routes


def _is_api_operation(route: Route) -> bool:
    return getattr(route.callback, "__module__", "") == "ninja.operation"


ALL_ROUTES = _walk(get_resolver().url_patterns)
ADMIN_ROUTES = [r for r in ALL_ROUTES if r.pattern.startswith("admin/")]
PAGE_ROUTES = [r for r in ALL_ROUTES if not r.pattern.startswith("admin/") and not _is_api_operation(r)]
OPENAPI = api.get_openapi_schema()
OPERATIONS = [f"{method.upper()} {path}" for path, item in OPENAPI["paths"].items() for method in item]


def test_every_route_has_an_expectation() -> None:
    missing = [r.key for r in PAGE_ROUTES if r.key not in WEB]
    missing += [op for op in OPERATIONS if op not in API]
    assert not missing, f"add these routes to tests/permission_expectations.py: {missing}"
    stale = [key for key in WEB if key not in {r.key for r in PAGE_ROUTES}]
    stale += [op for op in API if op not in OPERATIONS]
    assert not stale, f"expectations for routes that no longer exist: {stale}"


def test_every_api_url_is_in_the_openapi_document() -> None:
    """The API walk goes by the OpenAPI document; no operation may hide from it."""
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", path).lstrip("/") for path in OPENAPI["paths"]}
    hidden = [r.pattern for r in ALL_ROUTES if _is_api_operation(r) and r.name != "api:api-root"
              and r.pattern not in documented]  # fmt: skip
    assert not hidden


def test_every_page_declares_its_gate() -> None:
    """Pages use @requires(...) or @public; Django's own set_language and the admin have their own gates."""
    own_gates = {"set_language", "api:api-root"}
    ungated = [r.key for r in PAGE_ROUTES if not hasattr(r.callback, "waspada_permission") and r.key not in own_gates]
    assert not ungated, f"use waspada.core.permissions.requires on: {ungated}"


# Routes a machine calls without a Waspada account, each with the one auth class it must use instead.
SIGNED_ROUTES = {"/intake/webhook/{channel}": GatewaySignature}  # SMS/WhatsApp gateways: HMAC, docs/intake.md


def test_every_api_operation_uses_api_auth() -> None:
    weak = []
    for router in api._get_bound_routers():  # ninja's routers with inherited auth applied
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                callbacks = operation.auth_callbacks or []
                signed = SIGNED_ROUTES.get(f"{router.prefix}{path}")
                if signed is not None:
                    if len(callbacks) != 1 or type(callbacks[0]) is not signed:
                        weak.append(f"{operation.methods} {router.prefix}{path} (must use {signed.__name__} only)")
                elif not callbacks or not all(isinstance(cb, BearerToken | Session) for cb in callbacks):
                    weak.append(f"{operation.methods} {router.prefix}{path}")
    assert not weak, f"use auth=api_auth(...) on: {weak}"


# --- The walk -------------------------------------------------------------------------------------------


@pytest.fixture
def world(personas: dict[str, User]) -> dict[str, Any]:
    user_in = make_account("target_in", Role.FIELD_MONITOR, "32.73", email="target.in@example.go.id")
    user_out = make_account("target_out", Role.KABKOTA_OFFICER, "35.78", email="target.out@example.go.id")
    own = {name: create_token(user, "walk").token.pk for name, user in personas.items()}
    return {"personas": personas, "user_in": user_in.pk, "user_out": user_out.pk, "own_tokens": own,
            "other_token": create_token(user_out, "theirs").token.pk}  # fmt: skip


SAMPLE_KWARGS = {"object_id": "1", "id": "1", "app_label": "accounts", "content_type_id": "1", "url": "nowhere/",
                 "uidb64": "MQ", "token": "x"}  # fmt: skip


def _fill(values: dict[str, str], world: dict[str, Any], persona: str) -> dict[str, str]:
    fills = {"user_in": world["user_in"], "user_out": world["user_out"], "other_token": world["other_token"],
             "own_token": world["own_tokens"].get(persona, world["other_token"])}  # fmt: skip
    return {key: str(value).format(**fills) for key, value in values.items()}


def _web_url(route: Route, kwargs: dict[str, str]) -> str:
    if route.name:
        return reverse(route.name, kwargs={p: kwargs.get(p, SAMPLE_KWARGS.get(p, "1")) for p in route.params})
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs.get(m.group(1), SAMPLE_KWARGS.get(m.group(1), "1")),
                 route.pattern)  # fmt: skip
    return "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE_KWARGS.get(m.group(1), "x"), url).strip("^$")


def _request(client: Client, method: str, url: str, data: Any, *, as_json: bool) -> HttpResponse:
    """One request inside a savepoint that is rolled back, with the client's cookies restored after it."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        if as_json and method != "GET":
            response = client.generic(method, url, json.dumps(data or {}), content_type="application/json")
        else:
            response = getattr(client, method.lower())(url, data or {})
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _matches(expected: Status, response: HttpResponse) -> bool:
    location = response.get("Location", "")
    if expected == LOGIN:
        return response.status_code == 302 and location.startswith("/login/")
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and location.startswith("/admin/login/")
    if expected == SERVED:
        return response.status_code < 500 and not location.startswith(("/admin/login/", "/login/"))
    return response.status_code == expected


def _check(client: Client, persona: str, key: str, expect: Expect, url_for: Any, world: dict[str, Any],
           *, as_json: bool) -> list[str]:  # fmt: skip
    failures = []
    variants = [("inside", expect.inside)] + ([("outside", expect.outside)] if expect.outside is not None else [])
    for variant, values in variants:
        url = url_for(_fill(values, world, persona)) + (f"?{expect.query}" if expect.query else "")
        response = _request(client, expect.method, url, expect.data, as_json=as_json)
        wanted = expect.status(persona, variant)
        if not _matches(wanted, response):
            got = f"{response.status_code} {response.get('Location', '')}".strip()
            failures.append(f"{persona:<17} {variant:<7} {expect.method} {url}  [{key}]: expected {wanted}, got {got}")
    return failures


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_walk(persona: str, world: dict[str, Any]) -> None:
    user = world["personas"].get(persona)
    client = client_for(user)
    failures: list[str] = []
    for route in PAGE_ROUTES + ADMIN_ROUTES:
        expect = WEB.get(route.key) or ADMIN_SPECIAL.get(route.key) or (ADMIN if route in ADMIN_ROUTES else None)
        if expect is None:
            continue  # reported by test_every_route_has_an_expectation
        failures += _check(client, persona, route.key, expect, lambda kw, r=route: _web_url(r, kw), world,
                           as_json=False)  # fmt: skip
    for operation in OPERATIONS:
        if operation not in API:
            continue
        method, path = operation.split(" ", 1)

        def api_url(kwargs: dict[str, str], path: str = path) -> str:
            return re.sub(r"\{(\w+)\}", lambda m: kwargs.get(m.group(1), "0"), path)

        expect = dataclasses.replace(API[operation], method=method)
        failures += _check(client, persona, operation, expect, api_url, world, as_json=True)
    assert not failures, f"{len(failures)} routes answered unexpectedly:\n" + "\n".join(failures)
