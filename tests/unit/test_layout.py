"""The layout holds: the library never imports Sphinx or the book's extension, its modules form no import cycle,
the extension has one ``setup()`` and is listed once, and no tool or test edits ``sys.path``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.book import ROOT

LIBRARY = ROOT / "moscow_pyongyang"
EXTENSION = ROOT / "moscow_pyongyang_book"
LIBRARY_MODULES = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in LIBRARY.rglob("*.py"))


def module_imports(path: Path, package: str) -> set[str]:
    """Every module a file imports, anywhere in it (top level or inside a function), as absolute names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def library_graph() -> dict[str, set[str]]:
    graph = {}
    for module in LIBRARY_MODULES:
        path = ROOT / (module.replace(".", "/") + ("/__init__.py" if (ROOT / module.replace(".", "/")).is_dir()
                                                    else ".py"))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        graph[module] = {m for m in module_imports(path, package) if m in LIBRARY_MODULES and m != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle through submodules (a package importing its own submodules is not one), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if node.startswith(nxt + "."):  # a submodule importing its own package's __init__
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a.load": {"a.periods"}, "a.periods": {"a.load"}}) == ["a.load", "a.periods", "a.load"]
    assert find_cycle({"a.load": {"a.periods"}, "a.periods": set()}) is None


def test_the_library_has_no_import_cycle():
    assert find_cycle(library_graph()) is None


FORBIDDEN = ("sphinx", "docutils", "myst_nb", "myst_parser", "moscow_pyongyang_book")
PROBE = """
import importlib, json, sys
found = {}
for module in sys.argv[1:]:
    importlib.import_module(module)
    found[module] = sorted(m for m in sys.modules if m.split(".")[0] in %r)
print(json.dumps(found))
""" % (FORBIDDEN,)


def test_the_library_imports_no_sphinx():
    """Importing the library's modules one by one, in a fresh interpreter, loads neither Sphinx, docutils nor the
    extension (the first module that does is named)."""
    import json

    out = subprocess.run([sys.executable, "-c", PROBE, *LIBRARY_MODULES], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert list(found) == LIBRARY_MODULES
    offenders = {module: names[:3] for module, names in found.items() if names}
    assert not offenders, f"the library imports {offenders}"


def test_the_extension_is_one_package_with_one_setup():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    assert config.get("extra_extensions") == ["moscow_pyongyang_book"]
    assert "local_extensions" not in config
    setups = [p.relative_to(ROOT).as_posix() for folder in (LIBRARY, EXTENSION, ROOT / "latex")
              for p in folder.rglob("*.py") if "\ndef setup(" in p.read_text(encoding="utf-8")]
    assert setups == ["moscow_pyongyang_book/__init__.py"]


def test_no_tool_or_test_edits_sys_path():
    offenders = [p.relative_to(ROOT).as_posix() for folder in ("scripts", "tests", "book_tools", "moscow_pyongyang",
                                                              "moscow_pyongyang_book")
                 for p in (ROOT / folder).rglob("*.py")
                 if p != Path(__file__) and "sys.path." in p.read_text(encoding="utf-8")]
    assert offenders == []
