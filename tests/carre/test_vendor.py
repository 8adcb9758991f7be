"""Front-end files we serve ourselves: each one traceable to its npm package."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"


def provenance(folder: Path) -> dict[str, str]:
    text = (folder / "PROVENANCE").read_text()
    return dict(re.findall(r"^(\w+): (.*)$", text, re.M))


@pytest.mark.parametrize("folder", sorted(VENDOR.iterdir()), ids=lambda p: p.name)
def test_vendored_files_name_their_package_licence_and_hash(folder):
    facts = provenance(folder)
    assert folder.name == f"{facts['package'].removesuffix('.org')}-{facts['version']}"
    assert facts["integrity"].startswith("sha512-")
    for name in facts["files"].split():
        assert (folder / name).is_file(), name
    assert "LICENSE" in facts["files"].split()
    # The script that fetched them says so, so running it again reproduces them.
    script = (ROOT / "scripts" / "vendor.sh").read_text()
    assert f"vendor {facts['package']} {facts['version']} {folder.name} " in script
