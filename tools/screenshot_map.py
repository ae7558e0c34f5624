"""Screenshot figures/spread_map.html in headless Chromium for the README (a curator's tool).

Usage: python tools/screenshot_map.py [DAY_INDEX]   (default 4 = 6 January)
Writes docs/spread_map_html.png. Needs Debian's chromium and the pinned playwright.
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND"]


def main(day: int = 4) -> None:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = b.new_page(viewport={"width": 1300, "height": 720})
        page.goto((ROOT / "figures" / "spread_map.html").as_uri())
        page.locator("#slider").fill(str(day))
        page.locator("circle.place[data-id=almaty]").hover()
        out = ROOT / "docs" / "spread_map_html.png"
        page.screenshot(path=str(out))
        b.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
