"""Structural rules that keep the business logic independent of the UI framework."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "customer_portal"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", ["services", "domain", "models"])
def test_business_layers_never_import_reflex(layer):
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / layer).rglob("*.py")
        if any(name == "reflex" or name.startswith(("reflex.", "reflex_")) for name in _imported_modules(path))
    ]
    assert offenders == []


def test_domain_does_no_io():
    forbidden = ("sqlmodel", "sqlalchemy", "customer_portal.db", "customer_portal.services", "stripe", "resend")
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(name for name in _imported_modules(path) if name.startswith(forbidden))
        for path in (PACKAGE / "domain").rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_only_adapters_import_payment_and_email_sdks():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "adapters" not in path.parts
        and any(name.split(".")[0] in {"stripe", "resend", "smtplib"} for name in _imported_modules(path))
    ]
    assert offenders == []


def test_models_use_no_floats_for_anything():
    for path in (PACKAGE / "models").rglob("*.py"):
        source = path.read_text()
        assert ": float" not in source and "Float(" not in source, path


# Each layer may import the ones below it, never one above: the UI (pages, components) sits on the states, the
# states and the HTTP routes on the services, the services on the models, domain and adapters.
_UI = ("customer_portal.pages", "customer_portal.components")
_ABOVE = {
    "components": ("customer_portal.pages",),
    "state": _UI,
    "api": (*_UI, "customer_portal.state"),
    "services": (*_UI, "customer_portal.state", "customer_portal.api"),
    "adapters": (*_UI, "customer_portal.state", "customer_portal.api", "customer_portal.services"),
    "models": (*_UI, "customer_portal.state", "customer_portal.api", "customer_portal.services"),
}


@pytest.mark.parametrize("layer", sorted(_ABOVE))
def test_no_import_runs_back_up_the_layers(layer):
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imported_modules(path) if name.startswith(_ABOVE[layer])
        )
        for path in (PACKAGE / layer).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_routes_import_nothing_of_the_app():
    """Every layer builds paths with routes.py, so it must sit below them all."""
    assert [name for name in _imported_modules(PACKAGE / "routes.py") if name.startswith("customer_portal")] == []
