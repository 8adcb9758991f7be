"""The fixed taxonomy of surveillance technologies a deployment belongs to.

The list is deliberately short and stable: a map filter, an API field and
the demo data depend on these codes, so a code is never renamed or reused.
Each entry says what it covers, so that contributors classify alike; what
fits none of them is "other", described in the deployment's own text.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Technology(models.TextChoices):
    VIDEO_SURVEILLANCE = "video_surveillance", _("Video surveillance")
    ANPR = "anpr", _("Automatic number-plate recognition")
    ALGORITHMIC_VIDEO = "algorithmic_video", _("Algorithmic video analysis")
    FACIAL_RECOGNITION = "facial_recognition", _("Facial recognition")
    DRONES = "drones", _("Drones")
    SOUND_SENSORS = "sound_sensors", _("Sound sensors")
    PREDICTIVE_POLICING = "predictive_policing", _("Predictive policing")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class TechnologyEntry:
    code: str
    label: str
    description: str


DESCRIPTIONS = {
    Technology.VIDEO_SURVEILLANCE: _(
        "Fixed or mobile cameras filming public space, watched live or replayed "
        "from an urban supervision centre (called 'vidéoprotection' by "
        "authorities)."
    ),
    Technology.ANPR: _(
        "Cameras and software that read vehicle number plates automatically, "
        "for traffic, parking fines or searches for vehicles."
    ),
    Technology.ALGORITHMIC_VIDEO: _(
        "Software that analyses video streams or recordings to detect events, "
        "behaviours, objects or vehicles (crowds, intrusions, abandoned "
        "objects), live or after the fact."
    ),
    Technology.FACIAL_RECOGNITION: _(
        "Software that detects, identifies or compares faces in images, "
        "including searches in recordings."
    ),
    Technology.DRONES: _("Flying cameras used by police or by the municipality."),
    Technology.SOUND_SENSORS: _(
        "Microphones that detect or classify noises in public space (shouts, "
        "gunshots, noisy vehicles)."
    ),
    Technology.PREDICTIVE_POLICING: _(
        "Software that predicts where or by whom offences will happen, to "
        "direct patrols."
    ),
    Technology.OTHER: _(
        "Any other surveillance technology; the deployment's description says "
        "what it is."
    ),
}


def entries() -> list[TechnologyEntry]:
    """Every technology with its label and description, in taxonomy order."""
    return [
        TechnologyEntry(
            code=choice.value, label=choice.label, description=DESCRIPTIONS[choice]
        )
        for choice in Technology
    ]


def label(code: str) -> str:
    """The translated label of a technology code (the code itself if unknown)."""
    try:
        return Technology(code).label
    except ValueError:
        return code
