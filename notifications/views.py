from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from notifications import services
from notifications.models import Notification

PAGE_SIZE = 30


@login_required
@require_safe
def notification_list(request):
    notifications = Notification.objects.for_user(request.user).select_related("actor")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "notifications/notification_list.html", {"page": page}
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def notification_read(request, pk):
    """Mark one notification read; then follow it (or refresh its row)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(notification, user=request.user)
    if request.htmx:
        return TemplateResponse(
            request,
            "notifications/notification_list.html#notification-item",
            {"notification": notification, "oob_badge": True},
        )
    if request.POST.get("follow") and notification.url:
        target = notification.url
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=False
        ):
            return redirect(target)
    return redirect("notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification-list")
