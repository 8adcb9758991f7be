"""No mass assignment: every ModelForm lists its fields explicitly."""

import ast
from importlib import import_module
from pathlib import Path

from django import forms
from django.apps import apps

BASE_DIR = Path(__file__).resolve().parents[2]
FACTORIES = {"modelform_factory", "modelformset_factory", "inlineformset_factory"}


def project_apps():
    """Our own apps: their code is in the checkout, not in the virtualenv."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(BASE_DIR)
        and ".venv" not in Path(config.path).resolve().parts
    ]


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_model_forms_list_their_fields():
    for config in project_apps():
        for module in ("forms", "views", "admin"):
            try:
                import_module(f"{config.name}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.{module}":
                    raise
    names = {config.name for config in project_apps()}
    offenders = []
    checked = 0
    for form in all_subclasses(forms.ModelForm):
        meta = getattr(form, "Meta", None)
        if form.__module__.split(".")[0] not in names or not getattr(
            meta, "model", None
        ):
            continue  # not ours, or an abstract base without a model
        checked += 1
        fields = getattr(meta, "fields", None)
        if fields == forms.ALL_FIELDS or fields is None:
            offenders.append(f"{form.__module__}.{form.__qualname__}: fields")
        if getattr(meta, "exclude", None):
            offenders.append(f"{form.__module__}.{form.__qualname__}: exclude")
    assert checked >= 1
    assert not offenders, "List the fields explicitly: " + ", ".join(offenders)


def _offending_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            for statement in node.body:
                if not isinstance(statement, ast.Assign):
                    continue
                for target in statement.targets:
                    if not isinstance(target, ast.Name):
                        continue
                    value = statement.value
                    if target.id == "exclude" or (
                        target.id == "fields"
                        and isinstance(value, ast.Constant)
                        and value.value == "__all__"
                    ):
                        yield statement
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name in FACTORIES:
                for keyword in node.keywords:
                    if keyword.arg == "exclude" or (
                        keyword.arg == "fields"
                        and isinstance(keyword.value, ast.Constant)
                        and keyword.value.value == "__all__"
                    ):
                        yield node


def test_no_source_file_uses_all_fields_or_exclude():
    """Also catches form factories and forms the first test cannot import."""
    offenders = []
    for config in project_apps():
        for path in Path(config.path).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [
                f"{path.relative_to(BASE_DIR)}:{node.lineno}"
                for node in _offending_nodes(tree)
            ]
    assert not offenders, "fields='__all__' or exclude in: " + ", ".join(offenders)
