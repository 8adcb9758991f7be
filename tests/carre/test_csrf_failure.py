from django.test import Client


def test_expired_form_gives_back_the_typed_text(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/profile/",
        {"body": "Mon long message sur <Savari>", "csrfmiddlewaretoken": "stale"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Mon long message sur &lt;Savari&gt;" in html
    assert "<textarea" in html
