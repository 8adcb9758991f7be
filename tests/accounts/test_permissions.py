"""The contributor rule every app shares (accounts/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from accounts.backends import AccountBackend
from accounts.permissions import contributor_required, is_contributor, is_moderator
from accounts.roles import MODERATOR_GROUP
from tests.factories import make_user


@contributor_required
def edit_page(request):
    return HttpResponse("the editor")


def request_as(user, method="get", *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    request = getattr(RequestFactory(), method)(
        "/dossiers/reims/edit/", headers=headers
    )
    request.user = user
    request.htmx = HtmxDetails(request)
    return request


def test_is_contributor_is_any_active_account(db):
    assert is_contributor(make_user("active"))
    assert not is_contributor(make_user("suspended", is_active=False))
    assert not is_contributor(AnonymousUser())
    assert not is_contributor(None)


def test_contributor_required_lets_contributors_in(db):
    response = edit_page(request_as(make_user("felix"), "post"))
    assert response.content == b"the editor"


def test_contributor_required_sends_a_visitor_to_log_in_from_a_page():
    response = edit_page(request_as(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/dossiers/reims/edit/" in response["Location"]


@pytest.mark.parametrize(("method", "htmx"), [("get", True), ("post", False)])
def test_contributor_required_refuses_a_fragment_or_a_form_with_403(method, htmx):
    # A login page swapped into a fragment, or a redirect that drops the
    # form, would lose what the visitor did: they are told why instead.
    with pytest.raises(PermissionDenied, match="Connectez-vous pour contribuer"):
        edit_page(request_as(AnonymousUser(), method, htmx=htmx))


def test_contributor_required_treats_a_suspended_account_as_a_visitor(db):
    suspended = make_user("suspendu", is_active=False)
    assert edit_page(request_as(suspended)).status_code == 302
    with pytest.raises(PermissionDenied):
        edit_page(request_as(suspended, "post"))


def test_the_account_is_loaded_with_its_moderator_role(db, django_assert_num_queries):
    # One query for the account and its role (accounts/backends.py); the
    # role is read again with each request, so a removal counts at once.
    moderator = make_user("alouette")
    group = Group.objects.get(name=MODERATOR_GROUP)
    moderator.groups.add(group)
    contributor = make_user("css")
    with django_assert_num_queries(2):
        loaded = AccountBackend().get_user(moderator.pk)
        assert is_moderator(loaded)
        assert not is_moderator(AccountBackend().get_user(contributor.pk))
    moderator.groups.remove(group)
    assert not is_moderator(AccountBackend().get_user(moderator.pk))
