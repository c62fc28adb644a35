"""The tree reads as the flow: packages by stage, each importing only the stages before it.

model -> derivation -> stores -> intake -> query -> analysis -> outputs -> cli; the top-level
modules (errors, resources, settings, synth, api) sit beside them. A package that imports a
later stage, an import cycle between modules, a package without the line that says what it
owns, or a test of the backend's name outside the store package fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
STAGES = ["model", "derivation", "stores", "intake", "query", "analysis", "outputs", "cli"]
BASE = {"errors", "resources", "settings"}  # any stage may use them; they import no stage


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The graphmap modules ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (write graphmap.<stage>.<module>)"
            if node.module and node.module.startswith("graphmap"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("graphmap"))
    return {m for m in found if m in MODULES}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def test_no_module_imports_another_that_imports_it_back():
    graph = nx.DiGraph((m, t) for m, p in MODULES.items() for t in _imports(p)
                       if t != m and not t.endswith(tuple(STAGES)) and t != "graphmap")
    assert list(nx.simple_cycles(graph)) == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m)))
def test_a_stage_imports_only_the_stages_before_it(module):
    stage = _stage(module)
    later = [t for t in _imports(MODULES[module])
             if _stage(t) and STAGES.index(_stage(t)) > STAGES.index(stage)]
    tops = [t for t in _imports(MODULES[module])
            if not _stage(t) and t.split(".")[-1] not in BASE and t not in ("graphmap",) and stage != "cli"]
    assert later == [] and tops == [], f"{module} ({stage}) imports {later + tops}"


def test_the_base_modules_import_no_stage():
    for name in BASE:
        assert not [t for t in _imports(MODULES[f"graphmap.{name}"]) if _stage(t)], name


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_says_in_a_line_what_it_owns(stage):
    doc = ast.get_docstring(ast.parse((SRC / "graphmap" / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()[0]) > 20


def test_no_backend_is_named_outside_the_store_package():
    named = re.compile(r"""\.name\s*[=!]=\s*["'](neo4j|embedded)["']|isinstance\([^)]*(Neo4jStore|EmbeddedStore)""")
    found = [f"{path.relative_to(SRC)}:{n}" for m, path in MODULES.items() if _stage(m) != "stores"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if named.search(line)]
    assert found == []
