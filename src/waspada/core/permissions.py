"""The one gate in front of every page and API route: who may open it (roles), before the scope filter.

Pages use `@requires("perm")` (or `@public` for the sign-in and password-reset pages); API routes use
`auth=api_auth("perm")`. Both mark what they protect, so a test can prove no route was left ungated, and
the permission walk (tests/permission_expectations.py) exercises every route as every role.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from waspada.core.scope import ALL_ROLES, Role

# Permission name -> roles that hold it. Add a line when a new area arrives.
PERMISSIONS: dict[str, frozenset[str]] = {
    "signed_in": ALL_ROLES,  # own account: profile, tokens, two-factor
    "reference.view": ALL_ROLES,  # regions, boundaries, maps
    # Create, edit and disable accounts in scope. A province officer creates and disables kab/kota accounts ...
    "users.manage": frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER}),
    # ... but another person's e-mail, password and two-factor are their own and the national admins' (issue 15).
    "users.credentials": frozenset({Role.NATIONAL_ADMIN}),
    "audit.view": frozenset({Role.NATIONAL_ADMIN}),
    "incidents.view": ALL_ROLES,  # the list, detail, queue; what each role reads is the scope filter's job
    "incidents.report": frozenset(
        {Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER, Role.FIELD_MONITOR}
    ),
    # Bulk CSV/XLSX imports: the offices that verify what they load (not field monitors, not read-only roles).
    "incidents.import": frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER}),
    # Exports carry only what the scope filter and sensitivity let the user read (viewers included).
    "incidents.export": ALL_ROLES,
    # Election cycles and their stages (entered, imported from XLSX, confirmed): national reference data.
    "elections.manage": frozenset({Role.NATIONAL_ADMIN}),
    # Monitoring rounds (issue 16): instruments are national; the national desk or a province opens rounds for the
    # kab/kota in its scope; kab/kota offices and their field monitors fill them in; provinces and the national
    # desk review. What each sees is the scope filter's job.
    "monitoring.view": frozenset(ALL_ROLES - {Role.VIEWER}),
    "monitoring.instruments": frozenset({Role.NATIONAL_ADMIN}),
    "monitoring.open_round": frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER}),
    "monitoring.fill": frozenset({Role.KABKOTA_OFFICER, Role.FIELD_MONITOR}),
    "monitoring.review": frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PROVINCE_OFFICER}),
    # The vulnerability index (issue 17): everyone reads it in their scope; the national desk runs it and
    # keeps its method and the reference editions.
    "risk.view": ALL_ROLES,
    "risk.compute": frozenset({Role.NATIONAL_ADMIN}),
    "risk.method": frozenset({Role.NATIONAL_ADMIN}),
    # Outbound webhooks (issue 18): the offices subscribe their gateways and systems for their own area.
    "alerts.webhooks": frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER}),
    # Alerts: everyone reads them in scope; the offices and the national desk respond (acknowledge, act, close).
    "alerts.view": ALL_ROLES,
    "alerts.respond": frozenset(
        {Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER}
    ),
    # Everyone may subscribe themselves to the alerts of their own area (inbox, e-mail, daily digest).
    "alerts.subscribe": ALL_ROLES,
    # Political education (issue 21): everyone reads the activities and the coverage in their scope; the offices
    # that facilitate it (Kesbangpol of province and kab/kota) and the national desk record them.
    "education.view": ALL_ROLES,
    "education.record": frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER}),
    # Regional grants (issue 21): every office reads the agreements of its scope; the national desk, provinces and
    # kab/kota offices record them (the scope filter keeps each to its own regions).
    "grants.view": frozenset(ALL_ROLES - {Role.VIEWER}),
    "grants.manage": frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.KABKOTA_OFFICER}),
}

# Session keys of the two-factor step after the password step.
OTP_PENDING = "waspada_otp_pending"

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def has_permission(user: Any, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}; add it to waspada.core.permissions.PERMISSIONS.")
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) in PERMISSIONS[permission]
    )


def two_factor_missing(request: HttpRequest) -> str | None:
    """"verify" when the session still owes its one-time code, "setup" when the role needs 2FA and has none."""
    if request.session.get(OTP_PENDING):
        return "verify"
    user = request.user
    if settings.WASPADA_REQUIRE_2FA and getattr(user, "role", None) == Role.NATIONAL_ADMIN:
        is_verified = getattr(user, "is_verified", None)
        if not (is_verified and is_verified()):
            return "setup"
    return None


def requires(permission: str, *, allow_unverified: bool = False) -> Callable[[V], V]:
    """Page gate: anonymous -> sign-in page; owes 2FA -> 2FA page; role lacks permission -> 403."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allow_unverified:
                missing = two_factor_missing(request)
                if missing:
                    target = "accounts:2fa_verify" if missing == "verify" else "accounts:2fa"
                    response = redirect(target)
                    response["Location"] += "?" + urlencode({"next": request.get_full_path()})
                    return response
            if not has_permission(request.user, permission):
                raise PermissionDenied(_("Your role does not allow this page."))
            return view(request, *args, **kwargs)

        wrapped.waspada_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: V) -> V:
    """Declares a page open to everyone (sign-in, password reset). The walk still checks it."""
    view.waspada_permission = "public"  # type: ignore[attr-defined]
    return view
