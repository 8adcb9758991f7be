from django.contrib.auth.models import Group

from accounts.permissions import is_moderator
from accounts.roles import MODERATOR_GROUP
from tests.factories import make_user


def test_moderator_group_exists_with_its_permissions(db):
    group = Group.objects.get(name=MODERATOR_GROUP)
    codes = set(group.permissions.values_list("codename", flat=True))
    assert "view_user" in codes
    # change_user would open every account's password page (issue 9).
    assert "change_user" not in codes


def test_moderator_group_gets_permissions_of_apps_migrated_after_accounts(db):
    """Granted after every app's migrate, not only after accounts' own."""
    from accounts.roles import moderator_permissions

    group = Group.objects.get(name=MODERATOR_GROUP)
    granted = {
        f"{app}.{code}"
        for app, code in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    wanted = moderator_permissions()
    assert any(code.startswith("dossiers.") for code in wanted)
    assert wanted == granted


def test_is_moderator_per_role(db):
    assert is_moderator(make_user(role="moderator"))
    assert is_moderator(make_user(role="admin"))
    assert not is_moderator(make_user())
    suspended = make_user(role="moderator", is_active=False)
    assert not is_moderator(suspended)


def test_moderator_opens_admin_but_not_site_configuration(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"/admin/accounts/user/" in response.content
    # Groups and permissions are for admins only.
    assert b"/admin/auth/group/" not in response.content
    assert client.get("/admin/auth/group/").status_code == 403


def test_moderator_cannot_grant_roles(client, moderator, contributor):
    client.force_login(moderator)
    response = client.get(f"/admin/accounts/user/{contributor.pk}/change/")
    assert response.status_code == 200
    assert b'name="is_superuser"' not in response.content
    assert b'name="groups"' not in response.content
    # Suspending goes through its own page, with a reason.
    assert b'name="is_active"' not in response.content
    assert f"/admin/accounts/user/{contributor.pk}/suspend/".encode() in (
        response.content
    )


def test_contributor_is_sent_to_admin_login(client, contributor):
    client.force_login(contributor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
