"""Anonymous tips (tips/urls.py): anyone sends one; moderators read them
and decide, in their inbox."""

from tests.security.access import everyone, moderators, signed_in

# A stored photo of a tip, under a fixed name so that every run writes the
# same file.
MATRIX_FILE = "tips/permission-matrix.png"


def build(world):
    from pathlib import Path

    from django.conf import settings

    from tests.security.access.sources import PNG
    from tips import services
    from tips.models import TipFile

    world.tip = services.submit_tip(
        text="Une nouvelle caméra rue de Vesle, posée la semaine dernière.",
        links="https://example.org/vesle",
    )
    path = Path(settings.MEDIA_ROOT) / MATRIX_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)
    TipFile.objects.create(
        tip=world.tip, file=MATRIX_FILE, content_type="image/png", size=len(PNG)
    )
    world.tip_file_name = MATRIX_FILE.removeprefix("tips/")


TIP = {"pk": "tip.pk"}
# Moderators' pages: others are refused (403), visitors sent to log in.
INBOX_PAGE = {"GET": moderators("ok"), "POST": signed_in("refused")}
# A decision is a POST; an empty one is refused as invalid input (400).
DECISION = {
    "kwargs": TIP,
    "GET": signed_in("refused"),
    "POST": moderators("allowed"),
}

ROUTES = {
    # The form is for everyone, without an account (an empty POST: 400).
    "tip-new": {"GET": everyone("ok"), "POST": everyone("allowed")},
    "tip-sent": {"GET": everyone("ok"), "POST": everyone("refused")},
    "tip-inbox": INBOX_PAGE,
    "tip-detail": {"kwargs": TIP, **INBOX_PAGE},
    "tip-thread": DECISION,
    "tip-source": DECISION,
    "tip-dismiss": DECISION,
    # A file sent with a tip: moderators only, like the tip.
    "tip-file": {"kwargs": {"name": "tip_file_name"}, **INBOX_PAGE},
}
