from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return TemplateResponse(request, "home.html")


@never_cache
@require_safe
def healthz(request):
    """Database reachability and migration state, for load balancers and compose."""
    status = {"database": "ok", "migrations": "ok"}
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            status["migrations"] = f"{len(plan)} pending"
    except DatabaseError:
        status["database"] = "unreachable"
        status["migrations"] = "unknown"
        # A broken connection must not poison the next request.
        connection.close()
    healthy = status == {"database": "ok", "migrations": "ok"}
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)


# Form fields that hold text someone wrote; kept on a CSRF failure page.
WRITTEN_FIELDS = {
    "title": _("Title"),
    "body": _("Text"),
    "text": _("Text"),
    "summary": _("Summary"),
    "description": _("Description"),
    "reason": _("Reason"),
}


def csrf_failure(request, reason=""):
    """An expired form: explain, and give back what was typed so nothing is lost."""
    kept = [
        (label, request.POST[name])
        for name, label in WRITTEN_FIELDS.items()
        if request.POST.get(name, "").strip()
    ]
    return TemplateResponse(request, "403_csrf.html", {"kept": kept}, status=403)
