"""Lighthouse (mobile: a throttled phone, 412 px) on the running demo's main pages, logged in.
Not part of the suite: scores depend on the machine. Lighthouse is not a project dependency:

    npm i -E --prefix /tmp/lh lighthouse@12.2.3        # 13 wants Node 22
    env -u DATABASE_URL .venv/bin/python manage.py runserver 127.0.0.1:8000 --noreload --nostatic
    CHROME_PATH=/usr/bin/chromium .venv/bin/python bench/lighthouse.py /tmp/demo.json \\
        --lighthouse /tmp/lh/node_modules/.bin/lighthouse

(--nostatic: WhiteNoise serves the static files, as in production.) Prints performance,
accessibility and best-practices scores per page, and what costs points.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phone_widths import login  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = {
    "regisseur1": ["/", "/casussen/", "/aanmeldingen/triage/", "/programmas/dashboard/"],
    "privacy": ["/privacy/toegangslog/", "/privacy/bewaartermijnen/"],
}
CATEGORIES = ["performance", "accessibility", "best-practices"]


def session_cookie(base, user):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        context = browser.new_context()
        page = context.new_page()
        login(page, base, user)
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        browser.close()
    return cookies


def audit(lighthouse, url, cookie):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(  # noqa: S603 (our own arguments)
            [lighthouse, url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}", f"--extra-headers={json.dumps({'Cookie': cookie})}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            check=True, timeout=300,
        )  # fmt: skip
        report = json.loads(out.read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [
        f"{a['id']} ({a.get('displayValue', '')})"
        for c in CATEGORIES
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] and (a := report["audits"][ref["id"]])["score"] is not None and a["score"] < 0.9
    ]
    return scores, report["audits"]["total-byte-weight"]["numericValue"], failing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--lighthouse", default="lighthouse")
    args = parser.parse_args()
    manifest = json.loads(Path(args.manifest).read_text())
    users = {u["username"]: u for u in manifest["users"]}
    base = manifest["login_url"].rsplit("/inloggen/", 1)[0]
    for username, paths in PAGES.items():
        cookie = session_cookie(base, users[username])
        for path in paths:
            scores, weight, failing = audit(args.lighthouse, base + path, cookie)
            line = " ".join(f"{c} {scores[c]:3}" for c in CATEGORIES)
            print(f"{path:28} {line}  {weight / 1024:4.0f} KB  {', '.join(failing)}", flush=True)


if __name__ == "__main__":
    main()
