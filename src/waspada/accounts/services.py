"""Every write to accounts and tokens: check permission, validate, write, record the audit event."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from waspada.accounts.models import ApiToken, User, scope_region_error, token_digest
from waspada.core.audit import record
from waspada.core.permissions import has_permission
from waspada.core.scope import NATIONAL_ROLES, Action, Role, can, code_within, scope_of
from waspada.regions.models import Region

# Roles a province officer may give: the kab/kota offices and the people who report or read in its province.
PROVINCE_MANAGED_ROLES = (Role.KABKOTA_OFFICER, Role.FIELD_MONITOR, Role.VIEWER)
USER_FIELDS = ("username", "email", "first_name", "last_name", "role", "scope_region", "is_external")
TOKEN_PREFIX = "wsp_"  # noqa: S105 - a marker that makes leaked tokens easy to scan for, not a secret


def snapshot(user: User) -> dict[str, Any]:
    """What the audit trail keeps of an account: never the password hash."""
    return {
        "username": user.username, "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "role": user.role, "scope_region": user.scope_region_id,
        "is_external": user.is_external, "is_active": user.is_active,
    }  # fmt: skip


def assignable_roles(actor: Any) -> list[str]:
    scope = scope_of(actor)
    if scope.role == Role.NATIONAL_ADMIN:
        return list(Role.values)
    if scope.role == Role.PROVINCE_OFFICER:
        return [str(role) for role in PROVINCE_MANAGED_ROLES]
    return []


def check_assignment(actor: Any, role: str, region: Region | None) -> dict[str, str]:
    """Field errors when `actor` may not give an account this role and scope region (empty when fine)."""
    if role not in assignable_roles(actor):
        return {"role": _("You may not give the role %(role)s.") % {"role": role}}
    error = scope_region_error(role, region)
    if error:
        return {"scope_region": error}
    scope = scope_of(actor)
    if scope.region_code is not None and (region is None or not code_within(region.code, scope.region_code)):
        return {"scope_region": _("You may only manage accounts within %(scope)s.") % {"scope": actor.scope_label}}
    return {}


def can_manage(actor: Any, target: User) -> bool:
    """National admins manage everyone; a province officer manages the accounts it could have created."""
    if target.pk == getattr(actor, "pk", None):
        return False  # nobody changes their own role or scope
    if not can(actor, Action.CHANGE, target) or not assignable_roles(actor):
        return False
    return target.role in assignable_roles(actor) and not (target.is_superuser and actor.role not in NATIONAL_ROLES)


def _require_manage(actor: Any, target: User) -> None:
    if not can_manage(actor, target):
        raise PermissionDenied(_("You may not manage the account %(username)s.") % {"username": target.username})


def can_change_credentials(actor: Any, target: User) -> bool:
    """Another person's e-mail, password and two-factor: national admins only (issue 15). A province officer
    who could change a kab/kota officer's e-mail could send the reset link to itself and sign in as that
    office; the owner changes its own through the account page (e-mail confirmed from the old address)."""
    return has_permission(actor, "users.credentials") and can_manage(actor, target)


def _require_credentials(actor: Any, target: User) -> None:
    if not can_change_credentials(actor, target):
        raise PermissionDenied(_("Only the owner of %(username)s or a national admin may change its e-mail, "
                                 "password or two-factor sign-in.") % {"username": target.username})  # fmt: skip


def _validate(user: User, exclude_unique: bool = False) -> None:
    user.full_clean(exclude=["password"], validate_unique=not exclude_unique)


@transaction.atomic
def create_user(actor: Any, data: dict[str, Any], request: HttpRequest | None = None) -> User:
    """`data` holds USER_FIELDS (scope_region a Region or None). The new account has no password yet: it
    gets a set-password e-mail when it has an address."""
    errors = check_assignment(actor, data.get("role", ""), data.get("scope_region"))
    if errors:
        raise ValidationError(errors)
    user = User(**{field: data.get(field) for field in USER_FIELDS if field in data})
    user.set_unusable_password()
    _validate(user)
    user.save()
    record(actor, "accounts.user.create", user, None, snapshot(user), request)
    return user


@transaction.atomic
def update_user(actor: Any, target: User, data: dict[str, Any], request: HttpRequest | None = None) -> User:
    _require_manage(actor, target)
    if "email" in data and (data["email"] or "") != (target.email or ""):
        _require_credentials(actor, target)
    before = snapshot(target)
    errors = check_assignment(actor, data.get("role", target.role), data.get("scope_region", target.scope_region))
    if errors:
        raise ValidationError(errors)
    for field in USER_FIELDS:
        if field in data:
            setattr(target, field, data[field])
    _validate(target)
    target.save()
    after = snapshot(target)
    if after != before:
        record(actor, "accounts.user.update", target, before, after, request)
    return target


@transaction.atomic
def set_active(actor: Any, target: User, active: bool, request: HttpRequest | None = None) -> User:
    """Disable (or enable again) an account: its sessions and API tokens stop working at once."""
    _require_manage(actor, target)
    if target.is_active == active:
        return target
    before = snapshot(target)
    target.is_active = active
    target.save(update_fields=["is_active"])
    record(actor, "accounts.user.enable" if active else "accounts.user.disable", target, before,
           snapshot(target), request)  # fmt: skip
    return target


def send_password_email(user: User, request: HttpRequest | None) -> bool:
    """A one-time link to choose a password (Django's reset tokens; they expire and die with any login)."""
    from waspada.accounts.forms import OneAccountLinkForm

    if not user.email or not user.is_active:
        return False
    form = OneAccountLinkForm(user)
    form.is_valid()
    form.save(
        request=request,
        use_https=bool(request and request.is_secure()),
        domain_override=None if request else settings.ALLOWED_HOSTS[0],
        email_template_name="registration/password_reset_email.html",
        subject_template_name="registration/password_reset_subject.txt",
    )
    return True


@transaction.atomic
def reset_password(actor: Any, target: User, request: HttpRequest | None = None) -> None:
    """A national admin resets an account: the old password stops working and the owner gets a set-password link."""
    _require_credentials(actor, target)
    if not target.email:
        raise ValidationError({"email": _("The account %(username)s has no e-mail address; add one first.")
                               % {"username": target.username}})  # fmt: skip
    target.set_unusable_password()
    target.save(update_fields=["password"])
    record(actor, "accounts.user.password_reset", target, None, {"email": target.email}, request)
    transaction.on_commit(lambda: send_password_email(target, request))


@transaction.atomic
def set_password(actor: Any, target: User, password: str, request: HttpRequest | None = None) -> None:
    """Command-line and demo use; people set their own passwords through the e-mailed link."""
    target.set_password(password)
    target.save(update_fields=["password"])
    record(actor, "accounts.user.set_password", target, None, None, request)


# --- The owner's own e-mail and password ------------------------------------------------------------------

EMAIL_CHANGE_SALT = "waspada.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 24 * 3600  # seconds a confirmation link stays valid


def _password_stamp(user: User) -> str:
    """Changes when the password does: a reset or a new password kills pending e-mail changes."""
    return salted_hmac(EMAIL_CHANGE_SALT, user.password or "", algorithm="sha256").hexdigest()[:20]


def email_change_token(user: User, new_email: str) -> str:
    """Signed, timestamped (TimestampSigner through signing.dumps): who, from which address, to which, and the
    password stamp. Only valid while the account still has the old address, so it works once."""
    return signing.dumps({"u": user.pk, "old": user.email, "new": new_email, "p": _password_stamp(user)},
                         salt=EMAIL_CHANGE_SALT, compress=True)  # fmt: skip


@transaction.atomic
def request_email_change(user: User, new_email: str, password: str, request: HttpRequest | None = None) -> None:
    """The owner asks for a new address: the confirmation link goes to the OLD address, so whoever holds only
    the session (or only the new mailbox) cannot move the account away from its owner."""
    new_email = (new_email or "").strip()
    if not user.check_password(password):
        raise ValidationError({"password": _("Your current password is not correct.")})
    if not user.email:
        raise ValidationError({"new_email": _("Your account has no e-mail address to confirm the change from; "
                                              "ask a national admin to set one.")})  # fmt: skip
    try:
        validate_email(new_email)
    except ValidationError as error:
        raise ValidationError({"new_email": error.messages}) from error
    if new_email.lower() == user.email.lower():
        raise ValidationError({"new_email": _("That is already your e-mail address.")})
    token = email_change_token(user, new_email)
    record(user, "accounts.email_change.request", user, {"email": user.email}, {"requested": new_email}, request)
    old_email = user.email
    transaction.on_commit(lambda: _send_email_change_link(user, old_email, new_email, token, request))


def _send_email_change_link(user: User, old_email: str, new_email: str, token: str,
                            request: HttpRequest | None) -> None:  # fmt: skip
    path = reverse("accounts:email_confirm", kwargs={"token": token})
    link = request.build_absolute_uri(path) if request else f"https://{settings.ALLOWED_HOSTS[0]}{path}"
    context = {"user": user, "new_email": new_email, "link": link, "hours": EMAIL_CHANGE_MAX_AGE // 3600}
    subject = render_to_string("accounts/email_change_subject.txt", context).strip()
    body = render_to_string("accounts/email_change_email.txt", context)
    send_mail(subject, body, None, [old_email])


def email_change_target(user: User, token: str) -> str:
    """The new address a confirmation link asks for, or ValidationError when the link is altered, expired,
    someone else's, already used, or older than the account's last password change."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("This confirmation link has expired; ask for the change again.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This confirmation link is not valid.")) from error
    if not isinstance(data, dict) or data.get("u") != user.pk:
        raise ValidationError(_("This confirmation link belongs to another account."))
    if data.get("old") != user.email or data.get("p") != _password_stamp(user):
        raise ValidationError(_("This confirmation link was already used or is no longer valid."))
    return str(data["new"])


@transaction.atomic
def confirm_email_change(user: User, token: str, request: HttpRequest | None = None) -> str:
    """Apply a confirmed change for the signed-in owner; returns the new address."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    new_email = email_change_target(locked, token)
    before = snapshot(locked)
    locked.email = new_email
    locked.save(update_fields=["email"])
    user.email = locked.email
    record(user, "accounts.user.email_change", locked, before, snapshot(locked), request)
    return locked.email


def record_own_password_change(user: User, request: HttpRequest | None = None) -> None:
    """The owner chose a new password on the account page (Django's form did the write)."""
    record(user, "accounts.user.password_change", user, None, None, request)


# --- Personal API tokens -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def create_token(user: User, name: str, days: int | None = None, request: HttpRequest | None = None) -> NewToken:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, for example the script that will use it.")})
    days = settings.API_TOKEN_DAYS_DEFAULT if days is None else days
    if not 1 <= days <= settings.API_TOKEN_DAYS_MAX:
        raise ValidationError({"days": _("A token lasts between 1 and %(max)d days.")
                               % {"max": settings.API_TOKEN_DAYS_MAX}})  # fmt: skip
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=token_digest(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )  # fmt: skip
    record(user, "accounts.token.create", token, None,
           {"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at}, request)  # fmt: skip
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(actor: Any, token: ApiToken, request: HttpRequest | None = None) -> ApiToken:
    if token.user_id != actor.pk and getattr(actor, "role", None) != Role.NATIONAL_ADMIN:
        raise PermissionDenied(_("You may only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "accounts.token.revoke", token, None, {"revoked_at": token.revoked_at}, request)
    return token
