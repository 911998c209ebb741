"""privacy.api, the one declared surface domain apps use: it offers everything they import from
privacy today, as the very same objects."""

import ast
import importlib
from pathlib import Path

import privacy.api

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = (
    "profiles",
    "experiences",
    "coverletters",
    "recruiting",
    "usage",
    "consulting",
    "notifications",
)


def domain_imports_from_privacy() -> set[tuple[str, str]]:
    """(module, name) of every `from privacy... import name` in the domain apps' code, at any
    depth, function-level imports included (migrations keep the paths they were written with)."""
    found = set()
    for app in DOMAIN_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("privacy"):
                    found |= {(node.module, alias.name) for alias in node.names}
                elif isinstance(node, ast.Import):
                    plain = [a.name for a in node.names if a.name.startswith("privacy")]
                    assert not plain, f"{path}: import {plain} (import names from privacy.api)"
    return found


def test_the_domains_import_privacy_through_its_api_only():
    imports = domain_imports_from_privacy()
    assert len(imports) > 15  # the scan found the domains' imports

    assert {module for module, _ in imports} == {"privacy.api"}
    for _, name in sorted(imports):
        assert name in privacy.api.__all__, name


def test_the_api_offers_the_parts_own_objects():
    """A second name, never a copy: a class or constant from the api is the part's own."""
    for name in privacy.api.__all__:
        value = getattr(privacy.api, name)
        home = getattr(value, "__module__", None)
        if home and home.startswith("privacy.") and hasattr(value, "__name__"):
            assert getattr(importlib.import_module(home), value.__name__) is value, name


def test_the_api_declares_each_name_once_and_each_resolves():
    names = privacy.api.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(privacy.api, name), name
    public = {n for n in vars(privacy.api) if not n.startswith("_")}
    assert public == set(names)  # nothing reachable that is not declared


def test_the_api_offers_every_category_of_the_policy():
    """A domain registers its models under a category it imports from the api: each one the
    policy names is offered there, as the registry's own object."""
    from privacy.registry import categories

    home = {n: v for n, v in vars(categories).items() if isinstance(v, categories.Category)}
    assert {"CONSULTING", "CONSULTANT"} <= set(home)
    for name, category in home.items():
        assert name in privacy.api.__all__, name
        assert getattr(privacy.api, name) is category
