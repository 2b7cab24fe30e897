"""Sign in through the reverse proxy as a browser would: password, then a TOTP code
(make deploy-check, docker/deploy-check.sh). Standard library only; runs on the host.

    python3 docker/deploy_check_login.py BASE_URL CA_FILE USERNAME PASSWORD TOTP_HEX_KEY

Exit status 0 when the home page is reached signed in (it offers "Uitloggen"). RESOLVE_TO=127.0.0.1
makes BASE_URL's host name resolve there (as curl --resolve), so the certificate and the Host
header carry the real site name.
"""

import hashlib
import hmac
import http.cookiejar
import os
import re
import socket
import ssl
import struct
import sys
import time
import urllib.parse
import urllib.request


def totp(hex_key: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 with SHA-1, as django-otp's TOTPDevice (its defaults)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def resolve_site_to(address: str, host: str) -> None:
    original = socket.getaddrinfo

    def getaddrinfo(name, *args, **kwargs):
        return original(address if name == host else name, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


def main(base: str, ca_file: str, username: str, password: str, key: str) -> int:
    if os.environ.get("RESOLVE_TO"):
        resolve_site_to(os.environ["RESOLVE_TO"], urllib.parse.urlsplit(base).hostname)
    context = ssl.create_default_context(cafile=ca_file)  # the proxy's certificate must verify
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
    )

    def request(path: str, data: dict | None = None, referer: str | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"User-Agent": "zvh-deploy-check"}
        if referer:
            headers.update({"Referer": base + referer, "Origin": base})
        # base is the deploy check's own https:// address.
        with opener.open(urllib.request.Request(base + path, data=body, headers=headers), timeout=20) as response:  # noqa: S310
            return response.geturl(), response.status, response.read().decode()

    url, status, html = request("/inloggen/")
    assert status == 200 and "Wachtwoord" in html, (status, url)
    url, status, html = request(
        "/inloggen/",
        {"csrfmiddlewaretoken": csrf_token(html), "username": username, "password": password},
        referer="/inloggen/",
    )
    assert "/inloggen/tweede-stap/" in url, f"password step ended on {url} ({status})"
    print(f"login: password accepted, second step at {urllib.parse.urlsplit(url).path}")
    second_step = urllib.parse.urlsplit(url)
    url, status, html = request(
        second_step.path + (f"?{second_step.query}" if second_step.query else ""),
        {"csrfmiddlewaretoken": csrf_token(html), "token": totp(key)},
        referer="/inloggen/tweede-stap/",
    )
    assert "Uitloggen" in html, f"TOTP step ended on {url} ({status}) without a sign-out button"
    print(f"login: TOTP code accepted, signed in on {urllib.parse.urlsplit(url).path} ({status})")
    secure = [cookie.name for cookie in jar if cookie.secure]
    assert "sessionid" in secure, f"session cookie not Secure: {[c.name for c in jar]}"
    print("login: session cookie is Secure")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
