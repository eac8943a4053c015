"""The reader in a real browser: story, picker, linked twins, deep links, phone, hostile text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from app.config import Settings
from app.db import make_engine, upgrade_schema
from app.services import importer, records
from app.services.compare import compare_path
from tests.browser.conftest import save_screenshot
from tests.conftest import shared_path

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"

# Reports a CSP violation to the test by keeping it on the window.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def corpus(live_settings: Settings, server: str) -> dict[str, str]:
    """Seeds and demo corpus imported; a hostile article too. Returns name -> article id."""
    engine = make_engine(live_settings.database_url)
    upgrade_schema(engine)
    paths = [shared_path("seeds"), DEMO]
    for job in records.jobs_for_paths(paths, records.Defaults(), live_settings.max_import_bytes):
        records.run(engine, live_settings, job)
    hostile = importer.ImportRequest(
        content=(
            "<script>alert('title')</script><img src=x onerror=alert(1)> Harbour vote\n\n"
            "The harbour board voted on Monday <script>alert('body')</script> to rebuild the "
            "old pier, <a href=\"javascript:alert('link')\">officials</a> said after a long "
            "meeting that ran late into the evening.\n\n"
            "<iframe src=\"javascript:alert('frame')\"></iframe> Work will start in spring "
            "and should take two years, the board's chair said on Monday evening."
        ),
        format="text",
        outlet="<svg onload=alert('outlet')>Evil Times",
        url="javascript:alert('url')",
    )
    ids = {"hostile": importer.import_content(engine, live_settings, hostile).article.id}
    engine.dispose()
    return ids


@pytest.fixture
def page(browser: Browser, server: str, corpus: dict[str, str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page
    assert dialogs == [], f"a script ran: {dialogs}"
    assert page.evaluate("window.__cspViolations || []") == []
    context.close()


def seeds_story_url(page: Page, server: str) -> str:
    page.goto(server + "/")
    story = page.locator(".story-row", has_text="America Age").first
    expect(story).to_be_visible()
    href = story.locator("a.headline").get_attribute("href")
    assert href
    return server + href


def test_pick_two_outlets_and_follow_twins(page: Page, server: str) -> None:
    page.goto(seeds_story_url(page, server))
    save_screenshot(page, "story-seeds")
    compare_outlets(page, "TheJournal.ie", "America Age")
    save_screenshot(page, "compare-seeds")
    expect(page.locator('[data-side="a"]')).to_be_visible()
    expect(page.locator('[data-side="b"]')).to_be_visible()

    first = page.locator('[data-side="a"] mark[data-passage]').first
    passage = first.get_attribute("data-passage")
    twin = page.locator(f'[data-side="b"] mark[data-passage="{passage}"]').first
    first.hover()
    expect(twin).to_have_class(re.compile(r"\bactive\b"))

    # Click a passage further down: its twin is scrolled into view beside it.
    marks = page.locator('[data-side="a"] .col-body mark[id^="p"]')
    target = marks.nth(marks.count() - 1)
    target.scroll_into_view_if_needed()
    target.click()
    passage = target.get_attribute("data-passage")
    twin = page.locator(f'[data-side="b"] mark[data-passage="{passage}"]').first
    expect(twin).to_have_class(re.compile(r"\bselected\b"))
    expect(twin).to_be_in_viewport()
    top_a, top_b = target.bounding_box(), twin.bounding_box()
    assert top_a and top_b and abs(top_a["y"] - top_b["y"]) < 40, "twin is not lined up"
    assert page.url.endswith(f"#p{passage}")


def test_deep_link_opens_at_the_passage(page: Page, server: str, corpus: dict[str, str]) -> None:
    page.goto(seeds_story_url(page, server))
    a = page.locator("select[name=a] option").nth(0).get_attribute("value")
    b = page.locator("select[name=b] option").nth(1).get_attribute("value")
    assert a and b
    data = page.request.get(f"{server}/api{compare_path(a, b)}").json()
    assert data["passages"], "the first two seed articles share passages"
    last = data["passages"][-1]["id"]
    page.goto(f"{server}{compare_path(a, b)}#p{last}")
    anchor = page.locator(f"#p{last}")
    expect(anchor).to_be_in_viewport()
    expect(anchor).to_have_class(re.compile(r"\bselected\b"))
    expect(page.locator(f'[data-side="b"] mark[data-passage="{last}"]').first).to_be_in_viewport()
    # Keyboard: j moves to the next passage, s swaps the sides.
    page.keyboard.press("j")
    expect(page.locator(".toolbar .status")).to_contain_text("Passage")
    page.keyboard.press("s")
    page.wait_for_url(re.compile(rf"/compare/{b}/{a}"))


def test_phone_layout_has_two_tabs(browser: Browser, server: str, corpus: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(seeds_story_url(page, server))
    page.click("form.picker button[type=submit]")
    page.wait_for_url(re.compile(r"/compare/"))
    tabs = page.locator(".tabs [role=tab]")
    expect(tabs).to_have_count(2)
    expect(page.locator('[data-side="a"]')).to_be_visible()
    expect(page.locator('[data-side="b"]')).to_be_hidden()
    save_screenshot(page, "compare-phone")
    tabs.nth(1).click()
    expect(page.locator('[data-side="b"]')).to_be_visible()
    expect(page.locator('[data-side="a"]')).to_be_hidden()
    context.close()


def test_hostile_article_renders_inert(page: Page, server: str, corpus: dict[str, str]) -> None:
    page.goto(f"{server}/articles/{corpus['hostile']}")
    expect(page.locator("h1")).to_contain_text("<script>")
    assert page.locator("article script, article img, article iframe, article svg").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    save_screenshot(page, "article-hostile")
    page.goto(server + "/")
    page.goto(f"{server}/outlets")
    expect(page.locator("body")).to_contain_text("Evil Times")
    # Compared with a seed, in the reader: still inert.
    other = page.request.get(f"{server}/api/articles").json()["items"][0]["id"]
    page.goto(f"{server}{compare_path(corpus['hostile'], other)}")
    expect(page.locator('[data-side="a"] h2')).to_contain_text("<script>")


def test_demo_story_and_home_screenshots(page: Page, server: str) -> None:
    page.goto(server + "/")
    save_screenshot(page, "home")
    page.locator(".story-row a.headline", has_text="viaduct").first.click()
    save_screenshot(page, "story-demo")
    page.click("form.picker button[type=submit]")
    page.wait_for_url(re.compile(r"/compare/"))
    expect(page.locator("mark ins").first).to_be_attached()
    save_screenshot(page, "compare-demo")


@pytest.fixture
def phone(browser: Browser, server: str, corpus: dict[str, str]) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    yield page
    assert page.evaluate("window.__cspViolations || []") == []
    context.close()


def compare_outlets(page: Page, left: str, right: str) -> None:
    """On a story page, pick two outlets in the picker and open their comparison."""
    for side, outlet in (("a", left), ("b", right)):
        value = page.locator(f"select[name={side}] option", has_text=outlet).get_attribute("value")
        assert value
        page.select_option(f"select[name={side}]", value=value)
    page.click("form.picker button[type=submit]")
    page.wait_for_url(re.compile(r"/compare/\w+/\w+\?v=[\w.-]+$"))


def open_journal_against_age(page: Page, server: str) -> None:
    page.goto(seeds_story_url(page, server))
    compare_outlets(page, "TheJournal.ie", "America Age")


def test_phone_tap_on_a_passage_opens_its_twin_on_the_other_tab(phone: Page, server: str) -> None:
    open_journal_against_age(phone, server)
    marks = phone.locator('[data-side="a"] .col-body mark[id^="p"]')
    mark = marks.nth(marks.count() - 1)
    passage = mark.get_attribute("data-passage")
    mark.scroll_into_view_if_needed()
    mark.tap()
    tabs = phone.locator(".tabs [role=tab]")
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(phone.locator('[data-side="a"]')).to_be_hidden()
    twin = phone.locator(f'[data-side="b"] mark[data-passage="{passage}"]').first
    expect(twin).to_be_in_viewport()
    save_screenshot(phone, "compare-phone-twin")
    twin.tap()  # and back
    expect(tabs.nth(0)).to_have_attribute("aria-selected", "true")
    expect(
        phone.locator(f'[data-side="a"] mark[data-passage="{passage}"]').first
    ).to_be_in_viewport()


def test_no_page_scrolls_sideways_on_a_phone(
    phone: Page, server: str, corpus: dict[str, str]
) -> None:
    story = seeds_story_url(phone, server)
    phone.goto(story)
    phone.click("form.picker button[type=submit]")
    phone.wait_for_url(re.compile(r"/compare/"))
    compare = phone.url
    paths = {
        "home": server + "/",
        "story": story,
        "compare": compare,
        "quotes": story + "/quotes",
        "article": f"{server}/articles/{corpus['hostile']}",
        "outlets": server + "/outlets",
        "search": server + "/search?q=Putin",
        "import": server + "/import",
    }
    for name, url in paths.items():
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide at 390 px"
        save_screenshot(phone, f"phone-{name}")


def test_same_facts_in_other_words_are_linked_and_shared_text_fades(
    page: Page, server: str
) -> None:
    """Northline News wrote its own report of the wire's facts: its same-fact passages
    are marked apart from copy, linked to their twins, and fade with everything shared."""
    page.goto(server + "/")
    page.locator(".story-row a.headline", has_text="viaduct").first.click()
    compare_outlets(page, "Northline News", "Continental Press")
    same = page.locator('[data-side="a"] mark.k-paraphrase')
    expect(same.first).to_be_visible()
    assert same.first.evaluate("e => getComputedStyle(e).textDecorationStyle") == "wavy"
    copied = page.locator('[data-side="a"] mark.k-near').first
    assert copied.evaluate("e => getComputedStyle(e).textDecorationStyle") == "dashed"
    passage = same.first.get_attribute("data-passage")
    twin = page.locator(f'[data-side="b"] mark[data-passage="{passage}"]').first
    same.first.hover()
    expect(twin).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator('[data-side="a"] mark.k-paraphrase b.both').first).to_be_visible()
    save_screenshot(page, "compare-same-facts")
    page.keyboard.press("f")
    expect(page.locator("[data-compare]")).to_have_class(re.compile(r"\bfaded\b"))
    expect(page.locator('button[data-action="fade"]')).to_have_attribute("aria-pressed", "true")
    save_screenshot(page, "compare-faded")


def test_only_in_one_outlet_dims_the_rest_of_that_column_alone(page: Page, server: str) -> None:
    """Each column's "Only in" toggle dims what the other outlet reports too in that column,
    leaving its own facts in full; the other column, the twins and the keys carry on."""
    page.goto(server + "/")
    page.locator(".story-row a.headline", has_text="viaduct").first.click()
    compare_outlets(page, "Northline News", "Continental Press")
    expect(page.locator(".facts-line")).to_contain_text("Both report")
    only_a = page.locator('.only-toggle[data-only="a"]')
    only_b = page.locator('.only-toggle[data-only="b"]')
    expect(only_a).to_be_visible()
    expect(only_a).to_have_attribute("aria-pressed", "false")
    copied_a = page.locator('[data-side="a"] mark.k-near').first
    copied_b = page.locator('[data-side="b"] mark.k-near').first
    own_a = page.locator('[data-side="a"] .col-body span.only').first

    def look(el: Locator) -> tuple[str, str]:
        return el.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")

    before_a, before_b, own_before = look(copied_a), look(copied_b), look(own_a)
    only_a.click()
    expect(only_a).to_have_attribute("aria-pressed", "true")
    expect(only_b).to_have_attribute("aria-pressed", "false")
    expect(page.locator('[data-side="a"]')).to_have_class(re.compile(r"\bonly-on\b"))
    page.mouse.move(0, 0)
    dimmed = look(copied_a)
    assert dimmed[0] != before_a[0], "shared text keeps its colour"
    assert dimmed[1] == "rgba(0, 0, 0, 0)", "shared text keeps its fill"
    assert look(copied_b) == before_b, "the other column changed too"
    assert look(own_a)[0] == own_before[0], "a fact only this outlet reports was dimmed"
    save_screenshot(page, "compare-only-in-a")
    # Twins still light up and line up from the dimmed column.
    passage = copied_a.get_attribute("data-passage")
    copied_a.hover()
    expect(page.locator(f'[data-side="b"] mark[data-passage="{passage}"]').first).to_have_class(
        re.compile(r"\bactive\b")
    )
    page.keyboard.press("j")
    expect(page.locator(".toolbar .status")).to_contain_text("Passage")
    # The keyboard reaches the toggle; pressing it again undoes it.
    only_b.focus()
    page.keyboard.press("Enter")
    expect(only_b).to_have_attribute("aria-pressed", "true")
    only_a.focus()
    page.keyboard.press("Space")
    expect(only_a).to_have_attribute("aria-pressed", "false")
    expect(page.locator('[data-side="a"]')).not_to_have_class(re.compile(r"\bonly-on\b"))
    page.mouse.move(0, 0)
    assert look(copied_a) == before_a


def test_without_javascript_the_filters_stay_out_of_sight(
    browser: Browser, server: str, corpus: dict[str, str]
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.goto(seeds_story_url(page, server))
    page.click("form.picker button[type=submit]")
    page.wait_for_url(re.compile(r"/compare/"))
    expect(page.locator(".facts-line")).to_contain_text("Both report")
    expect(page.locator(".only-toggle")).to_have_count(2)
    expect(page.locator(".only-toggle").first).to_be_hidden()
    own = page.locator(".col-body span.only").first
    assert own.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    context.close()
