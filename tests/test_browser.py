"""The interactive map in a real browser: headless Debian Chromium, network blocked.

Needs /usr/bin/chromium (Debian package ``chromium``; ``.ci/run`` installs it) and the
``playwright`` Python package (pinned). Without Chromium the test is skipped, and pytest's
summary (``-ra``) says so and why.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kzlib
from kzlib.interactive import write_spread_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="browser test skipped: no chromium on this machine "
                             "(install Debian's package: apt-get install chromium; .ci/run does)")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    return write_spread_html(tmp_path_factory.mktemp("html") / "spread_map.html")


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 820})
    log = {"requests": [], "failed": [], "errors": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else route.abort())   # the network is blocked: any other request fails
    page.goto(path.as_uri())
    page.wait_for_selector("path.unit")
    return page, log


def _set_day(page, index: int) -> None:
    page.locator("#slider").fill(str(index))   # moves the range input and fires its input event


def _colours(png: bytes) -> int:
    from io import BytesIO

    from PIL import Image

    return len(Image.open(BytesIO(png)).convert("RGB").getcolors(maxcolors=1_000_000) or [])


def test_map_opens_offline_without_errors_and_draws_every_unit_and_place(browser, page_file):
    page, log = _open(browser, page_file)
    assert log["failed"] == [] and log["errors"] == []
    assert all(u.startswith("file://") for u in log["requests"]), log["requests"]
    first = kzlib.first_seen(kzlib.load_events(), kzlib.load_places())
    assert page.locator("path.unit").count() == len(kzlib.load_regions()) == 17
    assert page.locator("circle.place").count() == len(first)
    # on 2 January only the places first reached that day are shown
    _set_day(page, 0)
    assert page.locator("#daylabel").inner_text() == "2 Jan 2022"
    shown = page.locator("circle.place:not(.off)").count()
    assert shown == int((first["first_date"] == "2022-01-02").sum())
    page.close()


def test_moving_the_slider_redraws_the_map(browser, page_file):
    page, log = _open(browser, page_file)
    _set_day(page, 0)
    day2 = page.locator("#map").screenshot()
    soe2 = page.locator("path.unit.soe").count()
    _set_day(page, 4)
    assert page.locator("#daylabel").inner_text() == "6 Jan 2022"
    day6 = page.locator("#map").screenshot()
    assert day2 != day6
    assert _colours(day2) > 20 and _colours(day6) > 20          # neither is blank
    assert soe2 == 0 and page.locator("path.unit.soe").count() == 17   # national SoE from 6 Jan
    assert "state of emergency" in page.locator("#national").inner_text()
    assert log["failed"] == [] and log["errors"] == []
    page.close()


def test_hover_shows_the_days_events_with_source_links(browser, page_file):
    page, _ = _open(browser, page_file)
    _set_day(page, 2)   # 4 January
    page.locator("circle.place[data-id=almaty]").hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert "Almaty" in text and "E0003" in text and "another account of E0003" in text
    assert tip.locator("a").count() > 0
    page.locator("path.unit[data-id=KZ-MAN]").click()
    assert "Mangystau" in page.locator("#detail").inner_text()
    page.close()


def test_a_busy_day_fits_the_window_and_a_click_lists_every_event(browser, page_file):
    """Almaty on 5 January has dozens of rows: the hover card shows four and says how many more,
    stays inside the window; a click lists them all in the side panel."""
    from kzlib.interactive import spread_html_data

    n = len(spread_html_data()["events"]["almaty"]["2022-01-05"])   # the counted events and other accounts
    assert n > 4
    page, log = _open(browser, page_file)
    _set_day(page, 3)   # 5 January
    page.locator("circle.place[data-id=almaty]").hover()
    tip = page.locator("#tip")
    text = tip.inner_text()
    assert f"Events on 5 Jan 2022 ({n})" in text and f"and {n - 4} more" in text
    assert tip.locator("li").count() == 4
    box, view = tip.bounding_box(), page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"]
    page.locator("circle.place[data-id=almaty]").click()
    assert page.locator("#detail li").count() == n and "to list them all" not in page.locator("#detail").inner_text()
    assert log["failed"] == [] and log["errors"] == []
    page.close()
