"""The shape of the code base, checked like the layers contract (pyproject.toml, lint-imports):
short functions, apps that use each other's public names only, and no loose modules."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "milepael"
MAX_FUNCTION_LINES = 80
# What may sit directly in milepael/ besides the apps: the package marker and the shared
# catalogues, static files and templates.
NOT_APPS = {"__init__.py", "locale", "static", "templates", "__pycache__"}


def modules() -> list[Path]:
    """Every Python module of the package, migrations excluded."""
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.relative_to(PACKAGE).parts)


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def name_of(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def long_functions() -> dict[str, int]:
    """path::name → length in lines (end_lineno − lineno + 1) of every function over the limit."""
    return {
        f"{name_of(path)}::{node.name}": node.end_lineno - node.lineno + 1
        for path in modules()
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    }


def test_no_function_is_longer_than_80_lines():
    too_long = long_functions()
    assert not too_long, "split these functions:\n" + "\n".join(f"{n} ({lines} lines)" for n, lines in too_long.items())


def imported_names(node: ast.Import | ast.ImportFrom) -> list[tuple[str, list[str]]]:
    """(module, names) of an import of a milepael module: `from m import a, b` → (m, [a, b]),
    `import m` → (m, [])."""
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        return [(module, [alias.name for alias in node.names])] if not node.level else []
    return [(alias.name, []) for alias in node.names]


def test_no_app_imports_another_apps_private_names():
    reaching_in = []
    for path in modules():
        own_app = path.relative_to(PACKAGE).parts[0]
        for node in ast.walk(parsed(path)):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for module, names in imported_names(node):
                parts = module.split(".")
                if parts[0] != "milepael" or len(parts) < 2 or parts[1] == own_app:
                    continue
                private = [name for name in parts[2:] + names if name.startswith("_")]
                if private:
                    reaching_in.append(f"{name_of(path)}:{node.lineno} {module}: {', '.join(private)}")
    assert not reaching_in, "make these public or move them:\n" + "\n".join(reaching_in)


def test_nothing_is_left_loose_in_the_package():
    loose = [
        entry.name
        for entry in PACKAGE.iterdir()
        if entry.name not in NOT_APPS and not (entry.is_dir() and (entry / "apps.py").exists())
    ]
    assert not loose, f"move into an app (milepael/core for what every app uses): {loose}"


def test_every_stylesheet_section_stands_at_the_top_level():
    """A block left open (a merge that dropped a "}") silently moves every later rule into
    it: the rules of three pages once applied only below 640 px. Comments that open a
    section (`/* … */` at the start of a line) must stand outside every block."""
    for stylesheet in (PACKAGE / "static").rglob("*.css"):
        depth = 0
        for number, line in enumerate(stylesheet.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("/*"):
                assert depth == 0, f"{stylesheet.name}:{number}: a section inside an open block"
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{stylesheet.name}:{number}: a block closed that was not open"
        assert depth == 0, f"{stylesheet.name}: {depth} block(s) left open"
