"""Pages go out compressed to a browser that accepts it (GZipMiddleware), differently padded each
time so the compressed length does not reveal the CSRF token (BREACH; Django masks the token per
response too)."""

import gzip

from django.urls import reverse

from tests.auth import login


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, regisseur, case):
    login(client, regisseur)
    plain = client.get(reverse("cases:detail", args=[case.reference]))
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    packed = client.get(reverse("cases:detail", args=[case.reference]), headers={"accept-encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert case.reference in html and "</html>" in html
    assert len(packed.content) < len(plain.content) / 3


def test_the_compressed_length_varies_between_identical_requests(client):
    lengths = {len(client.get(reverse("login"), headers={"accept-encoding": "gzip"}).content) for _ in range(5)}
    assert len(lengths) > 1
