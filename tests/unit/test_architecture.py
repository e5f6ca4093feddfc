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
