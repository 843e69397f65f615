"""Cross-app reads go through named functions: no app takes another app's model classes from its services.

import-linter (`make test`) keeps apps from importing each other's `models`; this closes the side door of a
services module handing its models out.
"""

import ast
import importlib

from django.db import models

from tests.conftest import ROOT

APPS = ["accounts", "agencies", "xapi", "courses", "certificates", "reporting", "lms", "common"]


def models_taken_from_other_apps():
    taken = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom) or not (node.module or "").endswith(".services"):
                    continue
                owner = node.module.split(".")[0]
                if owner == app:
                    continue
                services = importlib.import_module(node.module)
                for alias in node.names:
                    value = getattr(services, alias.name, None)
                    if isinstance(value, type) and issubclass(value, models.Model):
                        taken.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}")
    return taken


def test_no_app_takes_another_apps_models_from_its_services():
    assert models_taken_from_other_apps() == []


def test_the_public_faces_list_no_model_class():
    for app in APPS:
        try:
            services = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        listed = [
            name
            for name in getattr(services, "__all__", [])
            if isinstance(getattr(services, name), type) and issubclass(getattr(services, name), models.Model)
        ]
        assert listed == [], f"{app}.services lists model classes: {listed}"
