"""The layout keeps its design (issue 11, decision 0016): no import loops between the apps, the
layers of `.importlinter` hold, and privacy stays one app of named parts that a newcomer can
read — no module over 400 lines, no file-name prefix standing in for a package."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
sys.path.insert(0, str(ROOT / "scripts"))

import import_graph  # noqa: E402  (scripts/ is not a package)

MAX_LINES = 400


def test_no_import_loop_between_top_level_packages():
    assert import_graph.report(ROOT) == []


def test_core_is_ground_and_privacy_imports_no_domain():
    edges, where = import_graph.graph(ROOT)
    assert edges["core"] == set(), {b: where[("core", b)] for b in edges["core"]}
    assert edges["privacy"] <= {"core"}, {b: where[("privacy", b)] for b in edges["privacy"]}


def test_the_import_contract_holds():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is in requirements-dev.txt"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-4000:]


def _privacy_modules():
    return [p for p in (ROOT / "privacy").rglob("*.py") if "migrations" not in p.parts]


def test_no_privacy_module_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _privacy_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_file_name_prefix_stands_in_for_a_package():
    """`rights_views.py` beside a `rights/` package (or beside `rights_forms.py`) is a package
    that was never made."""
    offenders = []
    for folder in {p.parent for p in _privacy_modules()}:
        stems = [p.stem for p in folder.glob("*.py") if p.stem != "__init__"]
        packages = {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
        for stem in stems:
            prefix = stem.split("_")[0]
            if "_" in stem and (prefix in packages or prefix in stems):
                offenders.append(str((folder / stem).relative_to(ROOT)))
    assert offenders == []
