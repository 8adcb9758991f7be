"""One-time form tokens: each create form sent twice writes once; tokens are
pruned after a few days by the periodic job (the forum's own tests are in
tests/forum/test_double_submit.py)."""

import datetime
import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from carre.models import FormSubmission
from carre.periodic import run_due_jobs
from carre.submissions import KEEP, SubmissionField
from dossiers.models import Dossier
from dossiers.services import create_dossier
from sources.models import Source


def test_old_tokens_are_pruned_by_the_periodic_job(contributor):
    old = FormSubmission.objects.create(
        user=contributor,
        token=uuid.uuid4(),
        created_at=timezone.now() - KEEP - datetime.timedelta(minutes=1),
    )
    recent = FormSubmission.objects.create(user=contributor, token=uuid.uuid4())
    done = dict(run_due_jobs())
    assert done["prune_form_submissions"] == "1 old form tokens deleted"
    assert not FormSubmission.objects.filter(pk=old.pk).exists()
    assert FormSubmission.objects.filter(pk=recent.pk).exists()


def test_a_mangled_token_is_no_token():
    field = SubmissionField()
    assert field.clean("pas-un-uuid") is None
    assert field.clean("") is None
    token = uuid.uuid4()
    assert field.clean(str(token)) == token


# --- every create form: sent twice, written once, answered like the first -------

TOKEN = re.compile(r'name="(?:[a-z]+-)?submission" value="([0-9a-f-]{36})"')


def _token(client, url, **headers) -> str:
    (token,) = TOKEN.findall(client.get(url, **headers).content.decode())
    return token


def test_a_new_dossier_sent_twice_is_created_once(client, contributor):
    client.force_login(contributor)
    url = reverse("dossier-create")
    data = {
        "title": "Reims",
        "kind": "city",
        "status": "draft",
        "submission": _token(client, url),
    }
    first, second = client.post(url, data), client.post(url, data)
    dossier = Dossier.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == dossier.get_absolute_url()


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_new_section_sent_twice_is_added_once(client, contributor, htmx):
    dossier = create_dossier(
        author=contributor, title="Reims", kind="city", status="published"
    )
    client.force_login(contributor)
    url = reverse("section-add", args=[dossier.slug])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = {
        "title": "Chiffres",
        "text": "225 caméras",
        "submission": _token(client, url),
    }
    first = client.post(url, data, **headers)
    second = client.post(url, data, **headers)
    section = dossier.sections.get()
    if htmx:
        assert f'id="{section.anchor}"' in first.content.decode()
        assert second["HX-Redirect"] == section.get_absolute_url()
    else:
        assert first["Location"] == second["Location"] == section.get_absolute_url()
    assert section.revisions.count() == 1


@pytest.mark.parametrize("mode", ["manual", "upload"])
def test_a_new_source_sent_twice_is_added_once(
    client, contributor, settings, tmp_path, mode
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(contributor)
    url = reverse("source-add")
    tokens = TOKEN.findall(client.get(url).content.decode())
    assert len(set(tokens)) == 2  # the manual form's and the upload form's
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(image, "PNG")

    def send():
        fields = {f"{mode}-title": "Compte rendu", f"{mode}-kind": "report"}
        if mode == "upload":
            fields["upload-file"] = SimpleUploadedFile("a.png", image.getvalue())
        fields[f"{mode}-submission"] = tokens[0]
        return client.post(url, {"mode": mode, **fields})

    first, second = send(), send()
    source = Source.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == source.get_absolute_url()
