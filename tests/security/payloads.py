"""The XSS corpus of tests/security/xss_payloads.txt."""

import re
from pathlib import Path

CORPUS = Path(__file__).with_name("xss_payloads.txt")
ESCAPE = re.compile(r"\\(n|u[0-9A-Fa-f]{4})")


def _decode(line: str) -> str:
    def replace(match):
        code = match.group(1)
        return "\n" if code == "n" else chr(int(code[1:], 16))

    return ESCAPE.sub(replace, line)


def load_payloads() -> list[str]:
    return [
        _decode(line)
        for line in CORPUS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#!")
    ]
