"""PDF documents with WeasyPrint, in one place: every PDF goes through `html_to_pdf`.

WeasyPrint fetches whatever a document names (`file://` included), so it only ever gets
`static_url_fetcher`, which serves our own static files and refuses everything else; the base URL
is an address that cannot resolve. WeasyPrint is imported lazily (it costs ~0.8 s at import)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# A base URL that can never resolve (.invalid is reserved): relative links in the PDF template
# resolve against it, and the fetcher below serves only its /static/ path from our own files.
PDF_BASE_URL = "https://zvh-pdf.invalid/"
_PDF_ORIGIN = urlsplit(PDF_BASE_URL)


def _static_file(name: str) -> Path | None:
    """Our own static file `name` (relative to STATIC_URL), from STATIC_ROOT (collected, hashed
    names in production) or else the staticfiles finders (development, tests)."""

    clean = posixpath.normpath(name)
    if clean.startswith(("/", "..")) or "/../" in f"/{clean}/" or "\\" in clean or "\x00" in clean:
        return None
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / clean).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    found = finders.find(clean)
    return Path(found) if found else None


def static_only_fetch(url: str) -> tuple[bytes, str]:
    """Return (content, mime type) for one of our static files; refuse every other URL
    (file://, http(s):// elsewhere, data: and anything else)."""
    parts = urlsplit(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (
        parts.scheme != _PDF_ORIGIN.scheme
        or parts.netloc != _PDF_ORIGIN.netloc
        or not parts.path.startswith(static_prefix)
    ):
        raise PermissionError(f"De PDF mag alleen eigen statische bestanden laden, niet {url[:100]}")
    path = _static_file(unquote(parts.path[len(static_prefix) :]))
    if path is None:
        raise FileNotFoundError(f"Geen statisch bestand: {parts.path[:100]}")
    mime = {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
    }.get(path.suffix.lower(), "application/octet-stream")
    return path.read_bytes(), mime


_fetcher_class = None


def static_url_fetcher():
    """A WeasyPrint URL fetcher that serves only our static files. WeasyPrint fetches whatever a
    document names, `file://` included, so it never gets its default fetcher here. Built lazily:
    importing WeasyPrint costs ~0.8 s."""
    global _fetcher_class
    if _fetcher_class is None:
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class StaticOnlyURLFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                content, mime = static_only_fetch(url)
                return URLFetcherResponse(url, content, {"Content-Type": mime})

        _fetcher_class = StaticOnlyURLFetcher
    return _fetcher_class(allowed_protocols=["https"])


# Every PDF is tagged (PDF/UA-1: structure tree, /MarkInfo Marked, /Lang from <html lang>, the
# title from <title> shown as the window title) so screen readers can read it (WCAG 2.1, EN 301 549
# ch. 10). tests/test_pdf_accessibility.py checks each kind of PDF.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, *, variant: str = PDF_VARIANT) -> bytes:
    """A tagged PDF of `html` (a template with <html lang="nl"> and a <title>)."""
    import weasyprint  # lazily: ~0.8 s at import

    document = weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_url_fetcher())
    return document.write_pdf(pdf_variant=variant)
