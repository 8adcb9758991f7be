"""The Reims demo data, loaded by `manage.py demo` (and by tests).

Each app contributes a `demo` module with a `load(users)` function that creates
its part through the app's services, idempotently: loading twice creates
nothing twice. The facts come from a real forum thread about Reims; every
sentence is our own.
"""

from importlib import import_module

from django.db import transaction

from accounts import demo as accounts_demo
from carre.ratelimit import unlimited

# Order matters: later parts cite or quote what earlier parts created.
DEMO_MODULES = [
    "forum.demo",
    "dossiers.demo",
    "sources.demo",
    "facts.demo",
    "tips.demo",
]


@transaction.atomic
def load() -> dict:
    """Create the demo users and content; return the users by username."""
    # A scripted load writes in a moment what people write in weeks.
    with unlimited():
        users = accounts_demo.load()
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            module.load(users)
    return users
