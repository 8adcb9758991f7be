"""Promotion: "Add to dossier" under a forum post (promotion/urls.py)."""

from tests.security.access import signed_in

ROUTES = {
    "post-promote": {
        "kwargs": {"pk": "post.pk"},
        "GET": signed_in("ok"),
        "POST": signed_in("allowed"),
    },
}
