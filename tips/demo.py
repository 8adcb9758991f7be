"""A tip waiting in the moderators' inbox of the Reims demo."""

from tips import services
from tips.models import Tip

DEMO_TIP = (
    "Un tract de campagne distribué au marché du Boulingrin promettait "
    "« plus de caméras dans chaque quartier ». J'en ai gardé un exemplaire, "
    "je peux le photographier si cela sert au dossier de Reims."
)


def load(users) -> None:
    if not Tip.objects.filter(text=DEMO_TIP).exists():
        services.submit_tip(text=DEMO_TIP)
