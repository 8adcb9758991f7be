"""Which release of Carré renders the pages, as a short digest.

Rendered pages and dossier bodies are kept in the shared cache, and readers'
browsers and proxies keep pages under an ETag. Both are keyed by what the
database says the page shows; this digest adds what the code says: the
Python modules, templates and compiled translations of the checkout. After an
upgrade, a page rendered by the previous release is never served again, and a
browser's old ETag no longer matches.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

SUFFIXES = {".py", ".html", ".txt", ".mo"}
SKIPPED = {".venv", "node_modules", "static", "tests", "docs", "bench", "scripts"}


def _files(root: Path):
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED and not name.startswith((".", "__"))
        ]
        for name in names:
            path = Path(folder, name)
            if path.suffix in SUFFIXES:
                yield path.relative_to(root), path


@functools.cache
def release() -> str:
    """A digest of the code and templates that render pages (read once per
    process)."""
    return digest_of(Path(settings.BASE_DIR))


def digest_of(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=6)
    for relative, path in sorted(_files(root)):
        digest.update(relative.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
