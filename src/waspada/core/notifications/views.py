"""The signed-in user's inbox: the list (all or unread), mark one read, mark all read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from waspada.core.notifications import services
from waspada.core.permissions import requires

PAGE_SIZE = 30


@requires("signed_in")
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = services.inbox(request.user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "unread_only": unread_only,
                                                       "unread": services.unread_count(request.user)})  # fmt: skip


@requires("signed_in")
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.inbox(request.user).filter(pk=pk).first()
    if notification is None:  # absent, or someone else's: the same answer
        raise Http404
    services.mark_read(request.user, pk)
    # "Open" marks read and follows the link; "Mark read" returns to the inbox.
    if request.POST.get("open") and notification.link and url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()):  # fmt: skip
        return redirect(notification.link)
    return redirect("notifications:inbox")


@requires("signed_in")
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("notifications:inbox")
