"""What issue 13 found missing, tried on the Reims demo as a new reader would."""

import pytest
from django.contrib.auth.models import AnonymousUser

from carre import demo
from search.queries import Criteria, search


@pytest.fixture
def reims_demo(db, settings):
    settings.CARRE_POSTS_PER_MINUTE = 1000
    demo.load()


def test_demo_is_found_without_accents_or_whole_words(reims_demo):
    reader = AnonymousUser()
    for typed in (
        "videosurveillance",
        "cameras",
        "requisitions",
        "Thales",
        "Thalès",
        "recon faciale",
        "videosurv",
        "Savari",
    ):
        hits = search(reader, Criteria(text=typed)).hits
        assert hits, typed
    kinds = {hit.kind for hit in search(reader, Criteria(text="Savari")).hits}
    assert {"dossier", "section", "post", "source", "deployment"} <= kinds
