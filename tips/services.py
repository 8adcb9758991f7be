"""State changes of anonymous tips: receiving one, and the moderators'
decisions (a forum thread, a source, or dismissed), each logged."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forum import services as forum_services
from forum.models import ModerationLog
from sources import services as source_services
from sources.models import Source
from sources.uploads import clean_upload
from tips.models import Tip, TipFile
from tips.permissions import check_can_handle_tips


def _clean_files(uploads) -> list:
    """Every file checked and stripped before anything is stored; the first
    refusal names the file."""
    cleaned = []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as error:
            raise ValidationError(
                {
                    "files": [
                        _("%(name)s: %(error)s")
                        % {"name": upload.name[:80], "error": message}
                        for message in error.messages
                    ]
                }
            ) from error
    return cleaned


@transaction.atomic
def submit_tip(*, text: str, links: str = "", files=()) -> Tip:
    """Store a tip: its text, links and cleaned files, and nothing about who
    sent it. Raises ValidationError({"files": …}) for a refused file."""
    cleaned = _clean_files(files)
    tip = Tip.objects.create(text=text.strip(), links=links.strip())
    for clean in cleaned:
        clean.content.seek(0)
        size = len(clean.content.read())
        clean.content.seek(0)
        stored = TipFile(tip=tip, content_type=clean.content_type, size=size)
        stored.file.save(clean.name, clean.content, save=False)
        stored.save()
    return tip


def provenance(tip: Tip) -> str:
    """The line that says where a thread or a source came from."""
    return _("From an anonymous tip of %(date)s.") % {
        "date": date_format(tip.received_on, "j F Y")
    }


def _locked_new_tip(tip: Tip, *, by) -> Tip:
    check_can_handle_tips(by)
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if not tip.is_new:
        raise ValidationError(
            _("This tip was already handled (%(status)s).")
            % {"status": tip.get_status_display()},
            code="already_handled",
        )
    return tip


def _decide(tip: Tip, *, by, status, action, details: str, thread=None) -> None:
    tip.status = status
    tip.decided_by = by
    tip.decided_at = timezone.now()
    tip.save(update_fields=["status", "decided_by", "decided_at", "thread", "source"])
    ModerationLog.objects.create(
        moderator=by, action=action, thread=thread, details=details[:500]
    )


@transaction.atomic
def tip_to_thread(tip: Tip, *, by, category, title: str, body: str):
    """Open a forum thread from the tip, posted by the moderator `by`, its
    first line saying where it comes from."""
    tip = _locked_new_tip(tip, by=by)
    text = f"*{provenance(tip)}*\n\n{body.strip()}"
    thread = forum_services.create_thread(
        category=category, author=by, title=title, body=text, enforce_limits=False
    )
    tip.thread = thread
    _decide(
        tip,
        by=by,
        status=Tip.Status.THREAD,
        action=ModerationLog.Action.TIP_THREAD,
        details=_("Tip #%(id)s of %(date)s") % _tip_names(tip),
        thread=thread,
    )
    return thread


@transaction.atomic
def tip_to_source(
    tip: Tip, *, by, title: str, url: str = "", kind: str, description: str
) -> Source:
    """Add a source from the tip; its description starts with where it comes
    from, and the tip's first file (already cleaned) becomes its file."""
    tip = _locked_new_tip(tip, by=by)
    if url and url not in tip.link_list:
        raise ValidationError({"url": _("Choose one of the tip's links.")})
    first_file = tip.files.first()
    if first_file and kind == Source.Kind.ARTICLE and first_file.is_image:
        kind = Source.Kind.PHOTO
    source = source_services.add_source_manually(
        added_by=by,
        url=url,
        title=title,
        kind=kind,
        description=f"{provenance(tip)}\n\n{description.strip()}".strip(),
    )
    if first_file:
        with first_file.file.open("rb") as handle:
            content = handle.read()
        source.file.save(first_file.name, ContentFile(content), save=False)
        source.file_type = first_file.content_type
        source.save(update_fields=["file", "file_type"])
    tip.source = source
    _decide(
        tip,
        by=by,
        status=Tip.Status.SOURCE,
        action=ModerationLog.Action.TIP_SOURCE,
        details=_("Tip #%(id)s of %(date)s → source %(key)s")
        % {**_tip_names(tip), "key": source.key},
    )
    return source


@transaction.atomic
def dismiss_tip(tip: Tip, *, by, reason: str = "") -> Tip:
    """Set the tip aside; its files are deleted (nothing left to clean up)."""
    tip = _locked_new_tip(tip, by=by)
    for stored in tip.files.all():
        transaction.on_commit(lambda name=stored.file.name: _delete_file(name))
    tip.files.all().delete()
    details = _("Tip #%(id)s of %(date)s") % _tip_names(tip)
    if reason.strip():
        details = f"{details}: {reason.strip()}"
    _decide(
        tip,
        by=by,
        status=Tip.Status.DISMISSED,
        action=ModerationLog.Action.TIP_DISMISS,
        details=details,
    )
    return tip


def _delete_file(name: str) -> None:
    default_storage.delete(name)


def _tip_names(tip: Tip) -> dict:
    return {"id": tip.pk, "date": date_format(tip.received_on, "j F Y")}
