"""How Carré drives a browser: Debian's Chromium through Playwright.

Shared by the browser tests (tests/conftest.py) and scripts/screenshots.py, so
the screenshots show what the tests see.
"""

import os

CHROMIUM = os.environ.get("CARRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def launch(playwright):
    """A headless Chromium, from `sync_playwright()`'s handle."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
