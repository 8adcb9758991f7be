import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tips.models import TipQuestion
from tips.questions import FALLBACK

# What a sender's request carries that must never be stored.
SENDER_ADDRESS = "203.0.113.77"
FORWARDED_ADDRESS = "198.51.100.23"
USER_AGENT = "Mozilla/5.0 (X11; Linux) CarreTipTest/9.9"


@pytest.fixture(autouse=True)
def tip_settings(settings, tmp_path):
    settings.CARRE_TIPS_PER_SENDER = 5
    settings.CARRE_TIPS_PER_WINDOW = 30
    settings.CARRE_NEW_USER_QUEUE_POSTS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture(autouse=True)
def fresh_counters():
    from django.core.cache import caches

    caches["default"].clear()


def answer_for(page: str) -> tuple[int, str]:
    """The question the form asks and its first accepted answer."""
    pk = int(re.search(r'name="question" value="(\d+)"', page).group(1))
    question = TipQuestion.objects.get(pk=pk) if pk else FALLBACK
    return pk, question.answers.split("|")[0]


@pytest.fixture
def send_tip(client):
    """Send a tip through the form as an anonymous visitor behind a proxy."""

    def send(text="Une nouvelle caméra rue de Vesle.", *, files=(), links="", **extra):
        pk, answer = answer_for(client.get("/tips/").content.decode())
        data = {"text": text, "links": links, "question": pk, "answer": answer}
        if files:
            data["files"] = list(files)
        headers = {
            "REMOTE_ADDR": SENDER_ADDRESS,
            "HTTP_X_FORWARDED_FOR": FORWARDED_ADDRESS,
            "HTTP_USER_AGENT": USER_AGENT,
            "HTTP_ACCEPT_LANGUAGE": "fr",
            **extra,
        }
        return client.post("/tips/", data, **headers)

    return send


def gps_jpeg(name="camera.jpg") -> SimpleUploadedFile:
    """A photo whose EXIF says where it was taken (Reims) and with what."""
    image = Image.new("RGB", (64, 48), (120, 140, 160))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "SecretPhone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (49.0, 15.0, 30.0)
    gps[3] = "E"
    gps[4] = (4.0, 2.0, 10.0)
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")
