"""The HTML extractor on a page written for these tests (fictional outlet and story)."""

from __future__ import annotations

import datetime

import pytest

from app.errors import InvalidInput
from app.ingest import extract_html
from tests.ingest.test_extract_text import BODY

CAPTION = "The old ferry pier at dusk, seen from the fishing quay."
NAV = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ("News", "Sport", "Weather"))
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry pier to close for repairs as islanders protest | The Lantern Gazette</title>
<meta property="og:site_name" content="The Lantern Gazette">
<meta property="og:title" content="Ferry pier to close for repairs as islanders protest">
<meta name="author" content="Marta Quill">
<meta property="article:published_time" content="2024-03-03T09:15:00+00:00">
</head><body>
<header><nav><ul>{NAV}</ul></nav><a href="/login">Sign in</a></header>
<main><article>
<h1>Ferry pier to close for repairs as islanders protest</h1>
<p class="byline">By Marta Quill</p>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<p>{BODY[0]}</p>
<p>{BODY[1]}</p>
<div class="ad">Advertisement</div>
<h2>{BODY[2]}</h2>
<p>{BODY[3]}</p>
<figure><img src="/pier.jpg" alt="The pier"><figcaption>{CAPTION}</figcaption></figure>
<p>{BODY[4]}</p>
<p>{BODY[5]}</p>
<aside class="donate"><p>Support independent journalism: please donate what you can so that
our reporters can keep covering the islands. Subscribe today.</p></aside>
</article>
<section class="related"><h3>Related articles</h3><ul>
<li><a href="/a">Island school gets a new roof</a></li>
<li><a href="/b">Bus timetable changes from April</a></li></ul></section>
<section id="comments" class="comments"><h3>12 Comments</h3>
<div class="comment"><p>This pier has been falling apart for years and everyone in the harbour
knew it, so the council should have acted much sooner than this.</p></div></section>
</main>
<footer><p>© 2024 The Lantern Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_fictional_page_body_is_only_the_story() -> None:
    got = extract_html(PAGE, url="https://gazette.example/news/ferry-pier")
    assert got.paragraphs == tuple(BODY)


def test_fictional_page_metadata() -> None:
    got = extract_html(PAGE)
    assert got.title == "Ferry pier to close for repairs as islanders protest"
    assert not got.title_derived
    assert got.byline == "Marta Quill"
    assert got.published == datetime.date(2024, 3, 3)
    assert got.site_name == "The Lantern Gazette"
    assert got.language == "en"
    assert CAPTION not in got.paragraphs


def test_figcaption_of_the_story_goes_to_captions() -> None:
    got = extract_html(PAGE)
    assert got.captions == (CAPTION,)


def _story(before: str = "", inside: str = "", after: str = "") -> str:
    """A page whose story sits in a <div> inside <article>, with figures placed around it."""
    body = "".join(f"<p>{p}</p>" for p in BODY if p != BODY[2])
    return f"""<!doctype html><html lang="en"><head><title>Ferry pier to close</title></head>
<body><header><nav><ul>{NAV}</ul></nav></header>
<main><article><h1>Ferry pier to close</h1>{before}
<div class="article-body">{body[: len(body) // 2]}{inside}{body[len(body) // 2 :]}</div>
{after}</article>
<section class="related"><h3>More news</h3>
<figure><img src="/school.jpg" alt=""><figcaption>The island school roof. (Photo: Ana Lisk)
</figcaption></figure><p><a href="/school">Island school gets a new roof</a></p></section>
</main></body></html>"""


def _figure(caption: str) -> str:
    return f'<figure><img src="/x.jpg" alt=""><figcaption>{caption}</figcaption></figure>'


def test_lead_figure_beside_the_body_is_the_story_s() -> None:
    lead = "The ferry at   the old <em>pier</em>,<br>March 2024. (Image: Harbour Office)"
    got = extract_html(_story(before=_figure(lead)))
    assert got.captions == ("The ferry at the old pier, March 2024. (Image: Harbour Office)",)
    assert got.paragraphs == tuple(p for p in BODY if p != BODY[2])


def test_figures_in_asides_and_after_the_story_are_not_the_story_s() -> None:
    inside = _figure("The pier in 1981. Photograph: Ana Lisk/Lantern Gazette")
    boxed = f"<aside>{_figure('Our reporter Marta Quill.')}</aside>"
    after = _figure("Bus timetable changes from April.")
    got = extract_html(_story(inside=inside + boxed, after=after))
    assert got.captions == ("The pier in 1981. Photograph: Ana Lisk/Lantern Gazette",)


def test_caption_inside_the_text_goes_to_captions() -> None:
    credit = "Islanders wait at the pier on Monday. (Photo: Harbour Office)"
    page = PAGE.replace(f"<p>{BODY[4]}</p>", f"<p>{credit}</p><p>{BODY[4]}</p>")
    got = extract_html(page)
    assert credit in got.captions
    assert got.paragraphs == tuple(BODY)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n  ",
        "<html><body></body></html>",
        f"<html><body><nav><ul>{NAV}</ul></nav><footer>© 2024 Someone</footer></body></html>",
    ],
)
def test_no_article_raises(html: str) -> None:
    with pytest.raises(InvalidInput, match="(?i)no article text found"):
        extract_html(html)
