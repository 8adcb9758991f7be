"""The tip form's captcha: a question from the list the moderators keep
(TipQuestion, in the admin), answered in plain text. No third party, no
JavaScript, nothing about the sender kept."""

import random
import unicodedata

from tips.models import TipQuestion

# Used when the moderators' list is empty, so the form always has a question.
FALLBACK = TipQuestion(pk=0, question="2 + 3 = ?", answers="5|cinq|five")


def normalize(answer: str) -> str:
    """Letter case, accents and spaces do not matter."""
    decomposed = unicodedata.normalize("NFKD", answer.casefold())
    return "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and not char.isspace()
    )


def pick_question() -> TipQuestion:
    ids = list(TipQuestion.objects.filter(active=True).values_list("pk", flat=True))
    if not ids:
        return FALLBACK
    return TipQuestion.objects.get(pk=random.choice(ids))  # noqa: S311


def question_by_id(pk) -> TipQuestion | None:
    if pk == 0:
        active = TipQuestion.objects.filter(active=True).exists()
        return None if active else FALLBACK
    return TipQuestion.objects.filter(pk=pk, active=True).first()


def is_right(question: TipQuestion, answer: str) -> bool:
    given = normalize(answer)
    return bool(given) and any(
        given == normalize(accepted) for accepted in question.answers.split("|")
    )
