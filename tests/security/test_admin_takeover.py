"""No one takes over an account through the admin (issue 9, "High").

A moderator (the moderator group, not staff) changes no one's password,
email, status or roles; they suspend contributors through a reason form that
the moderation log keeps. Staff who are not superusers manage neither staff
nor superusers, nor grant roles. The permission matrix covers every admin
page per role; these tests check what the pages do with real data.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.models import User
from accounts.roles import MODERATOR_GROUP
from forum.models import ModerationLog
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "a-brand-new-passphrase-42"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refresh(user) -> User:
    return User.objects.get(pk=user.pk)


def make_staff(username="gestion", *, codenames=None) -> User:
    """A staff member who is not a superuser, with the given permissions
    (every permission on accounts, groups, addresses and 2FA by default)."""
    user = make_user(username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    permissions = Permission.objects.filter(
        content_type__app_label__in=["accounts", "auth", "account", "mfa"]
    )
    if codenames is not None:
        permissions = permissions.filter(codename__in=codenames)
    user.user_permissions.set(permissions)
    return user


def change_form_data(user, **changes) -> dict:
    """What the admin's change form of `user` would post, with `changes`."""
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "language": user.language,
        "date_joined_0": "2024-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def password_form_data() -> dict:
    return {
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "usable_password": "true",
        "set-password": "1",
    }


@pytest.fixture
def target(request, admin_user, contributor):
    return {"superuser": admin_user, "contributor": contributor}[request.param]


# --- moderators --------------------------------------------------------------


@pytest.mark.parametrize("target", ["superuser", "contributor"], indirect=True)
def test_moderator_cannot_open_or_post_a_password_page(moderator, target):
    client = signed_in(moderator)
    url = f"/admin/accounts/user/{target.pk}/password/"

    assert client.get(url).status_code == 403
    assert client.post(url, password_form_data()).status_code == 403
    target = refresh(target)
    assert target.check_password(PASSWORD)
    assert not target.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target", ["superuser", "contributor"], indirect=True)
def test_moderator_post_to_change_page_changes_nothing(moderator, target):
    target.email = "avant@example.org"
    target.save(update_fields=["email"])
    moderators = Group.objects.get(name=MODERATOR_GROUP)
    client = signed_in(moderator)

    # No is_active in the form: that used to suspend the account.
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        change_form_data(
            target,
            email="pris@example.org",
            groups=[moderators.pk],
            is_staff="on",
            is_superuser="on",
        ),
    )

    assert response.status_code == 403
    after = refresh(target)
    assert after.is_active
    assert after.email == "avant@example.org"
    assert after.is_staff == target.is_staff
    assert after.is_superuser == target.is_superuser
    assert list(after.groups.all()) == list(target.groups.all())


def test_moderator_sees_an_account_without_password_hash_or_email(
    moderator, admin_user
):
    admin_user.email = "admin@example.org"
    admin_user.save(update_fields=["email"])
    response = signed_in(moderator).get(f"/admin/accounts/user/{admin_user.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert admin_user.username in page
    assert admin_user.password not in page
    assert admin_user.password.split("$")[-1] not in page
    assert "admin@example.org" not in page
    assert "/password/" not in page
    assert 'name="is_active"' not in page


def test_moderator_cannot_find_emails_by_filtering(moderator, contributor):
    contributor.email = "secret@example.org"
    contributor.save(update_fields=["email"])
    client = signed_in(moderator)

    response = client.get("/admin/accounts/user/?email__startswith=secret")

    # Allowed, the filter would answer 200 with or without kanopai, one
    # letter at a time; a refused lookup is a bad request.
    assert response.status_code == 400


def test_moderator_cannot_delete_an_account(moderator, contributor):
    client = signed_in(moderator)
    url = f"/admin/accounts/user/{contributor.pk}/delete/"

    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=contributor.pk).exists()


# --- suspending through the moderation pages ----------------------------------


def test_moderator_suspends_a_contributor_with_a_logged_reason(moderator, contributor):
    client = signed_in(moderator)
    change_page = client.get(f"/admin/accounts/user/{contributor.pk}/change/")
    url = f"/admin/accounts/user/{contributor.pk}/suspend/"
    assert url in change_page.content.decode()

    form = client.get(url)
    assert form.status_code == 200
    assert '<label for="id_reason"' in form.content.decode()

    response = client.post(url, {"reason": "Insultes répétées envers css"})

    assert response.status_code == 302
    assert not refresh(contributor).is_active
    entry = ModerationLog.objects.get(account=contributor)
    assert entry.action == ModerationLog.Action.SUSPEND
    assert entry.moderator == moderator
    assert entry.details == "Insultes répétées envers css"
    log = client.get("/forum/moderation/log/").content.decode()
    assert "Insultes répétées envers css" in log


def test_suspend_form_keeps_what_was_typed_on_error(moderator, contributor):
    too_long = "Spam " * 120  # over the 500 characters the log keeps
    client = signed_in(moderator)

    response = client.post(
        f"/admin/accounts/user/{contributor.pk}/suspend/", {"reason": too_long}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert too_long.strip() in page
    assert 'class="errorlist' in page
    assert refresh(contributor).is_active
    assert not ModerationLog.objects.filter(account=contributor).exists()


def test_suspend_without_a_reason_is_refused(moderator, contributor):
    response = signed_in(moderator).post(
        f"/admin/accounts/user/{contributor.pk}/suspend/", {"reason": "  "}
    )

    assert response.status_code == 400
    assert refresh(contributor).is_active


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderator_cannot_suspend_a_role_through_the_admin(moderator, role):
    account = make_user("autre", role=role)
    client = signed_in(moderator)
    url = f"/admin/accounts/user/{account.pk}/suspend/"

    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Pour voir"}).status_code == 403
    assert refresh(account).is_active
    assert not ModerationLog.objects.filter(account=account).exists()


def test_moderator_reinstates_a_suspended_contributor(moderator, contributor):
    from accounts.services import suspend_user

    suspend_user(contributor, by=moderator, reason="Spam")
    client = signed_in(moderator)

    response = client.post(
        f"/admin/accounts/user/{contributor.pk}/reinstate/",
        {"reason": "Erreur de ma part"},
    )

    assert response.status_code == 302
    assert refresh(contributor).is_active
    assert ModerationLog.objects.filter(
        account=contributor,
        action=ModerationLog.Action.REINSTATE,
        details="Erreur de ma part",
    ).exists()


def test_contributor_cannot_reach_the_suspend_page(contributor, other_contributor):
    response = signed_in(contributor).post(
        f"/admin/accounts/user/{other_contributor.pk}/suspend/", {"reason": "Moi"}
    )

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert refresh(other_contributor).is_active


# --- staff who are not superusers ---------------------------------------------


def test_staff_cannot_change_a_superuser(admin_user):
    staff = make_staff()
    client = signed_in(staff)
    admin_user.email = "admin@example.org"
    admin_user.save(update_fields=["email"])

    password_url = f"/admin/accounts/user/{admin_user.pk}/password/"
    assert client.get(password_url).status_code == 403
    assert client.post(password_url, password_form_data()).status_code == 403
    response = client.post(
        f"/admin/accounts/user/{admin_user.pk}/change/",
        change_form_data(admin_user, email="pris@example.org"),
    )
    assert response.status_code == 403
    delete_url = f"/admin/accounts/user/{admin_user.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 403

    after = refresh(admin_user)
    assert after.check_password(PASSWORD)
    assert after.email == "admin@example.org"
    assert after.is_active


@pytest.mark.parametrize("role", ["staff", "moderator"])
def test_staff_cannot_take_over_a_peer_or_a_moderator(db, role):
    """Either would give the staff member powers they were not given."""
    staff = make_staff()
    account = make_staff("collegue") if role == "staff" else make_user(role=role)
    client = signed_in(staff)

    response = client.post(
        f"/admin/accounts/user/{account.pk}/password/", password_form_data()
    )

    assert response.status_code == 403
    assert refresh(account).check_password(PASSWORD)
    # The account's page stays readable, without the password link.
    page = client.get(f"/admin/accounts/user/{account.pk}/change/")
    assert page.status_code == 200
    assert b"/password/" not in page.content


def test_staff_manages_a_contributor_but_grants_no_role(contributor):
    staff = make_staff()
    moderators = Group.objects.get(name=MODERATOR_GROUP)

    response = signed_in(staff).post(
        f"/admin/accounts/user/{contributor.pk}/change/",
        change_form_data(
            contributor,
            email="nouvelle@example.org",
            is_active="on",
            is_staff="on",
            is_superuser="on",
            groups=[moderators.pk],
        ),
    )

    assert response.status_code == 302
    after = refresh(contributor)
    assert after.email == "nouvelle@example.org"
    assert not after.is_staff
    assert not after.is_superuser
    assert not after.groups.exists()


def test_staff_cannot_edit_groups(db):
    staff = make_staff()
    moderators = Group.objects.get(name=MODERATOR_GROUP)
    before = set(moderators.permissions.all())
    every_permission = list(Permission.objects.values_list("pk", flat=True))

    response = signed_in(staff).post(
        f"/admin/auth/group/{moderators.pk}/change/",
        {"name": MODERATOR_GROUP, "permissions": every_permission},
    )

    assert response.status_code == 403
    assert set(moderators.permissions.all()) == before


def test_staff_cannot_reach_a_superusers_email_address(admin_user):
    staff = make_staff()
    address = EmailAddress.objects.create(
        user=admin_user, email="admin@example.org", primary=True, verified=True
    )
    client = signed_in(staff)

    listing = client.get("/admin/account/emailaddress/").content.decode()
    assert "admin@example.org" not in listing
    response = client.post(
        f"/admin/account/emailaddress/{address.pk}/change/",
        {"user": admin_user.pk, "email": "pris@example.org", "primary": "on"},
    )
    assert response.status_code == 302  # "does not exist", back to the index
    # Nor add a second address to the superuser's account.
    response = client.post(
        "/admin/account/emailaddress/add/",
        {"user": admin_user.pk, "email": "pris@example.org", "verified": "on"},
    )
    assert response.status_code == 200  # the form, with an error on "user"
    assert list(admin_user.emailaddress_set.values_list("email", flat=True)) == [
        "admin@example.org"
    ]


def test_two_factor_secrets_never_show_in_the_admin(admin_user, contributor):
    secret = generate_totp_secret()
    authenticator = TOTP.activate(contributor, secret).instance
    client = signed_in(admin_user)

    page = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")

    assert page.status_code == 200
    assert secret not in page.content.decode()
    response = client.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/change/",
        {"user": admin_user.pk, "type": "totp", "data": "{}"},
    )
    assert response.status_code == 403
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
