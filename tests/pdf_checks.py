"""What every PDF we hand out must be (tests call `assert_accessible_pdf` on each kind): tagged for
screen readers (PDF/UA-1: /MarkInfo Marked, a structure tree, /Lang nl, a title shown as the window
title) and with nothing printed beside the page, as a too-wide table would be."""

import io


def text_runs_outside_the_page(reader) -> list[str]:
    """Text that starts right of the page's edge (a table wider than the page is drawn there:
    WeasyPrint does not clip), per page."""
    outside = []
    for number, page in enumerate(reader.pages, start=1):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font_dict, font_size, width=width, number=number):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            if text.strip() and x > width - 1:
                outside.append(f"p.{number} x={x:.0f} > {width:.0f}: {text.strip()[:40]}")

        page.extract_text(visitor_text=visit)
    return outside


def assert_accessible_pdf(content: bytes, *, title_starts: str):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"], "not a tagged PDF"
    assert "/StructTreeRoot" in catalog, "no structure tree"
    assert catalog["/Lang"] == "nl"
    assert reader.metadata.title and reader.metadata.title.startswith(title_starts), reader.metadata.title
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], "the viewer shows the file name, not the title"
    outside = text_runs_outside_the_page(reader)
    assert not outside, outside
    return reader
