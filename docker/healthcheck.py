"""Container health check for the web service: GET /gezondheid/ on the local gunicorn.

Standard library only (the slim image has no curl). Exit status 0 when the app answers
200 {"status": "ok"} (the view runs a database query first), 1 otherwise; the reason is printed,
and Docker keeps it in `docker inspect` under State.Health.

Two production settings would turn a healthy app into a failing probe if we simply fetched
http://127.0.0.1:8000/gezondheid/:

* ALLOWED_HOSTS: Django answers 400 to a Host header it does not know, and "127.0.0.1" is
  usually not in a production list. The probe sends the first host from ALLOWED_HOSTS.
* SECURE_SSL_REDIRECT: plain HTTP gets a 301 to https://. The probe talks to gunicorn directly,
  just as the TLS-terminating proxy does, and says so with X-Forwarded-Proto: https; on top of
  that production exempts /gezondheid/ from the redirect. Redirects are never followed, so a
  redirect is reported as unhealthy instead of being chased to the outside world.

Environment: ALLOWED_HOSTS (as for Django), HEALTHCHECK_PORT (default 8000),
HEALTHCHECK_TIMEOUT (seconds, default 5).
"""

import http.client
import json
import os
import sys

PATH = "/gezondheid/"


def probe_host(allowed_hosts: str | None) -> str:
    """A Host header value that Django's ALLOWED_HOSTS (comma separated, as in the env var) accepts."""
    for entry in (allowed_hosts or "").split(","):
        host = entry.strip()
        if not host:
            continue
        if host == "*":
            return "localhost"
        # ".example.nl" allows example.nl and every subdomain.
        return host[1:] if host.startswith(".") else host
    # Settings default (zvh/settings/base.py) when ALLOWED_HOSTS is unset.
    return "localhost"


def check(port: int, host: str, timeout: float) -> tuple[bool, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "GET",
            PATH,
            headers={"Host": host, "X-Forwarded-Proto": "https", "User-Agent": "zvh-healthcheck"},
        )
        response = connection.getresponse()
        body = response.read(4096)
    except OSError as exc:
        return False, f"no answer from 127.0.0.1:{port}: {exc}"
    finally:
        connection.close()
    if response.status != 200:
        location = response.getheader("Location")
        extra = f" (Location: {location})" if location else ""
        return False, f"GET {PATH} with Host {host!r} answered {response.status}{extra}"
    try:
        status = json.loads(body).get("status")
    except (ValueError, AttributeError):
        status = None
    if status != "ok":
        return False, f"GET {PATH} answered 200 but not {{'status': 'ok'}}: {body[:200]!r}"
    return True, "ok"


def main() -> int:
    port = int(os.environ.get("HEALTHCHECK_PORT", "8000"))
    timeout = float(os.environ.get("HEALTHCHECK_TIMEOUT", "5"))
    healthy, reason = check(port, probe_host(os.environ.get("ALLOWED_HOSTS")), timeout)
    print(reason)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
