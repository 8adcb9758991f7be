"""Carré's own background tasks."""

from django.tasks import task

from carre import heartbeats


# Ahead of any other waiting work: a long queue of link checks is a busy
# worker, not a dead one.
@task(priority=100)
def heartbeat() -> str:
    """Proof that a worker takes tasks from the queue (carre.heartbeats)."""
    heartbeats.beat(heartbeats.WORKER)
    return "ok"
