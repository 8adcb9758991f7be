"""Loaders fetch what the viewer may see (404 otherwise) and refuse, with
`check`, what they see but may not act on (403)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from forum import permissions, services
from forum.loaders import get_flag_for, get_post_for, get_thread_for
from tests.factories import make_user


def request_by(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


@pytest.fixture
def waiting(thread, settings):
    """A reply of a new account, waiting for a moderator."""
    settings.CARRE_NEW_USER_QUEUE_POSTS = 1
    return services.post_reply(thread, author=make_user("nouveau"), body="En attente")


def test_get_post_for_hides_a_waiting_post_from_others(waiting, contributor):
    with pytest.raises(Http404):
        get_post_for(request_by(contributor), waiting.pk)
    with pytest.raises(Http404):
        get_post_for(request_by(), waiting.pk)


def test_get_post_for_shows_a_waiting_post_to_its_author_and_moderators(
    waiting, moderator
):
    assert get_post_for(request_by(waiting.author), waiting.pk) == waiting
    assert get_post_for(request_by(moderator), waiting.pk) == waiting


def test_get_thread_for_hides_a_waiting_thread_from_others(
    category, settings, contributor, moderator
):
    settings.CARRE_NEW_USER_QUEUE_POSTS = 1
    newcomer = make_user("nouveau")
    thread = services.create_thread(
        category=category, author=newcomer, title="Caché", body="x"
    )
    with pytest.raises(Http404):
        get_thread_for(request_by(contributor), thread.pk)
    assert get_thread_for(request_by(newcomer), thread.pk) == thread
    assert get_thread_for(request_by(moderator), thread.pk) == thread


def test_get_post_for_check_refuses_what_the_viewer_sees(first_post, other_contributor):
    request = request_by(other_contributor)
    assert get_post_for(request, first_post.pk) == first_post
    with pytest.raises(PermissionDenied):
        get_post_for(request, first_post.pk, check=permissions.check_can_edit_post)


def test_get_post_for_check_lets_the_author_edit(first_post, contributor):
    post = get_post_for(
        request_by(contributor), first_post.pk, check=permissions.check_can_edit_post
    )
    assert post == first_post


def test_get_post_for_history_of_a_deleted_post_is_for_moderators(
    first_post, contributor, moderator
):
    services.delete_post(first_post, by=contributor)
    check = permissions.check_can_view_post_content
    with pytest.raises(PermissionDenied):
        get_post_for(request_by(contributor), first_post.pk, check=check)
    assert get_post_for(request_by(moderator), first_post.pk, check=check)


def test_get_flag_for_is_for_moderators_only(reply, contributor, moderator):
    flag = services.flag_post(reply, user=contributor, reason="Hors sujet")
    with pytest.raises(PermissionDenied):
        get_flag_for(request_by(contributor), flag.pk)
    assert get_flag_for(request_by(moderator), flag.pk) == flag
    with pytest.raises(Http404):
        get_flag_for(request_by(moderator), flag.pk + 1000)
