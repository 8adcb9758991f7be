"""The CSV import of deployments, for moderators: upload, map the columns,
preview line by line, import (facts/imports.py does the work).

The file stays on the server in a DeploymentImport row; the pages pass its
token only, and only its uploader reaches it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from carre.htmx import page_or_fragment
from facts import imports
from facts.models import DeploymentImport

# The lines of each outcome a preview shows (the counts cover them all).
PREVIEW_LINES = 500


def _own_import(request, token, *, with_file=True) -> DeploymentImport:
    imports.check_can_import(request.user)
    rows = DeploymentImport.objects.all()
    if not with_file:
        rows = rows.defer("data")  # up to 20 MB, read every 2 s otherwise
    return get_object_or_404(rows, token=token, uploaded_by=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    imports.check_can_import(request.user)
    error, status = "", 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a CSV file.")
        else:
            try:
                data = upload.read(settings.CARRE_IMPORT_MAX_BYTES + 1)
                row = imports.upload_import(
                    by=request.user, file_name=upload.name or "", data=data
                )
            except imports.ImportRefused as refusal:
                error = str(refusal)
            else:
                return redirect("deployment-import-mapping", token=row.token)
        status = 400
    return TemplateResponse(
        request,
        "facts/import_upload.html",
        {
            "error": error,
            "max_lines": settings.CARRE_IMPORT_MAX_LINES,
            "max_megabytes": settings.CARRE_IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, token):
    upload = _own_import(request, token)
    if not upload.is_open:
        return redirect("deployment-import-status", token=upload.token)
    csv_file = imports.read_csv(bytes(upload.data))
    mapping, error, status = upload.mapping, "", 200
    if request.method == "POST":
        mapping = {name: request.POST.get(name, "") for name in imports.FIELD_NAMES}
        try:
            imports.set_import_mapping(upload, by=request.user, mapping=mapping)
        except ValidationError as invalid:
            error, status = " ".join(invalid.messages), 400
        else:
            return redirect("deployment-import-preview", token=upload.token)
    rows = [
        {"field": field, "column": mapping.get(field.name, "")}
        for field in imports.FIELDS
    ]
    return TemplateResponse(
        request,
        "facts/import_mapping.html",
        {
            "upload": upload,
            "csv": csv_file,
            "main_rows": [row for row in rows if not row["field"].advanced],
            "advanced_rows": [row for row in rows if row["field"].advanced],
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, token):
    upload = _own_import(request, token)
    if not upload.is_open:
        return redirect("deployment-import-status", token=upload.token)
    if imports.missing_fields(upload.mapping):
        return redirect("deployment-import-mapping", token=upload.token)
    error, status = "", 200
    if request.method == "POST":
        # The worker imports (facts.tasks.run_import); the status page follows it.
        try:
            imports.queue_import(
                upload, by=request.user, digest=request.POST.get("digest", "")
            )
        except ValidationError as invalid:
            error, status = " ".join(invalid.messages), 409
        else:
            return redirect("deployment-import-status", token=upload.token)
    try:
        plan = imports.plan_import(
            bytes(upload.data), upload.mapping, user=request.user
        )
    except imports.ImportRefused as refusal:
        plan, error, status = None, str(refusal), 400
    context = {"upload": upload, "plan": plan, "error": error}
    if plan is not None:
        context["sections"] = [
            (outcome, title, lines[:PREVIEW_LINES], len(lines))
            for outcome, title in (
                ("refused", _("Refused lines")),
                ("created", _("Deployments to create")),
                ("matched", _("Deployments already there")),
            )
            if (lines := [line for line in plan.lines if line.outcome == outcome])
        ]
    return TemplateResponse(
        request, "facts/import_preview.html", context, status=status
    )


@login_required
@require_safe
def import_status(request, token):
    """Where an import stands: queued, running, imported or failed. While the
    worker has it, htmx polls the state every 2 s (a reload link without JS)."""
    upload = _own_import(request, token, with_file=False)
    if upload.status == DeploymentImport.Status.PENDING:
        return redirect("deployment-import-preview", token=upload.token)
    return page_or_fragment(
        request, "facts/import_status.html", "import-state", {"upload": upload}
    )
