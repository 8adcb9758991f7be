import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_user
from tests.security.access import ROLES
from tests.security.routes import builders


class World:
    """The objects the matrix's URLs point to, and one user per role."""

    def __getattr__(self, name):
        raise AttributeError(
            f"the security world has no {name!r}: create it in build(world) of "
            "the area's tests/security/access/<area>.py"
        )

    def resolve(self, path: str):
        value = self
        for part in path.split("."):
            value = getattr(value, part)
        return value


def make_role_users() -> dict:
    suspended = make_user("suspendu", display_name="Suspendu")
    suspended.is_active = False
    suspended.save(update_fields=["is_active"])
    return {
        "new_contributor": make_user("nouveau", display_name="Nouveau"),
        "contributor": make_user("kanopai", display_name="kanopai"),
        "author": make_user("felix", display_name="Felix"),
        "other_contributor": make_user("css", display_name="css"),
        "moderator": make_user("alouette", role="moderator", display_name="Alouette"),
        "admin": make_user("admin", role="admin", display_name="Admin"),
        "suspended": suspended,
    }


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    world = World()
    world.users = make_role_users()
    for role, user in world.users.items():
        setattr(world, role, user)
    for _area, build in builders():
        build(world)
    return world


@pytest.fixture
def role_clients(world):
    """role -> a test client signed in as that role (anonymous: signed out)."""
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=True)
        if role != "anonymous":
            client.force_login(world.users[role])
        clients[role] = client
    return clients
