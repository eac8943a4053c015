"""Across the corpus in a real browser: story overview, quote tracker, search."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.config import Settings
from app.db import make_engine, upgrade_schema
from app.services import records
from tests.browser.conftest import save_screenshot
from tests.browser.test_reader import WATCH_CSP
from tests.conftest import shared_path

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"


@pytest.fixture(scope="module")
def corpus(live_settings: Settings, server: str) -> None:
    engine = make_engine(live_settings.database_url)
    upgrade_schema(engine)
    paths = [shared_path("seeds"), DEMO]
    for job in records.jobs_for_paths(paths, records.Defaults(), live_settings.max_import_bytes):
        records.run(engine, live_settings, job)
    engine.dispose()


@pytest.fixture
def page(browser: Browser, server: str, corpus: None) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    yield page
    assert page.evaluate("window.__cspViolations || []") == []
    context.close()


def open_viaduct_story(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.locator(".story-row a.headline", has_text="viaduct").first.click()
    expect(page.locator("h1")).to_contain_text("viaduct")


def test_story_overview_matrix_leads_to_comparisons(page: Page, server: str) -> None:
    open_viaduct_story(page, server)
    matrix = page.locator("table.matrix")
    expect(matrix).to_be_visible()
    expect(page.locator(".common li").first).to_contain_text("carried by")
    expect(page.locator(".own-grid .own")).to_have_count(5)
    save_screenshot(page, "story-overview")
    cell = matrix.locator("td a").first
    share = cell.locator(".copied").inner_text()
    cell.click()
    page.wait_for_url(re.compile(r"/compare/\w+/\w+\?v=[\w.-]+$"))
    figure = page.locator('[data-side="a"] .col-head .meta strong').inner_text()
    assert figure == share  # the cell's figure is the share the comparison shows


def test_quote_tracker_shows_versions(page: Page, server: str) -> None:
    open_viaduct_story(page, server)
    page.locator("a", has_text="Quote tracker").click()
    page.wait_for_url(re.compile(r"/quotes$"))
    group = page.locator(".quote-group", has_text="Tobias Wren").first
    expect(group).to_be_visible()
    expect(group.locator("tbody tr")).to_have_count(5)
    expect(group.locator(".verdict", has_text="trimmed")).to_have_count(1)
    expect(group.locator("del").first).to_be_attached()
    save_screenshot(page, "quote-tracker")


def test_search_from_the_header(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.locator("header input[name=q]").fill('"joint statement" NATO')
    page.locator("header input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    results = page.locator("main mark")
    expect(results.first).to_be_visible()
    save_screenshot(page, "search")
    page.locator("header input[name=q]").fill('"unbalanced AND ( NEAR( *')
    page.locator("header input[name=q]").press("Enter")
    expect(page.locator("h1")).to_be_visible()
    assert "Traceback" not in page.content()
