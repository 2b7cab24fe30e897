"""The layering of docs/architecture.md, held by a walk over every module's imports (AST, no import
side effects). A layer may import its own and lower layers only; the privacy kernel reading the case
models is the one named exception. Feature packages sit on top and import no other feature; no app
imports a privacy feature package; notifications import no domain app; an import of another app
inside a function needs a comment `# import here: <why>` on its line or the line above."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The layers, lowest first (docs/architecture.md "Layers").
ACCOUNTS, PRIVACY_KERNEL, OUTBOX, REFERENCE, DOMAIN, FEATURE, DEMO = range(7)
APP_LAYER = {
    "partners": ACCOUNTS,
    "privacy": PRIVACY_KERNEL,
    "notifications": OUTBOX,
    "documents": OUTBOX,  # the documents kernel: validation, virus scan, private storage
    "programmes": REFERENCE,
    "cases": DOMAIN,
    "agenda": FEATURE,
    "registry": FEATURE,
    "dashboard": FEATURE,
    "demo": DEMO,
}
PRIVACY_FEATURES = (
    "privacy.access_log",
    "privacy.break_glass",
    "privacy.grant_audit",
    "privacy.subject_access",
    "privacy.retention",
)
# Modules that wire a layer's features together (URL includes, Celery task discovery, management
# commands): they may import the features of their own app.
PRIVACY_WIRING = ("privacy.urls", "privacy.tasks", "privacy.management")
# The one named exception to "lower layers never import upper ones": the privacy kernel decides who
# may see a case from the case's own data (regisseur, seats, persons).
NAMED_EXCEPTION = ("privacy", "cases.models")
# Wiring-level apps: like zvh they connect the layers and may import any of them (the REST API,
# api/, serves the cases, the privacy kernel and the dashboard's figures, and a feature may not
# import another feature); no app imports them.
WIRING_APPS = ("api",)
# zvh modules every app may import: they import no app themselves.
ZVH_HELPERS = (
    "zvh.errors",
    "zvh.data_retention",
    "zvh.pdf",
    "zvh.forms",
    "zvh.formats",
    "zvh.view_helpers",
    "zvh.admin_rules",
    "zvh.request_context",
    "zvh.logging",
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module
    line: int
    in_function: bool
    explained: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files():
    for top in [*APP_LAYER, *WIRING_APPS, "zvh"]:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imports_of(path: Path) -> list[Import]:
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            targets = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    prefix = ".".join(base)
                    targets = [f"{prefix}.{child.module}" if child.module else prefix]
                    if not child.module:
                        targets = [f"{prefix}.{alias.name}" for alias in child.names]
                else:
                    # `from privacy import policy` imports the module privacy.policy.
                    targets = [f"{child.module}.{alias.name}" for alias in child.names]
            for target in targets:
                nearby = " ".join(lines[max(0, child.lineno - 2) : child.lineno])
                found.append(Import(module, target, child.lineno, in_function, "# import here:" in nearby))
            visit(child, inside)

    visit(tree, False)
    return found


def app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in APP_LAYER or top in WIRING_APPS or top == "zvh" else None


def privacy_feature_of(module: str) -> str | None:
    for feature in PRIVACY_FEATURES:
        if module == feature or module.startswith((feature + ".", feature + "_")):
            return feature
    return None


def is_privacy_feature(module: str) -> bool:
    return privacy_feature_of(module) is not None


def node_of(module: str) -> str | None:
    """The app, with privacy's features and their wiring counted apart from its kernel."""
    app = app_of(module)
    if app == "privacy" and (is_privacy_feature(module) or module.startswith(PRIVACY_WIRING)):
        return "privacy features"
    return app


def layer_of(module: str) -> int | None:
    app = app_of(module)
    if app is None or app == "zvh" or app in WIRING_APPS:
        return None
    if app == "privacy" and is_privacy_feature(module):
        return FEATURE
    if app == "privacy" and module.startswith(PRIVACY_WIRING):
        return FEATURE  # wiring sits with the features it wires
    return APP_LAYER[app]


def all_imports() -> list[Import]:
    return [imp for path in project_files() for imp in imports_of(path) if app_of(imp.target)]


def test_the_walk_sees_the_imports_it_judges():
    """Guard against a walk that finds nothing and so passes: known imports must be seen."""
    seen = {(i.module, i.target) for i in all_imports()}
    assert any(m.startswith("cases.") and t.startswith("privacy.") for m, t in seen)
    assert any(m.startswith("privacy.") and t.startswith("cases.models") for m, t in seen)
    assert len(seen) > 200


def test_lower_layers_never_import_upper_ones():
    wrong = []
    for imp in all_imports():
        source, target = layer_of(imp.module), layer_of(imp.target)
        if source is None or target is None or target <= source:
            continue
        if imp.module.startswith(NAMED_EXCEPTION[0] + ".") and imp.target.startswith(NAMED_EXCEPTION[1]):
            continue
        wrong.append(f"{imp.module}:{imp.line} imports {imp.target}")
    assert wrong == []


def test_no_two_apps_import_each_other_both_ways():
    edges = set()
    for imp in all_imports():
        source, target = node_of(imp.module), node_of(imp.target)
        if source and target and source != target and "zvh" not in (source, target):
            if imp.module.startswith(NAMED_EXCEPTION[0] + ".") and imp.target.startswith(NAMED_EXCEPTION[1]):
                continue
            edges.add((source, target))
    assert sorted((a, b) for a, b in edges if (b, a) in edges) == []


def test_features_import_no_other_feature_and_no_app_imports_a_privacy_feature():
    wrong = []
    for imp in all_imports():
        source_app, target_app = app_of(imp.module), app_of(imp.target)
        if source_app in (None, "zvh", "demo") or target_app == "zvh":
            continue
        own_feature = source_app == target_app and (
            privacy_feature_of(imp.module) == privacy_feature_of(imp.target) or imp.module.startswith(PRIVACY_WIRING)
        )
        if is_privacy_feature(imp.target) and not own_feature:
            wrong.append(f"{imp.module}:{imp.line} imports the privacy feature {imp.target}")
        if layer_of(imp.module) == FEATURE and layer_of(imp.target) == FEATURE and not own_feature:
            if source_app != target_app or is_privacy_feature(imp.module) != is_privacy_feature(imp.target):
                wrong.append(f"{imp.module}:{imp.line} (a feature) imports the feature {imp.target}")
    assert wrong == []


def test_notifications_import_no_domain_app():
    domain = {app for app, layer in APP_LAYER.items() if layer >= REFERENCE}
    wrong = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in all_imports()
        if app_of(i.module) == "notifications" and app_of(i.target) in domain
    ]
    assert wrong == []


def test_the_kernel_helpers_of_zvh_import_no_app():
    wrong = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in all_imports()
        if i.module in ZVH_HELPERS and app_of(i.target) not in (None, "zvh")
    ]
    assert wrong == []


def test_imports_of_another_app_inside_functions_say_why():
    hidden = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in all_imports()
        if i.in_function
        and not i.explained
        and app_of(i.target) not in (None, "zvh")
        and app_of(i.target) != app_of(i.module)
    ]
    assert hidden == []


def test_documents_kernel_imports_no_app():
    """The documents kernel (checking, scanning, storing files) serves every app that keeps
    documents; it imports no other app, only the project helpers (zvh.errors)."""
    wrong = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in all_imports()
        if app_of(i.module) == "documents" and app_of(i.target) != "documents" and not i.target.startswith(ZVH_HELPERS)
    ]
    assert wrong == []


def test_no_app_imports_a_wiring_app():
    """The API (api/) sits on top of everything: only zvh's wiring (its URLs) may import it."""
    wrong = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in all_imports()
        if app_of(i.target) in WIRING_APPS and app_of(i.module) not in (*WIRING_APPS, "zvh")
    ]
    assert wrong == []
