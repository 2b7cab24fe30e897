"""The NL Design System CSS the pages get (static/css/nlds.css) is the subset scripts/build_css.py
makes of the npm packages: current with the templates, and holding every Utrecht class they use."""

import importlib.util
import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def build_css():
    spec = importlib.util.spec_from_file_location("build_css", BASE_DIR / "scripts" / "build_css.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def classes_in(css: str) -> set[str]:
    return set(re.findall(r"\.(utrecht-[a-zA-Z0-9_-]+)", css))


def test_the_shipped_css_is_what_the_script_builds_from_the_templates():
    module = build_css()
    assert module.OUTPUT.read_text(encoding="utf-8") == module.build(), "run scripts/build_css.py"


def test_every_utrecht_class_the_templates_use_is_shipped():
    module = build_css()
    used, _prefixes = module.used_classes()
    library = classes_in(module.UTRECHT_CSS.read_text(encoding="utf-8"))
    shipped = classes_in(module.OUTPUT.read_text(encoding="utf-8"))
    assert (used & library) - shipped == set()
    # The subset is a fraction of the library the pages no longer download.
    assert module.OUTPUT.stat().st_size < 0.3 * (module.UTRECHT_CSS.stat().st_size + module.TOKENS_CSS.stat().st_size)


def test_pages_link_the_subset_not_the_whole_library():
    for template in ("base.html", "500.html"):
        html = (BASE_DIR / "templates" / template).read_text(encoding="utf-8")
        assert "nlds.css" in html and "vendor/utrecht" not in html and "vendor/tokens" not in html
