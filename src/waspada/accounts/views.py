"""Sign-in, user management (one by one or XLSX) and the user's own account page. Thin: services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import devices_for_user

from waspada.accounts import selectors, services
from waspada.accounts.forms import EmailChangeForm, SetPasswordLinkForm, TokenForm, UserForm, UserImportForm
from waspada.accounts.imports import ImportFailed, import_users, template_workbook
from waspada.accounts.models import User
from waspada.core.permissions import OTP_PENDING, public, requires
from waspada.core.scope import Role

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LoginView(auth_views.LoginView):
    """Password first; an account with a confirmed TOTP device then owes its one-time code."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if any(devices_for_user(form.get_user(), confirmed=True)):
            self.request.session[OTP_PENDING] = True
            return redirect(reverse("accounts:2fa_verify") + "?" + urlencode({"next": self.get_success_url()}))
        return response


login_view = public(LoginView.as_view())
logout_view = public(auth_views.LogoutView.as_view())
password_reset = public(auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html", success_url="/password-reset/sent/",
    form_class=SetPasswordLinkForm,
    email_template_name="registration/password_reset_email.html"))  # fmt: skip
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = public(auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url="/password-reset/complete/"))  # fmt: skip
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


def safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok else default


# --- User management --------------------------------------------------------------------------------


@requires("users.manage")
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "").strip()[:100] for key in ("q", "role", "region", "active")}
    users = selectors.users_for(request.user, **filters)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {key: value for key, value in filters.items() if value}
    return render(request, "accounts/user_list.html", {
        "page": page, "filters": filters, "roles": Role.choices, "query": urlencode(query),
        "manageable": {user.pk for user in page if services.can_manage(request.user, user)},
    })  # fmt: skip


def _form_data(form: UserForm) -> dict[str, Any]:
    return {field: form.cleaned_data[field] for field in services.USER_FIELDS}


def _apply_errors(form: UserForm, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@requires("users.manage")
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    roles = services.assignable_roles(request.user)
    form = UserForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(request.user, _form_data(form), request)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            sent = services.send_password_email(user, request)
            messages.success(request, _("Account %(username)s created.") % {"username": user.username}
                             + (" " + _("A set-password link was e-mailed.") if sent else ""))  # fmt: skip
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


def _managed_user(request: HttpRequest, pk: int) -> User:
    """404 outside the scope (existence is not revealed), 403 inside it when the role cannot manage it."""
    target = selectors.user_for(request.user, pk)
    if target is None:
        raise Http404(_("No account %(id)s in your scope.") % {"id": pk})
    if not services.can_manage(request.user, target):
        raise PermissionDenied(_("You may not manage the account %(username)s.") % {"username": target.username})
    return target


@requires("users.manage")
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    credentials = services.can_change_credentials(request.user, target)
    form = UserForm(request.POST or None, roles=services.assignable_roles(request.user), instance=target,
                    email_editable=credentials)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, target, _form_data(form), request)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": target.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": target, "creating": False,
                                                       "credentials": credentials})  # fmt: skip


@requires("users.manage")
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    active = request.POST.get("active") == "1"
    services.set_active(request.user, target, active, request)
    text = _("Account %(username)s enabled.") if active else _("Account %(username)s disabled.")
    messages.success(request, text % {"username": target.username})
    return redirect("accounts:user_list")


@requires("users.credentials")
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    try:
        services.reset_password(request.user, target, request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Password of %(username)s reset; a set-password link was e-mailed to %(email)s.")
                         % {"username": target.username, "email": target.email})  # fmt: skip
    return redirect("accounts:user_edit", pk=target.pk)


@requires("users.manage")
@require_http_methods(["GET", "POST"])
def user_import(request: HttpRequest) -> HttpResponse:
    form = UserImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_users(request.user, upload, request, filename=upload.name)
        except ImportFailed as failed:
            errors = failed.errors
        else:
            messages.success(request, _("%(count)d accounts created; %(emailed)d set-password links e-mailed.")
                             % {"count": len(result.created), "emailed": result.emailed})  # fmt: skip
            return redirect("accounts:user_list")
    status = 422 if errors else 200
    return render(request, "accounts/user_import.html", {"form": form, "errors": errors}, status=status)


@requires("users.manage")
@require_GET
def user_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="waspada-users-template.xlsx"'
    return response


# --- The user's own account: e-mail and password ------------------------------------------------------


@requires("signed_in")
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    """Ask for a new address; the confirmation link goes to the current one (issue 15)."""
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_email_change(request.user, form.cleaned_data["new_email"],  # type: ignore[arg-type]
                                          form.cleaned_data["password"], request)  # fmt: skip
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("A confirmation link was sent to your current address %(email)s; the "
                                        "change takes effect when you open it.") % {"email": request.user.email})  # type: ignore[union-attr]
            return redirect("accounts:account")
    status = 422 if form.errors else 200
    return render(request, "accounts/email_change.html", {"form": form}, status=status)


@requires("signed_in")
@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link would change (mail scanners that open links change nothing); POST applies it."""
    try:
        if request.method == "POST":
            new_email = services.confirm_email_change(request.user, token, request)  # type: ignore[arg-type]
            messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": new_email})
            return redirect("accounts:account")
        new_email = services.email_change_target(request.user, token)  # type: ignore[arg-type]
    except ValidationError as error:
        return render(request, "accounts/email_confirm.html", {"error": " ".join(error.messages)}, status=400)
    return render(request, "accounts/email_confirm.html", {"new_email": new_email})


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/accounts/me/"

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            services.record_own_password_change(form.user, self.request)
        messages.success(self.request, _("Your password was changed."))
        return response


password_change = requires("signed_in")(OwnPasswordChangeView.as_view())


# --- The user's own account: API tokens ---------------------------------------------------------------


@requires("signed_in")
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, TokenForm())


def _account_page(request: HttpRequest, form: TokenForm, new_secret: str = "", status: int = 200) -> HttpResponse:
    context = {
        "form": form, "tokens": selectors.tokens_of(request.user), "new_secret": new_secret,
        "has_2fa": any(devices_for_user(request.user, confirmed=True)),
    }  # fmt: skip
    response = render(request, "accounts/account.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the new token is on this page exactly once
    return response


@requires("signed_in")
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form, status=422)
    try:
        new = services.create_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"], request)  # type: ignore[arg-type]
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
        return _account_page(request, form, status=422)
    return _account_page(request, TokenForm(), new_secret=new.secret)


@requires("signed_in")
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    token = selectors.tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404(_("No such token among yours."))
    services.revoke_token(request.user, token, request)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:account")
