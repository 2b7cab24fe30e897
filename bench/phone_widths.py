"""Page widths on a phone (320 CSS px, phone emulation as Lighthouse and real phones render): logs
in to the running demo as each role, visits the main pages and prints each page's scrollWidth and
the elements that stick out. The same check runs in the suite (tests/e2e/test_phone_widths_browser.py);
this script is for looking at the demo's real data.

    env -u DATABASE_URL .venv/bin/python manage.py seed_demo --manifest /tmp/demo.json --base-url http://127.0.0.1:8000
    .venv/bin/python bench/phone_widths.py /tmp/demo.json [--shots DIR]
"""

import argparse
import base64
import hashlib
import hmac
import json
import re
import struct
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROLES = ["regisseur1", "politie1", "manager", "privacy", "beheer"]
WIDTH = 320

# The elements wider than the viewport, deepest first: what to fix.
OVERFLOW_JS = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && getComputedStyle(el).position !== 'fixed') {
      const scroller = el.closest('.zvh-scroll, [data-scroll]');
      if (scroller && scroller !== el) continue;
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(-8);
}"""


def totp(secret: str, step: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


_used_steps = {}


def login(page, base, user):
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user["username"])
    page.get_by_label("Wachtwoord").fill(user["password"])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/tweede-stap/**")
    step = int(time.time()) // 30
    while _used_steps.get(user["username"]) == step:  # a code counts once: wait for the next one
        time.sleep(1)
        step = int(time.time()) // 30
    _used_steps[user["username"]] = step
    page.get_by_label("Code").fill(totp(user["totp_secret"], step))
    page.get_by_role("button", name="Verifiëren").click()
    page.wait_for_url(f"{base}/")


def main_pages(page, base):
    """The menu's pages, plus the first case, its plan and meeting, and the first triage decision."""
    urls = [base + "/"]
    menu = page.eval_on_selector_all("nav[aria-label=Hoofdmenu] a", "links => links.map(a => a.getAttribute('href'))")
    urls += [base + href for href in menu]
    extra = []
    for list_url, pattern in (
        ("/casussen/", r'href="(/casussen/ZVH-[^/"]+/)"'),
        ("/aanmeldingen/triage/", r'href="(/aanmeldingen/[^/"]+/beoordelen/)"'),
    ):
        if base + list_url in urls:
            page.goto(base + list_url)
            found = re.findall(pattern, page.content())
            if found:
                extra.append(base + found[0])
    for url in list(extra):
        if "/casussen/" in url:
            page.goto(url)
            html = page.content()
            for pattern in (r'href="(/casussen/[^"]+/plan/)"', r'href="(/casussen/[^"]+/overleg/\d+/)"'):
                found = re.findall(pattern, html)
                if found:
                    extra.append(base + found[0])
    return list(dict.fromkeys(urls + extra))


def run(manifest, shots):
    users = {u["username"]: u for u in manifest["users"]}
    base = manifest["login_url"].rsplit("/inloggen/", 1)[0]
    worst = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for role in ROLES:
            context = browser.new_context(viewport={"width": WIDTH, "height": 640}, is_mobile=True,
                                          has_touch=True, device_scale_factor=2, locale="nl-NL")  # fmt: skip
            page = context.new_page()
            login(page, base, users[role])
            for url in main_pages(page, base):
                page.goto(url)
                width = page.evaluate("document.documentElement.scrollWidth")
                worst = max(worst, width)
                path = url[len(base) :]
                flag = "OK " if width <= WIDTH else "TOO WIDE"
                print(f"{role:11} {width:5} {flag} {path}")
                if width > WIDTH:
                    for line in page.evaluate(OVERFLOW_JS, WIDTH):
                        print("                 ", line)
                if shots:
                    name = re.sub(r"[^a-z0-9]+", "-", f"{role}{path}".lower()).strip("-")
                    page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
            context.close()
        browser.close()
    print(f"widest page: {worst} px (viewport {WIDTH})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--shots")
    args = parser.parse_args()
    if args.shots:
        Path(args.shots).mkdir(parents=True, exist_ok=True)
    run(json.loads(Path(args.manifest).read_text()), args.shots)
