"""Hooks into Django's login and logout, which allauth's views call."""

from accounts import services


def on_login(sender, request, user, **kwargs):
    services.record_login(user, session=request.session)


def on_logout(sender, request, user, **kwargs):
    services.forget_session(session_key=request.session.session_key)
