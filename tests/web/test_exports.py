"""Downloads: comparison JSON/CSV/HTML, story JSON, the corpus as streamed JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.align import Alignment, AlignParams, AlignStats, DiffOp, Passage, Span
from app.models import Article
from app.services import exports
from app.services.compare import ANALYSIS_VERSION, Compared
from tests.web.conftest import engine_of

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "corpus"


@pytest.fixture
def demo_ids(demo_corpus: dict[str, str]) -> dict[str, str]:
    return demo_corpus


@pytest.fixture
def pair(demo_ids: dict[str, str]) -> tuple[str, str]:
    return demo_ids["Continental Press"], demo_ids["The Harbour Courier"]


def test_comparison_json_is_the_api_shape(client: TestClient, pair: tuple[str, str]) -> None:
    a, b = pair
    response = client.get(f"/compare/{a}/{b}.json")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        f'attachment; filename="parallax-{a}-{b}.json"'
    )
    assert response.json() == client.get(f"/api/compare/{a}/{b}").json()


def test_comparison_csv_has_one_row_per_passage(client: TestClient, pair: tuple[str, str]) -> None:
    a, b = pair
    api = client.get(f"/api/compare/{a}/{b}").json()
    response = client.get(f"/compare/{a}/{b}.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(exports.CSV_COLUMNS)
    assert sorted(int(r["id"]) for r in rows) == sorted(p["id"] for p in api["passages"])
    body_a, body_b = api["a"]["body"], api["b"]["body"]
    by_id = {p["id"]: p for p in api["passages"]}
    for row in rows:
        passage = by_id[int(row["id"])]
        assert row["kind"] == passage["kind"]
        assert abs(float(row["similarity"]) - passage["similarity"]) < 1e-4
        a_span = [int(row["a_start"]), int(row["a_end"])]
        b_span = [int(row["b_start"]), int(row["b_end"])]
        assert a_span == passage["a"] and b_span == passage["b"]
        assert row["a_text"] == body_a[a_span[0] : a_span[1]]
        assert row["b_text"] == body_b[b_span[0] : b_span[1]]
        if passage["kind"] == "verbatim":
            assert row["edits"] == ""
    assert any(r["edits"] for r in rows if r["kind"] == "near")


def test_csv_cells_never_start_a_formula() -> None:
    body = '=HYPERLINK("http://evil.example","x")\n\n-2+3 @SUM(A1)\n\nplain text'

    def article(article_id: str) -> Article:
        return Article(
            id=article_id,
            outlet_id=1,
            title="t",
            source="text",
            raw=b"",
            paragraphs=body.split("\n\n"),
            captions=[],
            content_hash=article_id,
            lineage_id=article_id,
        )

    first, second = len(body.split("\n\n")[0]), body.index("-2")
    passages = (
        Passage(1, "verbatim", Span(0, first), Span(0, first), 1.0, ()),
        Passage(
            2,
            "near",
            Span(second, len(body)),
            Span(second, len(body)),
            0.9,
            (
                DiffOp("delete", Span(second, second + 2), None),
                DiffOp("insert", None, Span(second, second + 2)),
            ),
        ),
    )
    stats = AlignStats(0, 0, 0.0, 0.0, 1, 1, 0, 0)
    compared = Compared(
        a=article("aaaaaaaaaaaa"),
        b=article("bbbbbbbbbbbb"),
        alignment=Alignment(passages, stats, AlignParams()),
    )
    rows = list(csv.reader(io.StringIO(exports.comparison_csv(compared).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row[7:10]]  # texts and edits
    assert cells[0] == "'" + body[:first] and cells[3].startswith("'-2+3")
    assert [row[10] for row in rows[1:]] == ["", ""]  # no speaker named
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert rows[2][9] == "“-2” → “-2”"
    assert exports.safe_cell("@cmd") == "'@cmd" and exports.safe_cell("ok =1") == "ok =1"


def test_html_export_is_self_contained(client: TestClient, pair: tuple[str, str]) -> None:
    a, b = pair
    passages = client.get(f"/api/compare/{a}/{b}").json()["passages"]
    response = client.get(f"/compare/{a}/{b}.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="parallax-{a}-{b}.html"'
    )
    html = response.text
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "<style>" in html and "--verbatim" in html  # the stylesheet, inlined
    assert "@import" not in html and "url(" not in html
    col_a, col_b = html.index('data-side="a"'), html.index('data-side="b"')
    gutter = html.index('class="gutter"')
    for passage in passages:
        marker = f'data-passage="{passage["id"]}"'
        assert col_a < html.index(marker, col_a) < gutter
        assert html.find(marker, col_b) > col_b
    assert "<del>" in html and "<ins>" in html
    # The only links: in-page anchors and the articles' own http(s) addresses.
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("#", "https://", "http://")), href


def test_html_export_escapes_hostile_text(client: TestClient) -> None:
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> & </style>'
    shared = f"The council said {hostile} in a statement on Monday about the new harbour wall."
    ids = []
    for outlet, url in (("<b>Evil</b> Times", "javascript:alert(3)"), ("Fair Post", None)):
        payload = {
            "text": f"Headline {hostile}\n\n{shared}\n\nA second paragraph that both share here.",
            "outlet": outlet,
            "url": url,
        }
        response = client.post("/api/articles", json=payload)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    html = client.get(f"/compare/{ids[0]}/{ids[1]}.html").text
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert html.count("</style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html


def test_comparison_downloads_do_not_shadow_the_page(
    client: TestClient, pair: tuple[str, str]
) -> None:
    a, b = pair
    page = client.get(f"/compare/{a}/{b}")
    assert page.status_code == 200
    for suffix in ("html", "csv", "json"):
        assert f'href="/compare/{a}/{b}.{suffix}?v={ANALYSIS_VERSION}"' in page.text
    assert client.get(f"/compare/{a}/zzzzzzzzzzzz.csv").status_code == 404


def test_story_json(client: TestClient, pair: tuple[str, str]) -> None:
    story_id = client.get(f"/api/articles/{pair[0]}").json()["story_id"]
    response = client.get(f"/stories/{story_id}.json")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        f'attachment; filename="parallax-story-{story_id}.json"'
    )
    data = response.json()
    records_ = data.pop("records")
    assert data == client.get(f"/api/stories/{story_id}").json()
    assert [r["id"] for r in records_] == [row["article"]["id"] for row in data["articles"]]
    for record in records_:
        assert record == client.get(f"/api/articles/{record['id']}").json()
    page = client.get(f"/stories/{story_id}")
    assert page.status_code == 200 and f'href="/stories/{story_id}.json"' in page.text
    assert client.get("/stories/999.json").status_code == 404


def test_corpus_streams_as_json_lines(client: TestClient, demo_ids: dict[str, str]) -> None:
    with client.stream("GET", "/api/export.jsonl") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        assert "parallax-corpus.jsonl" in response.headers["content-disposition"]
        lines = list(response.iter_lines())
    rows = [json.loads(line) for line in lines if line]
    total = client.get("/api/articles", params={"per_page": 50}).json()["total"]
    assert len(rows) == total + 1  # every revision: Northline's first revision too
    assert [r["revision"] for r in rows if r["outlet"] == "Northline News"] == [1, 2]
    assert set(demo_ids.values()) <= {r["id"] for r in rows}
    stamps = [r["imported_at"] for r in rows]
    assert stamps == sorted(stamps)
    # Paging changes nothing: a page of two reads the same records as one big page.
    engine = engine_of(client)
    assert list(exports.corpus_records(engine, page_size=2)) == rows
