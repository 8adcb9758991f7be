import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts.models import User
from accounts.services import delete_account, reinstate_user, suspend_user
from forum.models import ModerationLog
from tests.factories import make_user


def refresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_suspend_user_logs_the_reason_and_ends_sessions(moderator, contributor):
    client = Client()
    client.force_login(contributor)

    suspend_user(contributor, by=moderator, reason="  Spam   répété ")

    assert not refresh(contributor).is_active
    entry = ModerationLog.objects.get()
    assert entry.action == ModerationLog.Action.SUSPEND
    assert entry.moderator == moderator
    assert entry.account == contributor
    assert entry.details == "Spam répété"
    # The open session is gone: the next page is an anonymous visit.
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["moderator", "admin", "staff"])
def test_suspend_user_never_targets_a_role(moderator, role):
    account = make_user("cible", role="admin" if role == "staff" else role)
    if role == "staff":
        account.is_superuser = False
        account.save(update_fields=["is_superuser"])

    with pytest.raises(PermissionDenied):
        suspend_user(account, by=moderator, reason="Pour voir")

    assert refresh(account).is_active
    assert not ModerationLog.objects.exists()


def test_even_a_superuser_suspends_only_contributors(admin_user, moderator):
    with pytest.raises(PermissionDenied):
        suspend_user(moderator, by=admin_user, reason="Changement d'équipe")
    assert refresh(moderator).is_active


def test_suspend_user_is_for_moderators(contributor, other_contributor):
    with pytest.raises(PermissionDenied):
        suspend_user(other_contributor, by=contributor, reason="Je ne l'aime pas")
    assert refresh(other_contributor).is_active


def test_suspend_user_refuses_oneself(admin_user):
    with pytest.raises(PermissionDenied):
        suspend_user(admin_user, by=admin_user, reason="Vacances")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_suspend_user_needs_a_reason_the_log_can_keep(moderator, contributor, reason):
    with pytest.raises(ValidationError) as error:
        suspend_user(contributor, by=moderator, reason=reason)

    assert "reason" in error.value.message_dict
    assert refresh(contributor).is_active
    assert not ModerationLog.objects.exists()


def test_suspend_user_refuses_an_account_already_suspended(moderator, contributor):
    suspend_user(contributor, by=moderator, reason="Spam")

    with pytest.raises(ValidationError):
        suspend_user(contributor, by=moderator, reason="Encore")
    assert ModerationLog.objects.count() == 1


def test_reinstate_user_logs_the_reason(moderator, contributor):
    suspend_user(contributor, by=moderator, reason="Spam")

    reinstate_user(contributor, by=moderator, reason="Compte piraté, rendu")

    assert refresh(contributor).is_active
    entry = ModerationLog.objects.get(action=ModerationLog.Action.REINSTATE)
    assert entry.account == contributor
    assert entry.details == "Compte piraté, rendu"


def test_reinstate_user_cannot_revive_a_suspended_moderator(moderator):
    """A suspended moderator is still a moderator: administrators decide."""
    other = make_user("pie", role="moderator", is_active=False)

    with pytest.raises(PermissionDenied):
        reinstate_user(other, by=moderator, reason="Solidarité")
    assert not refresh(other).is_active


def test_reinstate_user_cannot_revive_a_deleted_account(moderator, contributor):
    delete_account(contributor)

    with pytest.raises(ValidationError):
        reinstate_user(contributor, by=moderator, reason="Retour")
    assert not refresh(contributor).is_active
