from accounts import demo as accounts_demo
from tips import demo
from tips.models import Tip


def test_demo_has_one_tip_and_two_profiles_once(client, db):
    users = accounts_demo.load()
    demo.load(users)
    accounts_demo.load()
    demo.load(users)

    assert Tip.objects.filter(status=Tip.Status.NEW).count() == 1
    page = client.get("/u/kanopai/").content.decode()
    assert "<strong>Reims</strong>" in page
    assert "relis les sources" in client.get("/u/css/").content.decode()
