#!/usr/bin/env python3
"""The imports between the project's top-level packages, and any loop among them.

Every import counts: module level, inside functions, under TYPE_CHECKING, relative ones
resolved. Migrations are left out (they are snapshots of history, and only ever point at the
field classes of the apps they depend on). The layers themselves are checked by import-linter
(`.importlinter`); this answers the simpler question the layers rest on: can any two apps
reach each other? Used by `make lint` and tests/test_architecture.py.

    python3 scripts/import_graph.py [ROOT]   exit 1 and the loops when there are any
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

NOT_APPS = {"tests", "bench", "scripts", "docs", "static", "templates", "var", "node_modules"}


def packages(root: Path) -> list[str]:
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir()
        and p.name not in NOT_APPS
        and not p.name.startswith(".")
        and (p / "__init__.py").exists()
    )


def _module_of(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path, root: Path) -> list[tuple[str, int]]:
    """(module, line) for every import in the file, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_of(path, root)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((name, node.lineno))
    return found


def graph(root: Path) -> tuple[dict[str, set[str]], dict[tuple[str, str], str]]:
    apps = packages(root)
    edges: dict[str, set[str]] = {app: set() for app in apps}
    where: dict[tuple[str, str], str] = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for name, line in imported(path, root):
                top = name.split(".")[0]
                if top in edges and top != app:
                    edges[app].add(top)
                    where.setdefault((app, top), f"{path.relative_to(root)}:{line}")
    return edges, where


def loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of two or more packages (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def report(root: Path) -> list[str]:
    edges, where = graph(root)
    lines = []
    for component in loops(edges):
        lines.append("loop: " + " ".join(component))
        for a in component:
            for b in sorted(edges[a] & set(component)):
                lines.append(f"  {a} -> {b}: {where[(a, b)]}")
    return lines


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = report(root)
    edges, _ = graph(root)
    for app in sorted(edges):
        print(f"{app} -> {', '.join(sorted(edges[app])) or '(nothing)'}")
    print("\n".join(problems) or "no import loops between top-level packages")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
