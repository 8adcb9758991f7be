"""A real local HTTP server with fixture pages, and sources to cite."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from sources.models import Source

GOOD_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Reims teste un logiciel de relecture vidéo</title>
<meta name="description" content="La ville a essayé un outil d'analyse des images.">
<meta name="author" content="Camille Exemple">
<link rel="canonical" href="/articles/reims-savari?utm_source=feed">
</head><body><nav>Accueil Rubriques</nav><article>
<h1>Reims teste un logiciel de relecture vidéo</h1>
<p>Le centre de supervision urbain de Reims a essayé pendant quelques semaines
un logiciel chargé d'accélérer la relecture des enregistrements vidéo.</p>
<p>Selon la mairie, l'outil servait seulement aux réquisitions judiciaires et
ne reconnaissait pas les visages des passants filmés dans la rue.</p>
</article><footer>Mentions légales</footer></body></html>"""

OG_PAGE = """<html><head>
<meta property="og:title" content="Le conseil municipal débat de la vidéoprotection">
<meta property="og:site_name" content="Journal Exemple">
<meta property="og:type" content="article">
<meta property="og:url" content="https://journal.example/conseil-video">
<meta property="article:published_time" content="2023-01-30T19:00:00+01:00">
<meta property="og:locale" content="fr_FR">
<title>Titre de secours</title></head>
<body><article><p>Compte rendu de la séance du conseil municipal consacrée à la
vidéoprotection et au coût d'un logiciel expérimental.</p></article></body></html>"""

JSONLD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {
            "@type": "NewsArticle",
            "headline": "Une enquête sur la vidéosurveillance algorithmique",
            "datePublished": "2023-01-26",
            "author": [{"@type": "Person", "name": "Jeanne Enquêtrice"}],
            "publisher": {"@type": "Organization", "name": "Média Exemple"},
        },
    ],
}
JSONLD_PAGE = (
    "<html><head><title>x</title><script type='application/ld+json'>"
    + json.dumps(JSONLD)
    + "</script></head><body><p>Texte de l'enquête sur un algorithme vidéo.</p>"
    "</body></html>"
)


class FixtureHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body, content_type="text/html; charset=utf-8"):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        # The fetcher may hang up early (size limit, timeout): that is its job.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/save/"):
            # A stand-in for Save Page Now: it names the copy it made.
            self.send_response(200)
            self.send_header("Content-Location", "/web/20230126120000/" + path[6:])
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        elif path in ("/good", "/articles/reims-savari"):
            self._send(200, GOOD_PAGE)
        elif path == "/og":
            self._send(200, OG_PAGE)
        elif path == "/jsonld":
            self._send(200, JSONLD_PAGE)
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/good")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/redirect-to":
            # Redirects wherever ?location= says (an attacker's server would).
            location = parse_qs(urlsplit(self.path).query)["location"][0]
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path in ("/redirect-ftp", "/loop"):
            self.send_response(302)
            target = "ftp://files.example/x" if path == "/redirect-ftp" else "/loop"
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 fake", "application/pdf")
        elif path == "/big":
            # No Content-Length: the cap must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"<p>" + b"x" * 1024 + b"</p>")
        elif path == "/slow":
            time.sleep(2)
            self._send(200, GOOD_PAGE)
        elif path == "/gone":
            self._send(410, "gone")
        elif path == "/error":
            self._send(500, "oops")
        else:
            self._send(404, "<h1>Not found</h1>")


@pytest.fixture(scope="session")
def fixture_server():
    """Base URL of a local server serving the fixture pages."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FixtureHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_private(settings):
    """Let the fetcher reach the local fixture server."""
    settings.CARRE_FETCH_ALLOW_PRIVATE = True
    settings.CARRE_FETCH_TIMEOUT = 0.5
    settings.CARRE_FETCH_MAX_BYTES = 50_000
    settings.CARRE_ARCHIVE_ORG = False
    return settings


@pytest.fixture
def make_source(db):
    def make(key, **fields):
        fields.setdefault("title", f"Title of {key}")
        return Source.objects.create(key=key, **fields)

    return make
