"""The API page in a real browser: Swagger UI readable in light and dark mode, no app styles."""

from __future__ import annotations

from typing import Literal

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import save_screenshot

# The WCAG contrast ratio of an element's text against the background it shows on.
LUMINANCE = """(selector) => {
  const el = document.querySelector(selector);
  const parse = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const channel = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const lum = (rgb) => rgb.map(channel).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(el);
  let bg = el, back = style.backgroundColor;
  while (bg && (back === "rgba(0, 0, 0, 0)" || back === "transparent")) {
    bg = bg.parentElement;
    back = bg ? getComputedStyle(bg).backgroundColor : "rgb(255, 255, 255)";
  }
  const a = lum(parse(style.color)), b = lum(parse(back));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_docs_are_readable_without_the_apps_styles(
    browser: Browser, server: str, scheme: Literal["light", "dark"]
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + "/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    sheets = page.evaluate("[...document.styleSheets].map((s) => s.href || '')")
    assert not any("/static/css/app" in href for href in sheets)
    for selector in (".info .title", ".opblock-summary-path", ".opblock-tag", ".docs-head"):
        contrast = page.evaluate(LUMINANCE, selector)
        assert contrast >= 4.5, f"{selector} has contrast {contrast:.1f} in {scheme} mode"
    save_screenshot(page, f"docs-{scheme}")
    context.close()
