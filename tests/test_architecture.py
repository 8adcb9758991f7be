"""Which app may import which (docs/architecture.md, "Apps and floors").

Every Python module of every app (tests and migrations aside) is parsed with
`ast`; each import of another app, at the top of the file or inside a
function, must be allowed by ALLOWED. A template-tag module is presentation:
only other template-tag modules may import one.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# app -> the apps it may import. Ground floor: accounts and carre (which may
# import each other); then the floors of docs/architecture.md, each importing
# only from below. facts reaches the forum only through promotion.
GROUND = {"accounts", "carre"}
SERVICES = GROUND | {"sources", "notifications"}
ALLOWED = {
    "accounts": {"carre"},
    "carre": {"accounts"},
    "sources": GROUND,
    "notifications": GROUND,
    "forum": SERVICES,
    "dossiers": SERVICES,
    "facts": SERVICES | {"dossiers"},
    # Top floor: one result list over threads, posts, dossiers and facts.
    "search": SERVICES | {"forum", "dossiers", "facts"},
    "promotion": SERVICES | {"forum", "dossiers", "facts"},
    # Top floor too: a profile reads posts, section and fact revisions; a tip
    # becomes a thread or a source.
    "profiles": SERVICES | {"forum", "dossiers", "facts"},
    "tips": SERVICES | {"forum"},
    # Top floor: files, feeds and the sitemap read every app's public data.
    "exports": SERVICES | {"forum", "dossiers", "facts"},
}

# The composition root: the modules that assemble every app into one site.
# They may import any app.
COMPOSITION_ROOT = {
    "carre/settings.py",
    "carre/settings_test.py",
    "carre/urls.py",
    "carre/api.py",
    "carre/demo.py",
    "carre/periodic.py",
    # The home page shows every app's latest work (places, changes, threads).
    "carre/home.py",
}

# Known breaches of the rule, each with its reason, as (file, imported app).
# A fixed breach must leave this list (test_exceptions_are_still_needed).
EXCEPTIONS = {
    # The demo's sources cite themselves in the Reims dossier made by the
    # dossiers demo (which runs first); demo data, guarded by ImportError.
    ("sources/demo.py", "dossiers"),
}


def local_apps() -> dict[str, Path]:
    """The project's own apps (not Django's or third parties'), by label."""
    return {
        config.name: Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT
    }


def modules(app_path: Path):
    for path in sorted(app_path.rglob("*.py")):
        relative = path.relative_to(app_path)
        if relative.parts[0] in ("migrations", "tests") or path.name.startswith(
            "test_"
        ):
            continue
        yield path


def imported_modules(path: Path):
    """(line, dotted name) of every absolute import in the file, nested too."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                if alias.name == "templatetags":  # `from facts import templatetags`
                    yield node.lineno, f"{node.module}.{alias.name}"


def breaches():
    """Every import that the rule does not allow, as (file, app, line, name)."""
    found = []
    local = local_apps()
    for app, app_path in local.items():
        for path in modules(app_path):
            name = path.relative_to(ROOT).as_posix()
            if name in COMPOSITION_ROOT:
                continue
            for line, module in imported_modules(path):
                top = module.split(".")[0]
                if top in local and top != app and top not in ALLOWED[app]:
                    found.append((name, top, line, module))
    return found


def test_every_app_has_a_floor():
    assert set(local_apps()) == set(ALLOWED), (
        "Add the new app to ALLOWED here and to docs/architecture.md."
    )


def test_apps_import_only_the_apps_below_them():
    unexpected = sorted(
        f"{name}:{line} imports {module} ({name.split('/')[0]} may not import {top})"
        for name, top, line, module in set(breaches())
        if (name, top) not in EXCEPTIONS
    )
    assert unexpected == [], "\n".join(unexpected)


def test_exceptions_are_still_needed():
    still = {(name, top) for name, top, _line, _module in breaches()}
    assert still >= EXCEPTIONS, (
        f"No longer needed, remove from EXCEPTIONS: {sorted(EXCEPTIONS - still)}"
    )


def test_the_floors_have_no_cycle():
    # Apart from the ground floor's pair, no two apps may import each other.
    for app, allowed in ALLOWED.items():
        for other in allowed - GROUND:
            assert app not in ALLOWED[other], f"{app} <-> {other}"


def test_only_template_tags_import_template_tags():
    local = local_apps()
    unexpected = []
    for app_path in local.values():
        for path in modules(app_path):
            if "templatetags" in path.relative_to(app_path).parts:
                continue
            for line, module in imported_modules(path):
                parts = module.split(".")
                if parts[0] in local and "templatetags" in parts:
                    name = path.relative_to(ROOT).as_posix()
                    unexpected.append(f"{name}:{line} imports {module}")
    assert sorted(set(unexpected)) == [], "\n".join(sorted(set(unexpected)))


def test_the_rule_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "late.py"
    module.write_text(
        "def later():\n"
        "    from forum.models import Post\n"
        "    import dossiers\n"
        "    from facts import templatetags\n"
    )
    assert set(imported_modules(module)) == {
        (2, "forum.models"),
        (3, "dossiers"),
        (4, "facts"),
        (4, "facts.templatetags"),
    }
