"""Background work on sources: fetching, archiving, link checks.

Each task takes a source id and only ever updates that row, so a task run
twice (a retry, a duplicate enqueue) changes nothing more than a single run.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import F
from django.tasks import task

from sources import services
from sources.extraction import extract_metadata
from sources.fetching import FetchFailed, fetch
from sources.models import Source

logger = logging.getLogger(__name__)

# The Internet Archive's Save Page Now; a setting so that a self-hoster can
# point it at another Wayback-compatible archive.
ARCHIVE_SAVE_URL = "https://web.archive.org/save/"


@task
def fetch_source(source_id: int) -> str:
    """Fetch a source's page, extract its metadata and keep a text snapshot."""
    source = Source.objects.filter(pk=source_id).only("url").first()
    if source is None or not source.url:
        return "missing"
    try:
        page = fetch(source.url)
    except FetchFailed as failure:
        services.record_fetch_failure(
            source_id, code=failure.code, http_status=failure.http_status
        )
        return failure.code
    try:
        metadata = extract_metadata(page.text, url=page.url)
    except Exception:
        # A page no parser can read must not leave the source pending forever.
        logger.exception("Extraction failed for source %s", source_id)
        services.record_fetch_failure(source_id, code="unreadable")
        return "unreadable"
    services.record_fetch_success(source_id, final_url=page.url, metadata=metadata)
    if getattr(settings, "CARRE_ARCHIVE_ORG", False):
        archive_source.enqueue(source_id)
    return "done"


@task
def archive_source(source_id: int) -> str:
    """Ask the Internet Archive's Save Page Now for a copy (CARRE_ARCHIVE_ORG)."""
    source = Source.objects.filter(pk=source_id).only("url", "archive_url").first()
    if source is None or not source.url or source.archive_url:
        return "skipped"
    save_url = getattr(settings, "CARRE_ARCHIVE_SAVE_URL", ARCHIVE_SAVE_URL)
    try:
        page = fetch(save_url + source.url, require_html=False)
    except FetchFailed as failure:
        logger.info("Save Page Now failed for source %s: %s", source_id, failure.code)
        return failure.code
    # The archive names its copy in Content-Location (/web/<timestamp>/<url>);
    # without it, /web/<url> leads to the newest copy.
    location = page.headers.get("content-location", "")
    if not location.startswith("/web/"):
        location = "/web/" + source.url
    archive_url = urljoin(save_url, location)
    services.record_archive_url(source_id, archive_url=archive_url)
    return "archived"


@task
def check_link(source_id: int) -> str:
    """Check that a source's address still answers; mark it dead if it is gone."""
    source = Source.objects.filter(pk=source_id).only("url").first()
    if source is None or not source.url:
        return "missing"
    try:
        fetch(source.url, require_html=False)
    except FetchFailed as failure:
        if failure.code == "not_found":
            status = Source.LinkStatus.DEAD
        elif failure.code == "too_big":
            status = Source.LinkStatus.OK  # it answered, with a big document
        else:
            status = Source.LinkStatus.UNREACHABLE
    else:
        status = Source.LinkStatus.OK
    services.record_link_check(source_id, status=status)
    return status


def queue_link_checks(sources=None, *, limit: int = 0) -> int:
    """Queue a link check for each source with an address (all of them by
    default), least recently checked first; return how many were queued.

    Run daily by the scheduler (`manage.py run_periodic`), by `check_links`
    and by the admin's action on the selected sources.
    """
    sources = (
        (Source.objects.all() if sources is None else sources)
        .exclude(url="")
        .order_by(F("link_checked_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)
    )
    if limit:
        sources = sources[:limit]
    count = 0
    for source_id in sources.iterator():
        check_link.enqueue(source_id)
        count += 1
    return count
