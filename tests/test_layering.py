"""The layers of README's "How it is built", checked on every import in tracker/.

foundation → commitments → subgroups → meetings → pages → aggregators: a module may import
its own layer and the layers before it, never one after it. An area's domain modules
(models, forms, operations, queries, workflow, kind, board source…) sit in the area's
layer; its pages (``views.py``, ``*_views.py``, ``page.py``), which show what later areas
add to it, sit above every area; the read-only aggregators (the board, the unit page, the
API, the demo, the CLI and the app factory) sit on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"

LAYERS = ("foundation", "commitments", "subgroups", "meetings", "pages", "aggregators")

# Most specific first: the first rule whose prefix matches a module decides its layer.
RULES: tuple[tuple[str, str], ...] = (
    ("tracker.board.items", "foundation"),      # the board's vocabulary, used by sources
    ("tracker.backup", "foundation"),           # the whole database, no area's models
    ("tracker.municipalities.views", "aggregators"),     # home, overview, administration
    ("tracker.municipalities.overview", "aggregators"),  # figures across every area
    ("tracker.board", "aggregators"),
    ("tracker.charts", "aggregators"),         # a plan's charts: commitments and meetings
    ("tracker.directory.work", "aggregators"),  # the unit page
    ("tracker.directory.views", "aggregators"),
    ("tracker.api", "aggregators"),
    ("tracker.feeds", "aggregators"),           # calendar and Atom feeds
    ("tracker.opendata", "aggregators"),        # the exports: every public table
    ("tracker.notifications", "aggregators"),   # reminders: every area's dated items
    ("tracker.warnings", "aggregators"),        # early warnings: rules across every area
    ("tracker.demo", "aggregators"),
    ("tracker.cli", "aggregators"),             # tracker/cli.py, not cli_common
    ("tracker.public", "aggregators"),          # the public site: reads every area
    ("tracker.selfassessment", "aggregators"),  # the self-assessment report: every area
    # What is public, of every kind: reads every area; the publishing aggregators read it.
    ("tracker.disclosure", "pages"),
    ("tracker.commitments", "commitments"),
    ("tracker.progress", "commitments"),        # progress reports, IRM assessments
    ("tracker.subgroups", "subgroups"),
    ("tracker.meetings", "meetings"),
    # The people of the minutes: the model is foundation (the meetings refer to it), what a
    # person did is read off the meetings (queries, the merge's checks) at their layer, and
    # the person's page, which shows their meetings and action items, is a page.
    ("tracker.people.views", "pages"),
    ("tracker.people.models", "foundation"),
    ("tracker.people", "meetings"),
)
PAGE_MODULES = ("views", "page")
AREAS = ("commitments", "progress", "subgroups", "meetings", "accounts")


def layer_of(module: str) -> str:
    if module == "tracker":
        return "aggregators"  # the app factory wires everything together
    if module == "tracker.cli_common":
        return "foundation"
    parts = module.split(".")
    if len(parts) == 3 and parts[1] in AREAS and (
        parts[2] in PAGE_MODULES or parts[2].endswith("_views")
    ):
        return "pages"
    for prefix, layer in RULES:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return "foundation"


def module_name(path: Path) -> str:
    parts = path.relative_to(TRACKER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every tracker module ``path`` imports, at any depth of the file."""
    module = module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
                if node.module is None:  # from . import operations
                    found.update(f"{target}.{alias.name}" for alias in node.names)
                else:
                    found.add(target)
            elif node.module == "tracker":  # from tracker import config
                found.update(f"tracker.{alias.name}" for alias in node.names)
            elif node.module and node.module.split(".")[0] == "tracker":
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "tracker")
    return found


def test_no_import_runs_the_wrong_way():
    wrong = []
    for path in sorted(TRACKER.rglob("*.py")):
        source = module_name(path)
        rank = LAYERS.index(layer_of(source))
        for target in sorted(imports_of(path)):
            if LAYERS.index(layer_of(target)) > rank:
                wrong.append(f"{source} ({layer_of(source)}) imports {target} "
                             f"({layer_of(target)})")
    assert wrong == []


def test_the_layers_are_what_readme_says():
    assert layer_of("tracker.accounts.models") == "foundation"
    assert layer_of("tracker.workflow.kinds") == "foundation"
    assert layer_of("tracker.directory.models") == "foundation"
    assert layer_of("tracker.commitments.operations") == "commitments"
    assert layer_of("tracker.subgroups.models") == "subgroups"
    assert layer_of("tracker.meetings.operations") == "meetings"
    assert layer_of("tracker.commitments.views") == "pages"
    assert layer_of("tracker.board.views") == "aggregators"
    assert layer_of("tracker.api.commitments") == "aggregators"
    assert layer_of("tracker.people.models") == "foundation"
    assert layer_of("tracker.people.operations") == "meetings"
    assert layer_of("tracker.people.views") == "pages"
    assert layer_of("tracker.feeds.views") == "aggregators"
    assert layer_of("tracker.notifications.rules") == "aggregators"


def test_a_wrong_way_import_is_caught():
    """The check itself can fail: a foundation module importing an area is reported."""
    assert LAYERS.index(layer_of("tracker.meetings.models")) > LAYERS.index(
        layer_of("tracker.audit.operations")
    )
    assert imports_of(TRACKER / "commitments" / "views.py") >= {"tracker.meetings.queries"}


def test_nothing_but_the_app_factory_imports_the_public_site():
    """The public site reads every area; no area (nor another aggregator) depends on it."""
    importers = sorted(
        module_name(path) for path in TRACKER.rglob("*.py")
        if not module_name(path).startswith("tracker.public")
        and any(t == "tracker.public" or t.startswith("tracker.public.")
                for t in imports_of(path))
    )
    assert importers == ["tracker"]
