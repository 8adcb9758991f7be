"""One answer to "can I trust this link?": a source's state, its time, its reason.

A source carries several records (the last fetch, the last link check, a kept
copy); shown one by one they contradicted each other ("not checked yet" next
to "fetched on …" after a failed fetch). `source_state` decides which record
speaks, most serious first.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from sources.models import Source


@dataclass(frozen=True)
class SourceState:
    code: str  # fetching, dead, failed, unreachable, ok, unchecked, offline
    label: str
    at: datetime | None
    reason: str
    tone: str  # ok, warning, error, neutral: the badge's colour


def source_state(source: Source) -> SourceState:
    """The state a reader should see for `source`."""
    if not source.url:
        reason = (
            _("An uploaded file, kept by Carré: there is no link to check.")
            if source.file
            else _("A document without a web address: there is no link to check.")
        )
        return SourceState("offline", _("No web address"), None, reason, "neutral")
    if source.is_pending:
        return SourceState(
            "fetching",
            _("Fetching…"),
            None,
            _("Fetching the page: title, date and text will appear here in a moment."),
            "neutral",
        )
    failure = _failure_reason(source)
    if source.link_status == Source.LinkStatus.DEAD:
        return SourceState(
            "dead",
            _("Dead link"),
            source.link_checked_at or source.fetched_at,
            failure or _("The address no longer answers."),
            "error",
        )
    if source.fetch_status == Source.FetchStatus.FAILED:
        return SourceState(
            "failed",
            _("Fetch failed"),
            source.link_checked_at or source.fetched_at,
            failure,
            "error",
        )
    if source.link_status == Source.LinkStatus.UNREACHABLE:
        return SourceState(
            "unreachable",
            _("Temporarily unreachable"),
            source.link_checked_at,
            _("The server did not answer at the last check; it will be checked again."),
            "warning",
        )
    if source.link_status == Source.LinkStatus.OK:
        return SourceState(
            "ok",
            _("Link works"),
            source.link_checked_at or source.fetched_at,
            _("The address answered at the last check."),
            "ok",
        )
    return SourceState(
        "unchecked",
        _("Not checked yet"),
        None,
        _("Links are checked every day; this one has not been yet."),
        "neutral",
    )


def _failure_reason(source: Source) -> str:
    if not source.fetch_error:
        return ""
    reason = source.get_fetch_error_display()
    if source.fetch_http_status:
        reason += " " + _("(HTTP status %(status)s)") % {
            "status": source.fetch_http_status
        }
    return reason
