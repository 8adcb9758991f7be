import re

from django.urls import reverse

from forum import services
from sources import services as source_services


def test_thread_page_numbers_citations_once_per_source(client, thread, contributor):
    source_services.add_source_manually(
        added_by=contributor,
        key="streetpress-2023-01-26",
        title="Reims expérimente une intelligence artificielle de Thales",
        publisher="StreetPress",
    )
    services.post_reply(
        thread,
        author=contributor,
        body="Révélé le 26 janvier [@streetpress-2023-01-26].",
    )
    services.post_reply(
        thread,
        author=contributor,
        body="Voir aussi [@streetpress-2023-01-26, para. 3], même article.",
    )

    html = client.get(thread.get_absolute_url()).content.decode()

    numbers = re.findall(r'<sup class="citation"[^>]*><a[^>]*>\[?(\d+)', html)
    assert numbers == ["1", "1"]
    assert 'id="references-title"' in html
    assert html.count('class="reference"') == 1


def test_a_reply_citing_a_source_is_shown_on_its_page_numbered(
    client, thread, contributor
):
    # Appended alone by htmx it would show its raw marker, outside the page's
    # numbering: the browser goes to the post on its page instead.
    source_services.add_source_manually(
        added_by=contributor,
        key="lunion-2021-03-04",
        title="Caméras : des images inexploitables",
        publisher="L'Union",
    )
    client.force_login(contributor)
    response = client.post(
        reverse("post-create", args=[thread.pk]),
        {"body": "Images inexploitables [@lunion-2021-03-04, p. 3]."},
        headers={"HX-Request": "true"},
    )
    post = thread.posts.latest("pk")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("post-link", args=[post.pk])
    landing = client.get(response["HX-Redirect"], follow=True)
    assert landing.redirect_chain[-1][0].endswith(f"#post-{post.pk}")
    page = landing.content.decode()
    assert re.search(r'<sup class="citation"[^>]*><a[^>]*>\[1\]', page)
    assert "L'Union" in page or "L&#x27;Union" in page

    # A reply without a citation is still appended in place.
    plain = client.post(
        reverse("post-create", args=[thread.pk]),
        {"body": "Merci pour la source."},
        headers={"HX-Request": "true"},
    )
    assert "HX-Redirect" not in plain
    assert "Merci pour la source." in plain.content.decode()
