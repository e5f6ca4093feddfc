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


def test_routes_import_nothing_of_the_app_but_its_languages():
    """Every layer builds paths with routes.py, so it must sit below them all; it knows the languages (a portal
    address may carry one), and the languages know nothing of the app."""
    assert [name for name in _imported_modules(PACKAGE / "routes.py") if name.startswith("customer_portal")] == [
        "customer_portal.i18n"
    ]
    for path in (PACKAGE / "i18n").rglob("*.py"):
        assert {name for name in _imported_modules(path) if name.startswith("customer_portal")} <= {
            "customer_portal.i18n"
        }, path


def _customer_owned_tables() -> set[str]:
    from sqlmodel import SQLModel

    import customer_portal.models  # noqa: F401  (registers every table)

    return {
        mapper.class_.__name__
        for mapper in SQLModel._sa_registry.mappers
        if "customer_id" in mapper.class_.__table__.columns
    }


def _queried_table(call: ast.Call) -> str | None:
    """The model a `session.get(Model, …)` or `select(Model…)` call reads, if it is one."""
    function = call.func
    is_get = isinstance(function, ast.Attribute) and function.attr == "get" and call.args
    is_select = isinstance(function, ast.Name) and function.id == "select" and call.args
    if not (is_get or is_select):
        return None
    first = call.args[0]
    if isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name):  # select(Model.column)
        first = first.value
    return first.id if isinstance(first, ast.Name) else None


def test_portal_services_reach_customer_owned_tables_only_through_owned():
    """In every service function that serves a signed-in customer (takes `customer: CustomerIdentity`), a read of
    a table with a customer_id goes through services/portal/owned.py, which adds the customer's filter."""
    owned_tables = _customer_owned_tables()
    offenders = []
    for path in (PACKAGE / "services").rglob("*.py"):
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = function.args.args + function.args.kwonlyargs
            if not any(
                argument.arg == "customer"
                and ast.unparse(argument.annotation or ast.Constant("")) == "CustomerIdentity"
                for argument in arguments
            ):
                continue
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and _queried_table(call) in owned_tables:
                    offenders.append(f"{path.name}:{call.lineno} {function.name}: {ast.unparse(call)[:80]}")
    assert offenders == []


def test_no_module_is_over_400_lines():
    """A module that grows past this holds more than one thing: split it by what it does."""
    long_ones = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > 400
    }
    assert long_ones == {}
