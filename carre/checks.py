"""Deployment checks of Carré's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_settings(app_configs, **kwargs):
    problems = []
    if not settings.CARRE_BASE_URL:
        problems.append(
            Warning(
                "CARRE_BASE_URL is not set: links in emails are guessed from the "
                "first of CARRE_ALLOWED_HOSTS.",
                hint="Set it to the site's public address, e.g. "
                "https://carre.example.org.",
                id="carre.W001",
            )
        )
    if not settings.EMAIL_CONFIGURED:
        problems.append(
            Warning(
                "CARRE_EMAIL_HOST is not set: password resets and notification "
                "emails are printed to the log instead of being sent.",
                hint="Set CARRE_EMAIL_HOST and its CARRE_EMAIL_* companions.",
                id="carre.W002",
            )
        )
    return problems
