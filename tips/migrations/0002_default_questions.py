"""A few questions for the tip form's captcha, so it works out of the box;
moderators add, change or retire them in the admin."""

from django.db import migrations

QUESTIONS = [
    ("Combien font trois plus quatre ? (en chiffres ou en lettres)", "7|sept|seven"),
    ("Quelle est la couleur du ciel par beau temps ?", "bleu|blue"),
    ("Combien de pattes a un chat ?", "4|quatre|four"),
    ("Écrivez le mot « carré » à l'envers.", "érrac|errac"),
]


def add_questions(apps, schema_editor):
    TipQuestion = apps.get_model("tips", "TipQuestion")
    for question, answers in QUESTIONS:
        TipQuestion.objects.get_or_create(
            question=question, defaults={"answers": answers}
        )


def remove_questions(apps, schema_editor):
    TipQuestion = apps.get_model("tips", "TipQuestion")
    TipQuestion.objects.filter(question__in=[q for q, _ in QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]

    operations = [migrations.RunPython(add_questions, remove_questions)]
