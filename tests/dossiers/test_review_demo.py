"""The Reims demo shows the review queue: one new account's edit waits."""

from accounts import demo as accounts_demo
from accounts import trust
from dossiers import demo
from dossiers.models import PendingEdit


def test_demo_keeps_a_new_accounts_figure_for_review(db, client, settings):
    settings.CARRE_TRUST_PUBLISH_LEVEL = trust.BASIC  # the default of a real site
    users = accounts_demo.load()
    demo.load(users)

    pending = PendingEdit.objects.get(author__username="temoin51", target="section")
    assert pending.is_pending
    assert "647 extraits" in pending.text
    page = client.get("/dossiers/reims/")
    assert "647 extraits" not in page.text
    assert "Une modification attend une relecture." in page.text


def test_demo_keeps_a_new_accounts_description_edit_for_review(db, client, settings):
    settings.CARRE_TRUST_PUBLISH_LEVEL = trust.BASIC
    demo.load(accounts_demo.load())

    pending = PendingEdit.objects.get(
        author__username="temoin51", target=PendingEdit.Target.DESCRIPTION
    )
    assert pending.is_pending
    assert "245 caméras" in pending.text
    page = client.get("/dossiers/reims/")
    assert "245 caméras reliées" not in page.text
    assert 'id="description-pending"' in page.text
