"""The `browser_page` fixture for every module here (tests elsewhere import it from tests.e2e.browser)."""

from tests.e2e.browser import browser_page  # noqa: F401 (fixture)
