import re

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
